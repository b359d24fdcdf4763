#!/usr/bin/env bats
# vnsearch search, end to end on an index built by `vnsearch index`: stdout, stderr, exit codes,
# every output format and batch mode.
bats_require_minimum_version 1.5.0

setup_file() {
  export WORKDIR="$(mktemp -d)"
  export DB="$WORKDIR/db"
  cat > "$WORKDIR/corpus.jsonl" <<'EOF'
{"id": "hanoi", "title": "Hà Nội mùa thu", "body": "Thủ đô Hà Nội đẹp nhất vào mùa thu.", "date": "2020-10-24", "source": "Báo Mẫu", "author": "Nguyễn Văn An", "url": "https://example.vn/hanoi"}
{"id": "kinhte", "title": "Kinh tế tăng trưởng", "body": "Nền kinh tế Việt Nam tăng trưởng mạnh.", "date": "2021-03-01"}
{"id": "apart", "title": "Chuyện làng", "body": "Ông kinh doanh nhỏ, còn bà làm y tế ở xã.", "date": "2019-05-05"}
{"id": "duong", "title": "Con đường mới", "body": "Con đường mới mở rộng.\tGiao thông thuận lợi."}
{"id": "tphcm", "title": "Kẹt xe", "body": "Kẹt xe ở TP.HCM vào giờ cao điểm."}
EOF
  "$VNSEARCH" index --quiet --db "$DB" "$WORKDIR/corpus.jsonl"
  # Facets: three sources (one in two spellings), an author line that credits two people, tags.
  export FACETS="$WORKDIR/facets"
  cat > "$WORKDIR/facets.jsonl" <<'EOF'
{"id": "f1", "title": "Giá vàng tăng", "body": "Giá vàng hôm nay tăng mạnh.", "date": "2020-10-24", "source": "Dân trí", "author": "Nguyễn An, Lê Chi", "tags": ["vàng", "Kinh tế"]}
{"id": "f2", "title": "Giá vàng giảm", "body": "Giá vàng giảm nhẹ.", "date": "2020-11-02", "source": "DÂN TRÍ", "author": "Lê Chi", "tags": ["vàng"]}
{"id": "f3", "title": "Giá xăng", "body": "Giá xăng giữ nguyên.", "date": "2021-01-05", "source": "Dân trí", "tags": ["xăng", "kinh tế"]}
{"id": "f4", "title": "Giá điện", "body": "Giá điện tăng từ tháng sau.", "date": "2021-01-09", "source": "VnExpress"}
{"id": "f5", "title": "Giá lúa", "body": "Giá lúa ổn định.", "source": "Tuổi Trẻ", "author": "Nguyễn An"}
EOF
  "$VNSEARCH" index --quiet --db "$FACETS" "$WORKDIR/facets.jsonl"
}

teardown_file() {
  rm -rf "$WORKDIR"
}

json() {  # json EXPR: evaluates a Python expression over the JSON on stdin (j)
  python3 -c "import json,sys; j=json.load(sys.stdin); print(($1))"
}

@test "readable output: plain markers without a terminal, suggestion above the hits" {
  run --separate-stderr "$VNSEARCH" search --db "$DB" ha noi
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [[ "${lines[0]}" == "Did you mean: hà nội" ]]
  # The matched words are marked in the title and in the snippet.
  [[ "$output" == *" 1. **Hà** **Nội** mùa thu"* ]]
  [[ "$output" == *"Thủ đô **Hà** **Nội** đẹp"* ]]
  [[ "$output" != *$'\033'* ]]
}

@test "colour only when asked or on a terminal, never with NO_COLOR" {
  run "$VNSEARCH" search --db "$DB" --color always "hà nội"
  [[ "$output" == *$'\033[1;33mHà'* ]]
  # In the bold title, bold resumes after each highlight.
  [[ "$output" == *$' 1. \033[1m\033[1;33mHà\033[0m\033[1m \033[1;33mNội\033[0m\033[1m mùa thu\033[0m'* ]]
  NO_COLOR=1 run "$VNSEARCH" search --db "$DB" "hà nội"
  [[ "$output" != *$'\033'* ]]
}

