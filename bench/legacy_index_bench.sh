#!/usr/bin/env bash
# Does reading legacy encodings slow indexing? Indexes the same articles as UTF-8, TCVN3 and VNI
# plain-text files and prints the CPU seconds of each run (user+sys), which load on a shared
# machine disturbs far less than wall time.
#   bench/legacy_index_bench.sh VNSEARCH_BINARY [ARTICLES] [WORK]
set -euo pipefail
vnsearch=$(realpath "$1")
articles=${2:-5000}
work=${3:-/tmp/legacy-index-bench}
here=$(dirname "$0")
[ -d "$work/vni" ] || python3 "$here/make_legacy_corpus.py" index "$work" --articles "$articles"
for enc in utf8 tcvn3 vni; do
    rm -rf "$work/db-$enc"
    /usr/bin/time -f "$enc: %U user + %S sys s, %M KB peak RSS" \
        "$vnsearch" index -q --threads 1 --db "$work/db-$enc" "$work/$enc"
    "$vnsearch" stats --db "$work/db-$enc" --format json | python3 -c 'import json,sys; print("   documents:", json.load(sys.stdin)["documents"])'
done
