#!/usr/bin/env bash
# Relevance and latency of vnsearch and its peers on every dev set in ../shared/data/eval, through
# their command lines (../shared/tools/eval.py). Indexes are kept in $WORK/<engine>/ and reused;
# pass --reindex to rebuild them. Results: $WORK/<engine>.json and a table on stdout.
#
#   bench/eval.sh [ENGINES...] [-- extra eval.py options]
#   ENGINES: vnsearch fts5 xapian xapian-fold (default: all)
#   bench/eval.sh --latency      per-query latency (median, p95; wall and CPU) of vnsearch, FTS5
#                                and stock Xapian on the indexes the relevance runs left in $WORK;
#                                BASELINE=path/to/older/vnsearch adds its rows (same indexes)
#   VNSEARCH=path/to/vnsearch (default: build-search-rel/vnsearch)  WORK=/tmp/vnsearch-eval
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
vnsearch=${VNSEARCH:-$here/build-search-rel/vnsearch}
work=${WORK:-/tmp/vnsearch-eval}
py=/usr/bin/python3
peers=$shared/tools/peers

if [ "${1:-}" = "--latency" ]; then
    # Each engine answers the same as-typed queries in one warm process, timed per query: ours
    # through `search --batch --timing` (top 100 ids, and top 10 with snippets cut on two threads,
    # the default, and on one; CPU time counts both threads), the peers with
    # exactly the calls their scripts make (top 100 ids), so Python start-up is not counted.
    # Then every engine through its command line, as eval.py runs it: one warm process fed one
    # query at a time on standard input, timed from writing the query to reading its answer line
    # (wall time; the peers' scripts run with python3 -u so that each answer is written at once).
    exec $py - "$work" "$vnsearch" "$shared" "${BASELINE:-}" <<'PY'
import json, re, sqlite3, subprocess, sys, time
import xapian
work, vnsearch, shared, baseline = sys.argv[1:5]
py = sys.executable
sets = [("legal-qa", "queries.tsv"), ("news", "queries-keywords.tsv"),
        ("news", "queries-title.tsv"), ("wiki-qa", "queries.tsv")]

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def ours(binary, name, text, extra):
    cmd = f"{binary} search --db {work}/vnsearch/{name}.db --batch - --timing {extra}"
    out = subprocess.run(cmd, shell=True, input=text.encode(), stdout=subprocess.PIPE, check=True)
    rows = [json.loads(l) for l in out.stdout.decode().split("\n") if l]
    return [r["ms"] for r in rows], [r.get("cpu_ms", r["ms"]) for r in rows]

def through_cli(cmd, queries):
    # Buffered pipes: an unbuffered readline() reads one byte a system call, which cost more than
    # a search (2.5 ms for a 5 KB answer).
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ms = []
    for q, t in queries:
        line = f"{q}\t{t}\n".encode()
        t0 = time.perf_counter()
        proc.stdin.write(line)
        proc.stdin.flush()
        answer = proc.stdout.readline()
        ms.append((time.perf_counter() - t0) * 1000)
        if not answer:
            raise SystemExit(f"{cmd[0]} stopped answering")
    proc.stdin.close()
    proc.wait()
    return ms, None  # the child's CPU time per query is not measurable from here

def fts5(name, queries):
    con = sqlite3.connect(f"{work}/fts5/{name}.db")
    ms, cpu = [], []
    for _, t in queries:
        expr = " OR ".join('"%s"' % w for w in re.findall(r"[\w\u0300-\u036f]+", t))
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            list(con.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 100", (expr,)))
        except sqlite3.OperationalError:
            pass
        ms.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return ms, cpu

def stock(name, queries):
    db = xapian.Database(f"{work}/xapian/{name}.db")
    qp = xapian.QueryParser()
    qp.set_database(db)
    enq = xapian.Enquire(db)
    ms, cpu = [], []
    for _, t in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            q = qp.parse_query(t)
        except xapian.QueryParserError:
            q = qp.parse_query(t, 0)
        enq.set_query(q)
        [m.document.get_data() for m in enq.get_mset(0, 100)]
        ms.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return ms, cpu

# Wall time is what a user waits; CPU time (process time of the answering process) is what to
# compare on a machine shared with other jobs.
print(f"{'set':<16} {'engine':<28} {'median ms':>9} {'p95 ms':>8} {'mean ms':>8} {'cpu med':>8} {'cpu p95':>8}")
for name, qf in sets:
    queries = [l.rstrip("\n").split("\t", 1) for l in open(f"{shared}/data/eval/{name}/{qf}", encoding="utf-8") if "\t" in l]
    text = "".join(f"{q}\t{t}\n" for q, t in queries)
    label = name + qf[len("queries"):-len(".tsv")]
    runs = []
    if baseline:
        runs += [("baseline top-100 ids", lambda: ours(baseline, name, text, "-n 100")),
                 ("baseline top-10 + snippets", lambda: ours(baseline, name, text, "-n 10 --snippets"))]
    runs += [("vnsearch top-100 ids", lambda: ours(vnsearch, name, text, "-n 100")),
             ("vnsearch top-10 + snippets", lambda: ours(vnsearch, name, text, "-n 10 --snippets")),
             ("vnsearch top-10 + snip, 1 thr", lambda: ours(
                 vnsearch, name, text, "-n 10 --snippets --threads 1")),
             ("fts5 top-100 ids", lambda: fts5(name, queries)),
             ("xapian stock top-100 ids", lambda: stock(name, queries)),
             ("CLI: vnsearch top-10 + snip", lambda: through_cli(
                 [vnsearch, "search", "--db", f"{work}/vnsearch/{name}.db", "--batch", "-",
                  "-n", "10", "--snippets"], queries)),
             ("CLI: fts5 top-100 ids", lambda: through_cli(
                 [py, "-u", f"{shared}/tools/peers/fts5.py", "search", f"{work}/fts5/{name}.db"],
                 queries)),
             ("CLI: xapian stock top-100", lambda: through_cli(
                 [py, "-u", f"{shared}/tools/peers/xapian_stock.py", "search",
                  f"{work}/xapian/{name}.db"], queries))]
    for engine, run in runs:
        ms, cpu = run()
        cpu_cols = f" {pct(cpu, 50):>8.2f} {pct(cpu, 95):>8.2f}" if cpu else f" {'-':>8} {'-':>8}"
        print(f"{label:<16} {engine:<28} {pct(ms, 50):>9.2f} {pct(ms, 95):>8.2f} {sum(ms) / len(ms):>8.2f}"
              + cpu_cols, flush=True)
PY
fi

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