@test "--format json is one object with query, total, suggestion and hits" {
  run "$VNSEARCH" search --db "$DB" --format json kinh te
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'sorted(j.keys())')" = "['hits', 'partial', 'query', 'suggestion', 'total']" ]
  [ "$(echo "$output" | json 'j["query"], j["suggestion"], j["hits"][0]["id"]')" = "('kinh te', 'kinh tế', 'kinhte')" ]
  # Highlights are byte ranges of the snippet text (and of the title); they mark the accented
  # spelling.
  [ "$(echo "$output" | json '[j["hits"][0]["title"].encode()[b:e].decode() for b,e in j["hits"][0]["title_highlights"]]')" = "['Kinh', 'tế']" ]
  [ "$(echo "$output" | json '[j["hits"][0]["snippet"]["text"].encode()[b:e].decode() for b,e in j["hits"][0]["snippet"]["highlights"]][:2]')" = "['kinh', 'tế']" ]
}

@test "Telex and VNI keystrokes: the decoded query in json, batch and text; English is not decoded" {
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json kinh tees
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["interpreted"], j["hits"][0]["id"]')" = "('kinh tế', 'kinhte')" ]
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json Vie65t Nam
  [ "$(echo "$output" | json 'j["interpreted"], j["hits"][0]["id"]')" = "('Việt Nam', 'kinhte')" ]
  run --separate-stderr "$VNSEARCH" search --db "$DB" dduwowngf
  [ "${lines[0]}" = "Searched for: đường (typed as Telex or VNI keys)" ]
  [[ "$output" == *"Con **đường** mới"* ]]
  run --separate-stderr "$VNSEARCH" search --db "$DB" --batch - <<< $'q1\td9u7o7ng2\nq2\tTP.HCM'
  [ "$(echo "${lines[0]}" | json 'j["interpreted"], j["hits"][0]["id"]')" = "('đường', 'duong')" ]
  [ "$(echo "${lines[1]}" | json '"interpreted" in j')" = "False" ]
  # Not Telex or VNI: no "interpreted" key at all.
  for q in "kinh tế" "kinh te" books U23 COVID-19 iPhone; do
    run --separate-stderr "$VNSEARCH" search --db "$DB" --format json "$q"
    [ "$(echo "$output" | json '"interpreted" in j')" = "False" ]
  done
}

@test "--format jsonl gives one hit a line, --format tsv a header and one row a hit" {
  run "$VNSEARCH" search --db "$DB" --format jsonl kinh
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ]
  for l in "${lines[@]}"; do echo "$l" | json 'j["id"]'; done
  run "$VNSEARCH" search --db "$DB" --format tsv duong
  [ "${lines[0]}" = $'rank\tid\tscore\ttitle\tdate\tsource\tauthor\turl\tsnippet' ]
  [ "$(echo "${lines[1]}" | awk -F'\t' '{print NF, $2, "[" $7 "]"}')" = "9 duong []" ]
}

@test "every format shows the author, empty where a document has none" {
  run "$VNSEARCH" search --db "$DB" --format json "hà nội"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["hits"][0]["id"], j["hits"][0]["author"]')" = "('hanoi', 'Nguyễn Văn An')" ]
  run "$VNSEARCH" search --db "$DB" --format json duong
  [ "$(echo "$output" | json 'j["hits"][0]["id"], j["hits"][0]["author"]')" = "('duong', '')" ]
  run "$VNSEARCH" search --db "$DB" --format jsonl "hà nội"
  [ "$(echo "${lines[0]}" | json 'j["author"]')" = "Nguyễn Văn An" ]
  run "$VNSEARCH" search --db "$DB" --format tsv "hà nội"
  [ "$(echo "${lines[1]}" | awk -F'\t' '{print $2 "|" $6 "|" $7 "|" $8}')" = "hanoi|Báo Mẫu|Nguyễn Văn An|https://example.vn/hanoi" ]
  run "$VNSEARCH" search --db "$DB" "hà nội"
  [[ "$output" == *"hanoi · 2020-10-24 · Báo Mẫu · Nguyễn Văn An · https://example.vn/hanoi"* ]]
}

@test "limit, offset and sort by date" {
  run "$VNSEARCH" search --db "$DB" --format tsv -n 1 --offset 1 --sort date kinh
  [ "${#lines[@]}" -eq 2 ]
  [[ "${lines[1]}" == $'2\tapart\t'* ]]
  run "$VNSEARCH" search --db "$DB" --format tsv --sort date kinh
  [[ "${lines[1]}" == $'1\tkinhte\t'* ]]
}

