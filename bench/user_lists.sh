#!/usr/bin/env bash
# The cost of an index's word list and synonym groups (docs/user-lists.md): ~1,000 words and
# ~200 groups made from a corpus's titles (frequent capitalised runs of 2-3 syllables as names;
# frequent lower-case syllable pairs, two to a group, so that queries meet them), then the corpus
# indexed without and with them, alternating, and the same queries searched on both (batch mode,
# CPU time per query: the news keyword queries, and queries made of a group member and a word).
# Usage: bench/user_lists.sh VNSEARCH_BINARY CORPUS.jsonl.zst QUERIES.tsv [ROUNDS]
set -euo pipefail
bin=$1 corpus=$2 queries=$3 rounds=${4:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zstd -dc "$corpus" > "$work/corpus.jsonl"

python3 - "$work" <<'PY'
import collections, json, re, sys, unicodedata
work = sys.argv[1]
letters = re.compile(r"^[^\W\d_]+$")
names, pairs = collections.Counter(), collections.Counter()
with open(f"{work}/corpus.jsonl", encoding="utf-8") as f:
    for line in f:
        title = unicodedata.normalize("NFC", json.loads(line).get("title", ""))
        toks = [t.strip(".,:;!?\"'()") for t in title.split()]
        for n in (2, 3):
            for i in range(len(toks) - n + 1):
                run = toks[i:i + n]
                if all(letters.match(t) and t[0].isupper() and len(t) <= 7 for t in run):
                    names[" ".join(run)] += 1
        for a, b in zip(toks, toks[1:]):
            if letters.match(a) and letters.match(b) and a.islower() and b.islower():
                pairs[f"{a} {b}"] += 1
words = [w for w, _ in names.most_common(1300)]  # ~1,000 left after the checks
members = [p for p, _ in pairs.most_common(2000)][200:600]
open(f"{work}/words.txt", "w").write("\n".join(words) + "\n")
open(f"{work}/synonyms.txt", "w").write(
    "".join(f"{a}, {b}\n" for a, b in zip(members[0::2], members[1::2])))
with open(f"{work}/group-queries.tsv", "w") as q:
    for i, m in enumerate(members[:200]):
        q.write(f"g{i}\t{m} {words[i].split()[0]}\n")
PY
# Lines the word list refuses (not syllables: loanwords, names in Latin letters) are dropped.
keep_good() {  # keep_good FILE KIND: drops the lines vnsearch refuses, one at a time
  local file=$1 kind=$2 err line
  while ! err=$("$bin" index --db "$work/check" --"$kind" "$file" 2>&1 >/dev/null); do
    line=$(sed -n 's/.*:\([0-9][0-9]*\): .*/\1/p' <<<"$err" | head -1)
    [ -n "$line" ] || { echo "$err" >&2; exit 1; }
    sed -i "${line}d" "$file"
  done
  rm -rf "$work/check"
}
keep_good "$work/words.txt" words
keep_good "$work/synonyms.txt" synonyms
echo "words: $(grep -c . "$work/words.txt"), groups: $(grep -c . "$work/synonyms.txt")"

index_once() {  # index_once DB [LIST ARGS...]: wall s, CPU s
  local db=$1; shift
  rm -rf "$db"
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" index -q --db "$db" "$@" "$work/corpus.jsonl"
  awk '{printf "%.1f s wall, %.1f s CPU", $1, $2 + $3}' "$work/time"
}
for r in $(seq "$rounds"); do
  echo "round $r: without lists $(index_once "$work/plain")"
  echo "round $r: with lists    $(index_once "$work/lists" --words "$work/words.txt" --synonyms "$work/synonyms.txt")"
done
echo "size: without $(du -sm "$work/plain" | cut -f1) MB, with $(du -sm "$work/lists" | cut -f1) MB"

cpu_per_query() {  # cpu_per_query DB QUERIES: mean CPU ms a query (after a warm-up pass)
  "$bin" search --db "$1" --batch "$2" >/dev/null
  "$bin" search --db "$1" --batch "$2" --timing |
    python3 -c "import json,sys; c=[json.loads(l)['cpu_ms'] for l in sys.stdin]; print(f'{sum(c)/len(c):.3f} ms ({len(c)} queries)')"
}
for set in "$queries" "$work/group-queries.tsv"; do
  for r in $(seq "$rounds"); do
    echo "$(basename "$set") round $r: without $(cpu_per_query "$work/plain" "$set"), with $(cpu_per_query "$work/lists" "$set")"
  done
done
