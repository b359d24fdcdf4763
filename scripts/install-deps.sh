#!/usr/bin/env bash
# Installs the Debian 12 packages vnsearch needs (only those missing). Nothing is downloaded
# from anywhere else. The default list builds vnsearch (libmicrohttpd for `vnsearch serve`) and
# runs the whole test suite (every tool a test calls is in it: bats, python3, curl, xapian-check
# from xapian-tools, and pybind11, python3-dev and pytest for the Python module and its tests).
# Pass --bench to add what the benchmarks use, --dev for the fuzzers and clang-format, --python
# for building the Python wheel with pip, --browser for the browser test of the web page
# (Chromium, and Node.js with npm unless an npm is already installed: a NodeSource node bundles
# its own npm, which Debian's npm package conflicts with).
set -euo pipefail
packages=(build-essential cmake pkg-config libicu-dev libxapian-dev libcli11-dev libfmt-dev
          doctest-dev nlohmann-json3-dev libzstd-dev zlib1g-dev libmicrohttpd-dev bats zstd python3
          xapian-tools curl pybind11-dev python3-dev python3-pytest)
for arg in "$@"; do
    case "$arg" in
        --bench) packages+=(libbenchmark-dev icu-devtools hyperfine python3-xapian sqlite3 time wrk) ;;
        --dev) packages+=(clang-14 libclang-rt-14-dev clang-format git) ;;
        --browser)
            packages+=(chromium)
            command -v npm >/dev/null || packages+=(nodejs npm)
            ;;
        --python) packages+=(python3-pip python3-setuptools python3-wheel python3-venv) ;;
        *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-deps.sh: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
