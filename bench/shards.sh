#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sharded indexes against one database and against stock Xapian, in one run:
#
#   bench/shards.sh VNSEARCH CORPUS.jsonl[.zst] QUERIES.tsv [WORKDIR]
#
# 1. Indexing: `vnsearch index --shards N` for N in $SHARDS (default "1 2 4 8"), with stock Xapian
#    in C++ (../shared/tools/peers/xapian_stock_index.cpp, as index_bench.sh builds it) run
#    between them, each from an empty folder. One line each: wall and CPU seconds, peak RSS, size
#    on disk, and stock's wall time over ours (above 1: faster than stock).
# 2. Latency: every query of QUERIES.tsv ("qid<TAB>query") through `vnsearch search --batch -
#    --timing -n 10 --snippets` (the default two threads), on one database (the 1-shard index),
#    on the 2- and 4-shard folders, on the same shards served by xapian-tcpsrv on loopback (a
#    stub of `remote 127.0.0.1:PORT` lines), and on the same servers behind bench/lan_proxy.cpp,
#    a simulated LAN that holds each chunk $LAN_DELAY_US microseconds (default 125) each way and
#    counts round trips (it stands in for `tc qdisc ... netem delay 0.25ms`: this kernel has no
#    netem). $ROUNDS rounds (default 3), the layouts interleaved in each round; per layout the
#    median and p95 of wall and CPU ms over every query of every round, the ratio of medians to
#    one database's on the same queries, how many queries' top-10 ids differ from one
#    database's, and for the LAN layouts the round trips a query makes to each shard. Remote
#    layouts answer the first $REMOTE_QUERIES queries (default 100; "all" for every one).
# 3. Memory: peak RSS (/usr/bin/time -v) of one batch (the first $REMOTE_QUERIES queries) over the
#    $RSS_SHARDS-shard index (default 8) served by as many xapian-tcpsrv on loopback, beside the
#    same batch on one database and on the same shards opened locally,
#    and the peak RSS of each server (with the children it forked per connection).
#
# LIMIT=N indexes only the first N documents (a quick check of the script); SKIP_INDEX=1 reuses
# the indexes of an earlier run in WORKDIR; SKIP_LATENCY=1 stops after indexing. Every server
# and proxy the script starts is stopped on exit.
# Needs xapian-tools (xapian-tcpsrv), g++ and libxapian-dev, python3.
set -euo pipefail
vnsearch=$(realpath "$1")
corpus=$(realpath "$2")
queries=$(realpath "$3")
work=${4:-$(mktemp -d)}
shard_counts=${SHARDS:-1 2 4 8}
rounds=${ROUNDS:-3}
remote_queries=${REMOTE_QUERIES:-100}
here=$(cd "$(dirname "$0")" && pwd)
peers=$here/../../shared/tools/peers
[ -d "$peers" ] || peers=$here/../shared/tools/peers
mkdir -p "$work"
work=$(realpath "$work")