@test "batch mode: one JSON object a line with qid, total and hits (id, score)" {
  run --separate-stderr "$VNSEARCH" search --db "$DB" --batch - <<< $'q1\tha noi\nq2\tTPHCM\n\nq3\tkhông có gì xyz'
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  [ "$(echo "${lines[0]}" | json 'j["qid"], j["hits"][0]["id"], sorted(j["hits"][0].keys())')" = "('q1', 'hanoi', ['id', 'score'])" ]
  [ "$(echo "${lines[1]}" | json 'j["qid"], [h["id"] for h in j["hits"]]')" = "('q2', ['tphcm'])" ]
  [ "$(echo "${lines[2]}" | json 'j["qid"], j["total"]')" = "('q3', 0)" ]
}

@test "--threads 1 or 2 gives the same output; anything else is a usage error" {
  for q in "kinh te" "hà nội" "con đường" "TPHCM"; do
    one=$("$VNSEARCH" search --db "$DB" --format json --threads 1 "$q")
    two=$("$VNSEARCH" search --db "$DB" --format json --threads 2 "$q")
    [ -n "$one" ]
    [ "$one" = "$two" ]
  done
  run --separate-stderr "$VNSEARCH" search --db "$DB" --threads 3 kinh
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"threads"* ]]
}

@test "batch mode from standard input answers each query before the next one arrives" {
  # A caller that sends one query and waits for its answer must get it while stdin stays open.
  coproc BATCH { "$VNSEARCH" search --db "$DB" --batch -; }
  local pid=$BATCH_PID
  printf 'q1\tha noi\n' >&"${BATCH[1]}"
  read -r -t 10 first <&"${BATCH[0]}"
  [ "$(echo "$first" | json 'j["qid"], j["hits"][0]["id"]')" = "('q1', 'hanoi')" ]
  printf 'q2\tkinh tế\n' >&"${BATCH[1]}"
  read -r -t 10 second <&"${BATCH[0]}"
  [ "$(echo "$second" | json 'j["qid"], j["hits"][0]["id"]')" = "('q2', 'kinhte')" ]
  exec {BATCH[1]}>&-
  wait "$pid"
}

@test "batch mode reads a file; a bad query is reported in its line and the batch goes on" {
  printf 'a\tdate:2020-99\nb\tkinh tế\n' > "$WORKDIR/queries.tsv"
  run "$VNSEARCH" search --db "$DB" --batch "$WORKDIR/queries.tsv"
  [ "$status" -eq 0 ]
  [[ "$(echo "${lines[0]}" | json 'j["error"]')" == *"invalid date"* ]]
  [ "$(echo "${lines[1]}" | json 'j["hits"][0]["id"]')" = "kinhte" ]
}

@test "the database comes from VNSEARCH_DB when --db is absent" {
  VNSEARCH_DB="$DB" run "$VNSEARCH" search --format jsonl "đường"
  [ "$status" -eq 0 ]
  [[ "$output" == *'"id":"duong"'* ]]
}

@test "a missing index is a runtime error (exit 1) on stderr" {
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/none" kinh
  [ "$status" -eq 1 ]
  [ -z "$output" ]
  [[ "$stderr" == *"cannot open index"* ]]
}

@test "a malformed date is a runtime error with a clear message" {
  run --separate-stderr "$VNSEARCH" search --db "$DB" date:2020-13
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'invalid date "2020-13"'* ]]
}

@test "no query at all is a usage error (exit 2)" {
  run --separate-stderr "$VNSEARCH" search --db "$DB"
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"a query or --batch is required"* ]]
}

@test "bad queries give sensible results, never a crash" {
  long=$(head -c 10000 /dev/zero | tr '\0' 'a')
  for q in "" "!!!" "\"unbalanced" "((kinh" "kinh))" "foo:bar" $'kinh\x01' $'\u202ekinh' "😀" "$long"; do
    run "$VNSEARCH" search --db "$DB" --format json -- "$q"
    [ "$status" -eq 0 ]
    echo "$output" | json 'j["total"]' > /dev/null
  done
}

@test "a query that matches nothing strictly shows partial matches, marked" {
  run "$VNSEARCH" search --db "$DB" --format json kinh tế xyzxyz
  [ "$(echo "$output" | json 'j["partial"], j["hits"][0]["id"]')" = "(True, 'kinhte')" ]
  run "$VNSEARCH" search --db "$DB" kinh tế xyzxyz
  [[ "$output" == *"showing partial matches"* ]]
}

