#!/usr/bin/env bash
# Indexing benchmark: vnsearch index against the peers on the same corpus, in the same run.
#   bench/index_bench.sh VNSEARCH_BINARY CORPUS.jsonl.zst [WORKDIR]
# Prints one line per engine: wall and CPU seconds, peak RSS, size on disk, documents/s, MB/s.
# The peers need /usr/bin/python3 with python3-xapian, and g++ with libxapian-dev and
# nlohmann-json3-dev for the C++ stock-Xapian peer. On a shared machine compare CPU seconds.
set -euo pipefail
vnsearch=$(realpath "$1")
corpus=$(realpath "$2")
work=${3:-$(mktemp -d)}
peers=$(dirname "$0")/../../shared/tools/peers
[ -d "$peers" ] || peers=$(dirname "$0")/../shared/tools/peers
mkdir -p "$work"
raw="$work/corpus.jsonl"
[ -s "$raw" ] || zstd -dcf "$corpus" > "$raw"
bytes=$(stat -c %s "$raw")
docs=$(wc -l < "$raw")
[ -x "$work/xapian_stock_index" ] ||
    g++ -O2 -std=c++17 "$peers/xapian_stock_index.cpp" -o "$work/xapian_stock_index" -lxapian

measure() {  # name db command...
    local name=$1 db=$2
    shift 2
    [ -n "${KEEP:-}" ] || rm -rf "$db"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        echo "$name failed:"; cat "$work/stderr.txt"; return 1; }
    read -r wall user sys rss < "$work/time.txt"
    local size
    size=$(du -sb "$db" | cut -f1)
    awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v z="$size" \
        -v d="$docs" -v b="$bytes" 'BEGIN {
        printf "%-22s wall %7.1f s  cpu %7.1f s  rss %6.0f MB  size %6.1f MB  %7.0f docs/s  %5.2f MB/s\n",
               n, w, u + s, r / 1024, z / 1e6, d / w, b / 1e6 / w }'
}

echo "corpus: $corpus ($docs documents, $((bytes / 1000000)) MB of JSON)"
measure "vnsearch index" "$work/vnsearch.db" "$vnsearch" index -q --db "$work/vnsearch.db" "$raw"
KEEP=1 measure "vnsearch rerun (same)" "$work/vnsearch.db" "$vnsearch" index -q --db "$work/vnsearch.db" "$raw"
measure "xapian stock (C++)" "$work/stock.db" "$work/xapian_stock_index" "$work/stock.db" "$raw"
if [ -z "${SKIP_PYTHON:-}" ]; then
    measure "xapian stock (Python)" "$work/stock-py.db" /usr/bin/python3 "$peers/xapian_stock.py" index "$work/stock-py.db" "$raw"
fi
measure "sqlite fts5" "$work/fts5.db" /usr/bin/python3 "$peers/fts5.py" index "$work/fts5.db" "$raw"