# ---- servers and the LAN proxy: everything started here is stopped here ----
server_pids=()
lan_pid=""
cleanup() {
    local pid child children=()
    if [ -n "$lan_pid" ]; then
        kill -TERM "$lan_pid" 2> /dev/null || true
        wait "$lan_pid" 2> /dev/null || true
        lan_pid=""
    fi
    # Each entry is /usr/bin/time over one xapian-tcpsrv, each the leader of its own process
    # group. A server stopped by SIGTERM stops its group (its per-connection children) and exits,
    # and time then writes its peak RSS; whatever is left of either group goes after.
    for pid in "${server_pids[@]}"; do
        for child in $(cat "/proc/$pid/task/$pid/children" 2> /dev/null); do
            children+=("$child")
            kill -TERM "$child" 2> /dev/null || true
        done
    done
    for pid in "${server_pids[@]}"; do wait "$pid" 2> /dev/null || true; done
    for pid in "${children[@]}" "${server_pids[@]}"; do kill -TERM -- "-$pid" 2> /dev/null || true; done
    server_pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server RSSFILE HOST PORT DB: xapian-tcpsrv under /usr/bin/time, so that its peak
# RSS (or its largest per-connection child's) lands in RSSFILE when it stops. Each runs in a
# process group of its own (setsid), as xapian-tcpsrv answers SIGTERM by signalling its group.
start_server() {
    local rss=$1 host=$2 port=$3 db=$4
    local -a cmd=(/usr/bin/time -f '%M' -o "$rss" setsid xapian-tcpsrv --quiet --port "$port"
                  --interface "$host" --idle-timeout 60000 --active-timeout 15000 "$db")
    setsid "${cmd[@]}" > /dev/null 2>> "$work/servers.log" &
    server_pids+=("$!")
    local i
    for i in $(seq 100); do
        if timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2> /dev/null; then return 0; fi
        sleep 0.1
    done
    echo "xapian-tcpsrv on $host:$port did not start:" >&2
    cat "$work/servers.log" >&2
    return 1
}

stop_servers() { cleanup; }

# remote_stub STUB HOST RSSPREFIX SHARD_DB...: serves each shard, writes the stub.
remote_stub() {
    local stub=$1 host=$2 prefix=$3 k=0 port db
    shift 3
    : > "$stub"
    for db in "$@"; do
        port=$(free_port)
        start_server "$prefix-$k.rss" "$host" "$port" "$db"
        echo "remote $host:$port" >> "$stub"
        k=$((k + 1))
    done
}

shard_dbs() {  # the shard folders of a sharded index folder, or the folder itself
    if [ -d "$1/shard-000" ]; then ls -d "$1"/shard-*; else echo "$1"; fi
}

# ---- 1. indexing ----
raw="$work/corpus.jsonl"
if [ ! -s "$raw" ]; then
    case "$corpus" in
        *.zst) zstd -dcf "$corpus" ;;
        *) cat "$corpus" ;;
    esac | if [ -n "${LIMIT:-}" ]; then head -n "$LIMIT"; else cat; fi > "$raw"
fi
bytes=$(stat -c %s "$raw")
docs=$(wc -l < "$raw")
[ -x "$work/xapian_stock_index" ] ||
    g++ -O2 -std=c++17 "$peers/xapian_stock_index.cpp" -o "$work/xapian_stock_index" -lxapian

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $corpus, $docs documents, $((bytes / 1000000)) MB of JSON"

measure() {  # name db command...: one line; the wall time in $work/<name>.wall
    local name=$1 db=$2
    shift 2
    rm -rf "$db"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        echo "$name failed:"; cat "$work/stderr.txt"; return 1; }
    local wall user sys rss size
    read -r wall user sys rss < "$work/time.txt"
    size=$(du -sb "$db" | cut -f1)
    printf '%s %s %s %s %s %s\n' "$name" "$wall" "$user" "$sys" "$rss" "$size" >> "$work/index.txt"
}

