#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of facets: the same batch of queries without facets, with --facets source,year and with
# all six, alternating setting by setting for ROUNDS rounds, as typed and with the marks removed.
# Prints wall ms (median and p95 of each run, the median over the runs) and each setting's ratio
# to no facets in the same round.
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
for queries in typed unaccented; do
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

python3 - "$WORK" "$ROUNDS" "${settings[@]}" <<'PY'
import json, statistics, sys
work, rounds, settings = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def stats(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    ms = sorted(r["ms"] for r in rows if "ms" in r)
    totals = sorted(r["total"] for r in rows)
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))], statistics.median(totals)
print("| queries | facets | median ms | p95 ms | median ratio | p95 ratio | median total |")
print("|---|---|---|---|---|---|---|")
for queries in ("typed", "unaccented"):
    base = [stats(f"{work}/{queries}.none.{r}.jsonl") for r in range(1, rounds + 1)]
    for s in settings:
        runs = [stats(f"{work}/{queries}.{s}.{r}.jsonl") for r in range(1, rounds + 1)]
        med = statistics.median(x[0] for x in runs)
        p95 = statistics.median(x[1] for x in runs)
        rmed = statistics.median(x[0] / b[0] for x, b in zip(runs, base))
        rp95 = statistics.median(x[1] / b[1] for x, b in zip(runs, base))
        name = "none" if s == "none" else ("all six" if s.count(",") == 5 else s)
        print(f"| {queries} | {name} | {med:.2f} | {p95:.2f} | {rmed:.2f}x | {rp95:.2f}x | {statistics.median(x[2] for x in runs):.0f} |")
PY
