#!/usr/bin/env bash
# The HTTP server against the library in the same run: `vnsearch serve` on loopback driven by wrk
# at 1, 8 and 64 connections with the dev queries (URL-encoded, cycled), and the same queries
# through the library in process (`vnsearch search --batch --timing`, one thread, snippets and
# suggestions on, as the server answers them). Prints one table row per setting.
#
#   bench/serve.sh VNSEARCH CORPUS WORKDIR [SECONDS]
#
# VNSEARCH: a Release build. CORPUS: JSON lines (.zst is fine), indexed into WORKDIR/serve.db
# unless that index exists (delete it to index again). SECONDS: each wrk run (default 20).
# Needs wrk (Debian package) and python3.
set -euo pipefail
vnsearch=$(realpath "$1")
corpus=$2
work=$3
seconds=${4:-20}
here=$(cd "$(dirname "$0")" && pwd)
eval_dir=${EVAL_DIR:-$here/../../shared/data/eval}
mkdir -p "$work"
db=$work/serve.db

if [ ! -d "$db" ]; then
  echo "indexing $corpus into $db" >&2
  /usr/bin/time -f '%e s wall' "$vnsearch" index --quiet --db "$db" "$corpus"
fi

# Every dev query once, in a fixed order; the same list for wrk (as paths) and the library.
cat "$eval_dir"/*/queries*.tsv | awk -F'\t' 'NF >= 2 && $2 != ""' > "$work/queries.tsv"
python3 - "$work/queries.tsv" "$work/paths.txt" <<'PY'
import sys, urllib.parse
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w") as out:
    for line in f:
        q = line.rstrip("\n").split("\t", 1)[1]
        out.write("/api/search?q=" + urllib.parse.quote(q, safe="") + "\n")
PY
cat > "$work/cycle.lua" <<'LUA'
-- Cycles through the paths of a file, each wrk thread from its own starting point.
local paths = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.3f %.3f %d %d\n", summary.requests,
    summary.requests / summary.duration * 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

queries=$(wc -l < "$work/queries.tsv")
cores=$(nproc)
echo "$queries queries, $cores cores, wrk ${seconds}s a run" >&2

# The library in process: one thread, snippets and suggestions, 10 hits, as GET /api/search.
library() {
  "$vnsearch" search --db "$db" --batch "$work/queries.tsv" --timing --snippets --suggest \
    --threads 1 -n 10 > "$work/library.jsonl"
  python3 - "$work/library.jsonl" <<'PY'
import json, statistics, sys
ms = sorted(json.loads(l)["ms"] for l in open(sys.argv[1]))
p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print(f"| library in process, 1 thread | {1000 * len(ms) / sum(ms):.0f} | {p(0.5):.2f} | {p(0.99):.2f} | 0 |")
PY
}

"$vnsearch" serve --db "$db" --listen 127.0.0.1:0 --quiet --max-query-bytes 4096 \
  --max-uri-bytes 16384 --max-connections 256 2> "$work/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | cut -d: -f3)
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
base=http://127.0.0.1:$port
# Warm the page cache through the server (the library runs before and after the server runs).
wrk -t1 -c1 -d5s -s "$work/cycle.lua" "$base" -- "$work/paths.txt" > /dev/null

echo "| | requests/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
library
for c in 1 8 64; do
  t=$((c < cores ? c : cores))
  out=$(wrk -t"$t" -c"$c" -d"$seconds"s --timeout 10s -s "$work/cycle.lua" "$base" -- "$work/paths.txt")
  read -r _ n rps p50 p99 errs non2xx <<< "$(grep '^RESULT' <<< "$out")"
  echo "| server, $c connection$([ "$c" -gt 1 ] && echo s) ($t wrk thread$([ "$t" -gt 1 ] && echo s)) | $(printf '%.0f' "$rps") | $p50 | $p99 | $((errs + non2xx)) of $n |"
done
library