if [ -z "${SKIP_INDEX:-}" ]; then
    : > "$work/index.txt"
    set -- $shard_counts
    half=$((($# + 1) / 2))
    i=0
    for n in $shard_counts; do
        measure "vnsearch --shards $n" "$work/vn$n.db" \
            "$vnsearch" index -q --shards "$n" --db "$work/vn$n.db" "$raw"
        i=$((i + 1))
        # stock Xapian in the middle of our runs, so a drift in load hits both sides alike
        if [ "$i" = "$half" ]; then
            measure "xapian stock (C++)" "$work/stock.db" "$work/xapian_stock_index" "$work/stock.db" "$raw"
        fi
    done
    python3 - "$work/index.txt" "$docs" <<'PY'
import sys
rows = [l.rsplit(None, 5) for l in open(sys.argv[1])]
stock = next(float(r[1]) for r in rows if r[0].startswith("xapian"))
print(f"{'indexing':22} {'wall s':>8} {'CPU s':>8} {'peak RSS':>9} {'size':>9} {'docs/s':>7} {'stock wall / wall':>18}")
for name, wall, user, sys_, rss, size in rows:
    w = float(wall)
    print(f"{name:22} {w:8.1f} {float(user) + float(sys_):8.1f} {int(rss) / 1024:6.0f} MB "
          f"{int(size) / 1e6:6.0f} MB {int(sys.argv[2]) / w:7.0f} {stock / w:17.2f}x")
PY
fi

[ -z "${SKIP_LATENCY:-}" ] || exit 0

# ---- 2. latency ----
if [ "$remote_queries" = all ]; then cp "$queries" "$work/queries-remote.tsv"
else head -n "$remote_queries" "$queries" > "$work/queries-remote.tsv"; fi
latency_layouts=()
stubs="$work/stubs"
mkdir -p "$stubs"
[ -d "$work/vn1.db" ] || { echo "no one-shard index in $work (run without SKIP_INDEX)"; exit 1; }
latency_layouts+=("one database=$work/vn1.db")
for n in 2 4; do
    [ -d "$work/vn$n.db" ] || continue
    latency_layouts+=("$n local shards=$work/vn$n.db")
done
for n in 2 4; do
    [ -d "$work/vn$n.db" ] || continue
    # shellcheck disable=SC2046
    remote_stub "$stubs/loopback$n.stub" 127.0.0.1 "$work/srv-lo$n" $(shard_dbs "$work/vn$n.db")
    latency_layouts+=("$n xapian-tcpsrv, loopback=$stubs/loopback$n.stub")
done

# The simulated LAN: the same servers behind bench/lan_proxy.cpp, which holds each chunk
# $LAN_DELAY_US (default 125) microseconds each way (a 0.25 ms round trip) and counts exchanges.
# It stands in for `tc qdisc ... netem delay`, which this kernel lacks.
[ -x "$work/lan_proxy" ] && [ "$work/lan_proxy" -nt "$here/lan_proxy.cpp" ] ||
    g++ -O2 -std=c++20 -pthread "$here/lan_proxy.cpp" -o "$work/lan_proxy"
lan_pairs=()
for n in 2 4; do
    [ -f "$stubs/loopback$n.stub" ] || continue
    : > "$stubs/lan$n.stub"
    while read -r _ address; do
        port=$(free_port)
        lan_pairs+=("$port=${address##*:}")
        echo "remote 127.0.0.1:$port" >> "$stubs/lan$n.stub"
    done < "$stubs/loopback$n.stub"
    latency_layouts+=("$n xapian-tcpsrv, LAN proxy ${LAN_DELAY_US:-125} us each way=$stubs/lan$n.stub")
done
if [ "${#lan_pairs[@]}" -gt 0 ]; then
    "$work/lan_proxy" "${LAN_DELAY_US:-125}" "$work/lan.stats" "${lan_pairs[@]}" &
    lan_pid=$!
    sleep 0.5
fi
lan_exchanges() {  # the proxy's exchange count so far
    rm -f "$work/lan.stats"
    kill -USR1 "$lan_pid"
    for _ in $(seq 50); do [ -s "$work/lan.stats" ] && break; sleep 0.02; done
    cut -d' ' -f2 "$work/lan.stats"
}

: > "$work/latency.txt"
: > "$work/exchanges.txt"
for r in $(seq "$rounds"); do
    for entry in "${latency_layouts[@]}"; do
        label=${entry%%=*}
        db=${entry#*=}
        q=$queries
        case "$label" in *xapian-tcpsrv*) q=$work/queries-remote.tsv ;; esac
        case "$label" in *LAN*) ex0=$(lan_exchanges) ;; esac
        "$vnsearch" search --db "$db" --batch - --timing -n 10 --snippets < "$q" \
            > "$work/batch.out" 2> "$work/batch.err" || { echo "$label failed:"; cat "$work/batch.err"; exit 1; }
        case "$label" in
            *LAN*) echo "$label $r $(($(lan_exchanges) - ex0)) $(wc -l < "$q") $(wc -l < "$db")" >> "$work/exchanges.txt" ;;
        esac
        if grep -q . "$work/batch.err"; then echo "$label, stderr:"; head -3 "$work/batch.err"; fi
        python3 - "$label" "$r" "$work/batch.out" >> "$work/latency.txt" <<'PY'
import json, sys
label, r, path = sys.argv[1:4]
for line in open(path):
    j = json.loads(line)
    print(json.dumps({"layout": label, "round": int(r), "qid": j["qid"], "ms": j["ms"],
                      "cpu_ms": j.get("cpu_ms", j["ms"]), "ids": [h["id"] for h in j["hits"]],
                      "missing": j.get("missing_shards", [])}, ensure_ascii=False))
PY
    done
done
stop_servers

python3 - "$work/latency.txt" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
layouts = list(dict.fromkeys(r["layout"] for r in rows))
base = [r for r in rows if r["layout"] == layouts[0]]
base_ids = {r["qid"]: r["ids"] for r in base}
rounds = max(r["round"] for r in rows)
print(f"latency: top 10 with snippets, {rounds} rounds; ms; ratios to one database on the same queries")
print(f"{'layout':40} {'queries':>7} {'wall median / p95':>18} {'CPU median / p95':>17} "
      f"{'wall, of one db':>16} {'CPU, of one db':>15} {'ids differ':>10} {'missing':>7}")
for name in layouts:
    sel = [r for r in rows if r["layout"] == name]
    qids = {r["qid"] for r in sel}
    same = [r for r in base if r["qid"] in qids]
    base_med = statistics.median(r["ms"] for r in same)
    base_cpu = statistics.median(r["cpu_ms"] for r in same)
    ms = [r["ms"] for r in sel]
    cpu = [r["cpu_ms"] for r in sel]
    differ = sum(1 for r in sel if r["round"] == 1 and r["ids"] != base_ids[r["qid"]])
    missing = sum(1 for r in sel if r["missing"])
    print(f"{name:40} {len(qids):7} {statistics.median(ms):8.2f} / {pct(ms, 95):6.2f} "
          f"{statistics.median(cpu):8.2f} / {pct(cpu, 95):6.2f} "
          f"{statistics.median(ms) / base_med:15.2f}x {statistics.median(cpu) / base_cpu:14.2f}x "
          f"{differ:10} {missing:7}")
PY
python3 - "$work/exchanges.txt" <<'PY'
import sys
for line in open(sys.argv[1]):
    *label, r, exchanges, queries, shards = line.split()
    print(f"round trips, {' '.join(label)}, round {r}: {int(exchanges) / int(queries) / int(shards):.1f} "
          f"a query a shard ({exchanges} over {queries} queries, {shards} shards)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 3. memory of a front over 8 remote shards ----
m=${RSS_SHARDS:-8}
if [ -d "$work/vn$m.db" ]; then
    # shellcheck disable=SC2046
    remote_stub "$stubs/loopback$m.stub" 127.0.0.1 "$work/srv-lo$m" $(shard_dbs "$work/vn$m.db")
    for entry in "one database=$work/vn1.db" "$m local shards=$work/vn$m.db" \
                 "$m xapian-tcpsrv, loopback=$stubs/loopback$m.stub"; do
        label=${entry%%=*}
        db=${entry#*=}
        /usr/bin/time -v -o "$work/rss.txt" "$vnsearch" search --db "$db" --batch - -n 10 --snippets \
            < "$work/queries-remote.tsv" > /dev/null
        printf 'front peak RSS, %-26s %6.0f MB\n' "$label:" \
            "$(awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$work/rss.txt")"
    done
    stop_servers
    total=0
    for f in "$work"/srv-lo"$m"-*.rss; do
        kb=$(grep -E '^[0-9]+$' "$f" | tail -1)
        total=$((total + kb))
    done
    printf "server peak RSS, $m xapian-tcpsrv (each with its children): %.0f MB in all\n" \
        "$(echo "$total / 1024" | bc -l)"
fi
