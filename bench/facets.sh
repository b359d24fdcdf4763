#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of facets: the same batch of queries without facets, with --facets source,year and with
# all six, alternating setting by setting for ROUNDS rounds, as typed and with the marks removed.
# Prints CPU and wall ms (median and p95 of each run, the median over the runs) and each
# setting's ratios to no facets in the same round. QUERY_SETS="typed" skips the unaccented runs.
#
#   bench/facets.sh build-rel/vnsearch /tmp/bench/vn150f.db ../shared/data/eval/news/queries-keywords.tsv
set -euo pipefail
VNSEARCH=${1:?usage: facets.sh VNSEARCH DB QUERIES [ROUNDS]}
DB=${2:?}
QUERIES=${3:?}
ROUNDS=${4:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$QUERIES" "$WORK/unaccented.tsv" <<'PY'
import sys, unicodedata
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        s = unicodedata.normalize("NFD", line).replace("\u0111", "d").replace("\u0110", "D")
        out.write("".join(c for c in s if unicodedata.category(c) != "Mn"))
PY

settings=(none source,year source,category,author,tag,year,month)
for queries in ${QUERY_SETS:-typed unaccented}; do
  file=$QUERIES
  [ "$queries" = unaccented ] && file=$WORK/unaccented.tsv
  for round in $(seq "$ROUNDS"); do
    for s in "${settings[@]}"; do
      facets=()
      [ "$s" = none ] || facets=(--facets "$s")
      "$VNSEARCH" search --db "$DB" --batch "$file" --timing -n 10 --snippets --threads 2 \
        "${facets[@]}" > "$WORK/$queries.$s.$round.jsonl"
    done
  done
done

python3 - "$WORK" "$ROUNDS" "${QUERY_SETS:-typed unaccented}" "${settings[@]}" <<'PY'
import json, statistics, sys
work, rounds, sets, settings = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
def stats(path, key):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    ms = sorted(r[key] for r in rows if key in r)
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
print("| queries | facets | CPU ms, median / p95 | ratio | wall ms, median / p95 | ratio |")
print("|---|---|---|---|---|---|")
for queries in sets:
    row = lambda s, r, key: stats(f"{work}/{queries}.{s}.{r}.jsonl", key)
    for s in settings:
        cells = []
        for key in ("cpu_ms", "ms"):
            runs = [row(s, r, key) for r in range(1, rounds + 1)]
            base = [row("none", r, key) for r in range(1, rounds + 1)]
            med = statistics.median(x[0] for x in runs)
            p95 = statistics.median(x[1] for x in runs)
            rmed = statistics.median(x[0] / b[0] for x, b in zip(runs, base))
            rp95 = statistics.median(x[1] / b[1] for x, b in zip(runs, base))
            cells += [f"{med:.1f} / {p95:.1f}", f"{rmed:.1f}x / {rp95:.1f}x"]
        name = "none" if s == "none" else ("all six" if s.count(",") == 5 else s)
        print(f"| {queries} | {name} | " + " | ".join(cells) + " |")
PY