@test "abbreviations: UBND finds Ủy ban nhân dân and the reverse, the form typed first, marked" {
  local db="$BATS_TEST_TMPDIR/abbr"
  printf '%s\n' \
    '{"id": "ubnd", "title": "Họp báo", "body": "UBND tỉnh Lạng Sơn họp báo."}' \
    '{"id": "uy-ban", "title": "Họp báo", "body": "Ủy ban nhân dân tỉnh Lạng Sơn họp báo."}' |
    "$VNSEARCH" index --quiet --db "$db" -
  run "$VNSEARCH" search --db "$db" --format json "UBND tỉnh Lạng Sơn"
  [ "$(echo "$output" | json '[h["id"] for h in j["hits"]]')" = "['ubnd', 'uy-ban']" ]
  run "$VNSEARCH" search --db "$db" --format json "uy ban nhan dan tinh lang son"
  [ "$(echo "$output" | json '[h["id"] for h in j["hits"]]')" = "['uy-ban', 'ubnd']" ]
  run "$VNSEARCH" search --db "$db" ubnd
  [[ "$output" == *"**Ủy** **ban** **nhân** **dân** tỉnh"* ]]
}

@test "--prefix: the last word is typed so far" {
  run "$VNSEARCH" search --db "$DB" --format json kẹt x
  [ "$(echo "$output" | json 'j["partial"]')" = "True" ]
  run "$VNSEARCH" search --db "$DB" --format json --prefix kẹt x
  [ "$(echo "$output" | json 'j["partial"], j["hits"][0]["id"]')" = "(False, 'tphcm')" ]
  run "$VNSEARCH" search --db "$DB" --prefix kinh t
  [[ "$output" == *" 1. **Kinh** **tế** **tăng**"* ]]
}

# Remote shards: stock xapian-tcpsrv on free loopback ports, each in its own process group,
# which teardown kills (the server forks a process per connection).
SERVERS=()

start_tcpsrv() {  # start_tcpsrv DB: serves DB on a free loopback port; sets PORT
  local attempt i pid
  for attempt in 1 2 3 4 5; do
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    setsid xapian-tcpsrv --port "$PORT" --interface 127.0.0.1 --quiet "$1" >/dev/null 2>&1 3>&- &
    pid=$!
    SERVERS+=("$pid")
    for i in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
      sleep 0.1
    done
    stop_tcpsrv "$pid"
  done
  return 1
}

stop_tcpsrv() {
  kill -KILL -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

teardown() {
  local pid
  for pid in "${SERVERS[@]}"; do stop_tcpsrv "$pid"; done
}

@test "--facets: json counts per value in count order (ties by value), each value a filter" {
  run --separate-stderr "$VNSEARCH" search --db "$FACETS" --format json -n 1 --facets source,author,tag,year,month giá
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["total"], len(j["hits"])')" = "(5, 1)" ]
  # Key order is count order: compare the raw text, not a parsed dict.
  want='"facets":{"source":{"Dân trí":3,"Tuổi Trẻ":1,"VnExpress":1},"author":{"Lê Chi":2,"Nguyễn An":2},"tag":{"Kinh tế":2,"vàng":2,"xăng":1},"year":{"2020":2,"2021":2},"month":{"2021-01":2,"2020-10":1,"2020-11":1}}'
  [[ "$output" == *"$want"* ]]
  while IFS=$'\t' read -r filter count; do
    run "$VNSEARCH" search --db "$FACETS" --format json "giá $filter"
    [ "$(echo "$output" | json 'j["total"]')" = "$count" ]
  done <<< $'source:"Dân trí"\t3\nsource:"Tuổi Trẻ"\t1\nauthor:"Lê Chi"\t2\nauthor:"Nguyễn An"\t2\ntag:"Kinh tế"\t2\ntag:"xăng"\t1\ndate:2020\t2\ndate:2021-01\t2'
}

@test "--facets: text mode prints each facet under the hits; batch lines carry them too" {
  run --separate-stderr "$VNSEARCH" search --db "$FACETS" -n 2 --facets year,source giá
  [ "$status" -eq 0 ]
  [ "${lines[-2]}" = "year: 2020 (2) · 2021 (2)" ]
  [ "${lines[-1]}" = "source: Dân trí (3) · Tuổi Trẻ (1) · VnExpress (1)" ]
  run --separate-stderr "$VNSEARCH" search --db "$FACETS" --batch - --facets tag --facet-values 1 <<< $'q1\tvàng\nq2\txăng'
  [ "$status" -eq 0 ]
  [ "$(echo "${lines[0]}" | json 'j["facets"]')" = "{'tag': {'vàng': 2}}" ]
  [ "$(echo "${lines[1]}" | json 'j["facets"]')" = "{'tag': {'kinh tế': 1}}" ]
}

@test "--facets: an unknown facet is a usage error; without --facets there is no facets key" {
  run --separate-stderr "$VNSEARCH" search --db "$FACETS" --facets source,publisher giá
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"publisher"* ]]
  run "$VNSEARCH" search --db "$FACETS" --format json giá
  [ "$(echo "$output" | json '"facets" in j')" = "False" ]
}

