#!/usr/bin/env bash
# Times one `vnsearch index` run and splits its wall time into the analysis-and-segments phase
# and the final merge (from the moment <db>.compact appears, which is when the merge starts).
#
#   bench/index_phases.sh LABEL VNSEARCH INPUT [index options...]
#
# The index is built fresh in $WORK (default /tmp/vnsearch-phases) and removed afterwards.
# Prints: LABEL user_s sys_s wall_s max_rss_kb main <s> merge <s> size <MB>
set -euo pipefail
label=$1 vnsearch=$2 input=$3
shift 3
work=${WORK:-/tmp/vnsearch-phases}
db=$work/db
mkdir -p "$work"
rm -rf "$db" "$db".* "$work/merge_start"
(
    while [ ! -d "$db.compact" ]; do sleep 0.05; done
    date +%s.%N > "$work/merge_start"
) &
watcher=$!
start=$(date +%s.%N)
/usr/bin/time -o "$work/time" -f '%U %S %e %M' "$vnsearch" index -q --db "$db" "$@" "$input"
end=$(date +%s.%N)
kill "$watcher" 2>/dev/null || true
merge=$(cat "$work/merge_start" 2>/dev/null || echo "$end")
size=$(du -sm "$db" | cut -f1)
echo "$label $(cat "$work/time") main $(echo "$merge - $start" | bc) merge $(echo "$end - $merge" | bc) size $size"
rm -rf "$db" "$db".*
