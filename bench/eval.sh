#!/usr/bin/env bash
# Relevance and latency of vnsearch and its peers on every dev set in ../shared/data/eval, through
# their command lines (../shared/tools/eval.py). Indexes are kept in $WORK/<engine>/ and reused;
# pass --reindex to rebuild them. Results: $WORK/<engine>.json and a table on stdout.
#
#   bench/eval.sh [ENGINES...] [-- extra eval.py options]
#   ENGINES: vnsearch fts5 xapian xapian-fold (default: all)
#   VNSEARCH=path/to/vnsearch (default: build-search-rel/vnsearch)  WORK=/tmp/vnsearch-eval
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
vnsearch=${VNSEARCH:-$here/build-search-rel/vnsearch}
work=${WORK:-/tmp/vnsearch-eval}
py=/usr/bin/python3
peers=$shared/tools/peers

engines=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do engines+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#engines[@]} -eq 0 ] && engines=(vnsearch fts5 xapian xapian-fold)

for engine in "${engines[@]}"; do
    case $engine in
        vnsearch)
            index="$vnsearch index --quiet --db {db} {corpus}"
            search="$vnsearch search --db {db} --batch -" ;;
        fts5)
            index="$py $peers/fts5.py index {db} {corpus}"
            search="$py $peers/fts5.py search {db}" ;;
        xapian)
            index="$py $peers/xapian_stock.py index {db} {corpus}"
            search="$py $peers/xapian_stock.py search {db}" ;;
        xapian-fold)
            index="$py $peers/xapian_stock.py index {db} {corpus} --fold"
            search="$py $peers/xapian_stock.py search {db} --fold" ;;
        *) echo "eval.sh: unknown engine $engine" >&2; exit 2 ;;
    esac
    mkdir -p "$work/$engine"
    echo "== $engine"
    $py "$shared/tools/eval.py" --index-cmd "$index" --search-cmd "$search" \
        --work "$work/$engine" --json "$work/$engine.json" "$@"
done