@test "remote shards: a stub of remote lines searches them; a shard down is named, exit 0" {
  cat > "$WORKDIR/more.jsonl" <<'EOF2'
{"id": "haiphong", "title": "Hải Phòng mùa thu", "body": "Thành phố cảng vào thu."}
EOF2
  rm -rf "$WORKDIR/more"
  "$VNSEARCH" index --quiet --db "$WORKDIR/more" "$WORKDIR/more.jsonl"
  start_tcpsrv "$DB"; first=$PORT
  start_tcpsrv "$WORKDIR/more"; second=$PORT; second_pid=${SERVERS[-1]}
  printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$first" "$second" > "$WORKDIR/front.stub"

  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/front.stub" --format json "mùa thu"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | json 'sorted(h["id"] for h in j["hits"])')" = "['haiphong', 'hanoi']" ]
  [ "$(echo "$output" | json '"missing_shards" in j')" = "False" ]

  stop_tcpsrv "$second_pid"
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/front.stub" --format json "mùa thu"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json '[h["id"] for h in j["hits"]], j["missing_shards"]')" = "(['hanoi'], ['127.0.0.1:$second'])" ]
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/front.stub" "mùa thu"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Hà Nội **mùa** **thu**"* ]]
  [[ "$stderr" == *"warning: 1 shard did not answer"*"127.0.0.1:$second"* ]]
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/front.stub" --require-all-shards "mùa thu"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"127.0.0.1:$second"* ]]
  printf 'hn\tmùa thu\n' > "$WORKDIR/q.tsv"
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/front.stub" --batch "$WORKDIR/q.tsv"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["missing_shards"]')" = "['127.0.0.1:$second']" ]
}

local_search_ms() {  # the time of the same search on the local database alone (start-up included)
  local start=$(date +%s%N)
  "$VNSEARCH" search --db "$DB" --format json "hà nội" >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}

@test "remote shards: a port with nothing listening fails fast" {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'glass %s\nremote 127.0.0.1:%s\n' "$DB" "$port" > "$WORKDIR/down.stub"
  # Bounds are relative to a local search, so a slow start (a sanitizer build) does not count.
  base_ms=$(local_search_ms)
  start=$(date +%s%N)
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/down.stub" --remote-timeout 1000 --format json "hà nội"
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  [ "$elapsed_ms" -lt $(( base_ms + 1000 )) ]
  [ "$(echo "$output" | json 'j["hits"][0]["id"], j["missing_shards"]')" = "('hanoi', ['127.0.0.1:$port'])" ]
}

@test "remote shards: --remote-timeout bounds a shard that accepts and never answers" {
  # A listener that never accepts: connections complete in the kernel, no greeting ever comes.
  setsid python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(8); print(s.getsockname()[1], flush=True); time.sleep(60)' > "$WORKDIR/silent.port" 3>&- &
  SERVERS+=("$!")
  for i in $(seq 50); do [ -s "$WORKDIR/silent.port" ] && break; sleep 0.1; done
  port=$(cat "$WORKDIR/silent.port")
  printf 'glass %s\nremote 127.0.0.1:%s\n' "$DB" "$port" > "$WORKDIR/silent.stub"
  base_ms=$(local_search_ms)
  start=$(date +%s%N)
  run --separate-stderr "$VNSEARCH" search --db "$WORKDIR/silent.stub" --remote-timeout 1500 "hà nội"
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  # One wait for the greeting: the search right after opening does not try the shard again
  # (that would add the 1 s connect timeout).
  [ "$elapsed_ms" -lt $(( base_ms + 1500 + 800 )) ]
  [[ "$stderr" == *"127.0.0.1:$port"* ]]
}

@test "--batch leaves out the suggestion unless --suggest asks for it" {
  run "$VNSEARCH" search --db "$DB" --batch - <<< $'q1\tha noi'
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json '"suggestion" in j')" = "False" ]
  run "$VNSEARCH" search --db "$DB" --batch - --suggest <<< $'q1\tha noi'
  [ "$(echo "$output" | json 'j["suggestion"]')" = "hà nội" ]
}
