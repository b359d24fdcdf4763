#!/usr/bin/env bash
# The main job in one command: install what is missing, build, index the bundled sample articles
# and search them. Extra arguments are the query (default: "kinh tế").
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DVNSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" --target vnsearch_cli
vnsearch=build/release/vnsearch
db=build/sample-index
query=${*:-kinh tế}
echo "== vnsearch index --db $db data/sample"
"$vnsearch" index --db "$db" data/sample
echo
echo "== vnsearch search --db $db \"$query\" -n 5"
"$vnsearch" search --db "$db" -n 5 "$query"
