#!/usr/bin/env bats
# vnsearch serve, end to end: a real server on a free loopback port over an index of
# tests/server/corpus.jsonl, asked with curl and with the raw-socket clients of client.py. Every
# server started here is stopped in teardown_file (and every wait is bounded).
bats_require_minimum_version 1.5.0

CLIENT="$BATS_TEST_DIRNAME/client.py"
TOKEN=0123456789abcdef-test-token

setup_file() {
  export WORKDIR="$(mktemp -d)"
  export DB="$WORKDIR/db"
  "$VNSEARCH" index --quiet --db "$DB" "$BATS_TEST_DIRNAME/corpus.jsonl"
  printf '%s\n' "$TOKEN" > "$WORKDIR/token"
  # The main server: small limits to test, the write endpoints on, a short idle timeout.
  start_server main --db "$DB" --threads 2 --admin-token-file "$WORKDIR/token" --timeout 2 \
    --max-limit 50 --max-query-bytes 300 --max-uri-bytes 4096 --max-header-bytes 8192 \
    --max-body-bytes 65536
  # A read-only one with the defaults.
  start_server readonly --db "$DB"
}

teardown_file() {
  for pidfile in "$WORKDIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    stop_server "$(cat "$pidfile")"
  done
  rm -rf "$WORKDIR"
}

# start_server NAME ARGS...: starts `vnsearch serve` on a free port; sets NAME_PORT in
# $WORKDIR/NAME.port and the pid in $WORKDIR/NAME.pid.
start_server() {
  local name=$1
  shift
  "$VNSEARCH" serve --listen 127.0.0.1:0 "$@" 2> "$WORKDIR/$name.log" 3>&- &
  echo $! > "$WORKDIR/$name.pid"
  local i
  for i in $(seq 100); do
    if grep -q "listening on" "$WORKDIR/$name.log"; then
      grep -o 'http://127.0.0.1:[0-9]*' "$WORKDIR/$name.log" | cut -d: -f3 > "$WORKDIR/$name.port"
      return 0
    fi
    kill -0 "$(cat "$WORKDIR/$name.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "server $name did not start:" >&2
  cat "$WORKDIR/$name.log" >&2
  return 1
}

stop_server() {  # PID: SIGTERM, then SIGKILL after 10 s
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

port() { cat "$WORKDIR/${1:-main}.port"; }
url() { echo "http://127.0.0.1:$(port "${2:-main}")$1"; }

json() {  # json EXPR: evaluates a Python expression over the JSON on stdin (j)
  python3 -c "import json,sys; j=json.load(sys.stdin); print(($1))"
}

# status_of URL [CURL ARGS...]: the HTTP status; the body is left in $WORKDIR/body.
status_of() {
  local u=$1
  shift
  curl -s --max-time 10 -o "$WORKDIR/body" -w '%{http_code}' "$@" "$u"
}

# expect_error STATUS URL [CURL ARGS...]: the answer is a JSON error with this status.
expect_error() {
  local want=$1
  shift
  local got
  got=$(status_of "$@")
  if [ "$got" != "$want" ]; then
    echo "expected $want, got $got for $*: $(cat "$WORKDIR/body")" >&2
    return 1
  fi
  [ "$(json 'j["error"]["status"]' < "$WORKDIR/body")" = "$want" ]
  [ -n "$(json 'j["error"]["message"]' < "$WORKDIR/body")" ]
}

@test "GET /api/search answers what vnsearch search --format json prints, plus took_ms" {
  run curl -sf --max-time 10 "$(url '/api/search?q=ha+noi&limit=3')"
  [ "$status" -eq 0 ]
  echo "$output" | json 'j["took_ms"] >= 0'
  server=$(echo "$output" | json 'json.dumps({k: v for k, v in j.items() if k != "took_ms"}, sort_keys=True)')
  cli=$("$VNSEARCH" search --db "$DB" --format json --threads 1 --limit 3 ha noi | json 'json.dumps(j, sort_keys=True)')
  [ "$server" = "$cli" ]
  [ "$(echo "$output" | json 'j["suggestion"]')" = "hà nội" ]
  [ "$(echo "$output" | json 'j["hits"][0]["title"]')" = "Hà Nội mở thêm tuyến xe buýt điện" ] ||
    [ "$(echo "$output" | json 'j["hits"][0]["title"]')" = "Hà Nội vào thu" ]
  # Highlights are byte offsets into the text, never markup.
  [ "$(echo "$output" | json '[j["hits"][0]["title"].encode()[b:e].decode() for b,e in j["hits"][0]["title_highlights"]]')" = "['Hà', 'Nội']" ]
}

@test "search parameters: limit, offset, sort=date, snippet_length" {
  run curl -sf --max-time 10 "$(url '/api/search?q=h%C3%A0+n%E1%BB%99i&sort=date&limit=1&offset=1&snippet_length=30')"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'len(j["hits"]), j["hits"][0]["rank"]')" = "(1, 2)" ]
  cli=$("$VNSEARCH" search --db "$DB" --format json --threads 1 --sort date --limit 1 --offset 1 --snippet-length 30 "hà nội" | json 'j["hits"][0]["id"]')
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "$cli" ]
  # An empty query is no error: no hits.
  run curl -sf --max-time 10 "$(url '/api/search?q=')"
  [ "$(echo "$output" | json 'j["total"], j["hits"]')" = "(0, [])" ]
}

@test "prefix=true: the last word as typed so far, as vnsearch search --prefix" {
  run curl -sf --max-time 10 "$(url '/api/search?q=xe+bu&prefix=true&limit=3')"
  [ "$status" -eq 0 ]
  server=$(echo "$output" | json 'json.dumps([h["id"] for h in j["hits"]])')
  cli=$("$VNSEARCH" search --db "$DB" --format json --threads 1 --limit 3 --prefix "xe bu" | json 'json.dumps([h["id"] for h in j["hits"]])')
  [ "$server" = "$cli" ]
  # "bu" begins "buýt": every word matches, so the hits are no partial match...
  [ "$(echo "$output" | json 'j["partial"], len(j["hits"]) > 0')" = "(False, True)" ]
  # ...which they are when "bu" is a whole word.
  run curl -sf --max-time 10 "$(url '/api/search?q=xe+bu&prefix=false&limit=3')"
  [ "$(echo "$output" | json 'j["partial"]')" = "True" ]
}

@test "facets=: the counts vnsearch search --facets prints, most frequent first" {
  run curl -sf --max-time 10 "$(url '/api/search?q=h%C3%A0+n%E1%BB%99i&facets=source,year,tag&limit=0')"
  [ "$status" -eq 0 ]
  server=$(echo "$output" | json 'json.dumps(j["facets"], ensure_ascii=False)')
  cli=$("$VNSEARCH" search --db "$DB" --format json --limit 0 --facets source,year,tag "hà nội" | json 'json.dumps(j["facets"], ensure_ascii=False)')
  [ "$server" = "$cli" ]
  [ "$(echo "$output" | json 'list(j["facets"]["tag"].items())[0]')" = "('Hà Nội', 3)" ]
  # A facet value is a filter with the same spelling.
  run curl -sf --max-time 10 "$(url '/api/search?q=h%C3%A0+n%E1%BB%99i+source%3A%22B%C3%A1o+Th%E1%BB%A7+%C4%90%C3%B4%22')"
  [ "$(echo "$output" | json 'j["total"]')" = "$(echo "$server" | json 'j["source"]["Báo Thủ Đô"]')" ]
}

@test "bad search parameters are 400 with a JSON error" {
  expect_error 400 "$(url '/api/search')"                       # no q
  expect_error 400 "$(url '/api/search?q=a&limit=abc')"
  expect_error 400 "$(url '/api/search?q=a&limit=51')"          # over --max-limit
  expect_error 400 "$(url '/api/search?q=a&limit=-1')"
  expect_error 400 "$(url '/api/search?q=a&offset=99999999')"
  expect_error 400 "$(url '/api/search?q=a&sort=oldest')"
  expect_error 400 "$(url '/api/search?q=a&snippet_length=0')"
  expect_error 400 "$(url '/api/search?q=a&facets=source,colour')"  # unknown facet
  expect_error 400 "$(url '/api/search?q=a&facets=year,year')"
  expect_error 400 "$(url '/api/search?q=a&prefix=maybe')"
  expect_error 400 "$(url '/api/search?q=a&lmit=5')"            # unknown parameter
  [[ "$(json 'j["error"]["message"]' < "$WORKDIR/body")" == *lmit* ]]
  expect_error 400 "$(url '/api/search?q=date:2020-13-45')"     # the library's invalid_query
  q=$(python3 -c 'print("a" * 301)')
  expect_error 400 "$(url "/api/search?q=$q")"                  # over --max-query-bytes
}

@test "invalid percent-encoding and invalid UTF-8 are 400" {
  expect_error 400 "$(url '/api/search?q=%zz')"
  expect_error 400 "$(url '/api/search?q=abc%4')"
  expect_error 400 "$(url '/api/search?q=%FF%FE')"
  expect_error 400 "$(url '/api/search?q=%C3%28')"
  expect_error 400 "$(url '/api/search?q=%ED%A0%80')"           # a UTF-16 surrogate
  expect_error 400 "$(url '/api/documents/%zz')"
  expect_error 400 "$(url '/api/documents/%C0%AF')"             # overlong '/'
  # The server still answers.
  [ "$(status_of "$(url '/healthz')")" = 200 ]
}

@test "GET /api/documents/{id}: the stored article; ids with / and spaces percent-encoded; 404" {
  run curl -sf --max-time 10 "$(url /api/documents/hn-thu)"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["id"], j["title"], j["source"], j["date"], j["tags"]')" = "('hn-thu', 'Hà Nội vào thu', 'Báo Thủ Đô', '2020-09-28', ['Hà Nội', 'mùa thu'])" ]
  [ "$(echo "$output" | json 'j["summary"]')" = "Mùa thu Hà Nội dịu dàng." ]
  run curl -sf --max-time 10 "$(url '/api/documents/nam%2F2023%2Fbai%201')"
  [ "$(echo "$output" | json 'j["id"]')" = "nam/2023/bai 1" ]
  expect_error 404 "$(url /api/documents/khong-co)"
  expect_error 404 "$(url /api/documents/)"
}

@test "GET /api/stats is vnsearch stats --format json; /healthz counts the documents" {
  run curl -sf --max-time 10 "$(url /api/stats)"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["documents"], sorted(j.keys())')" = "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"], sorted(j.keys())')" ]
  run curl -sf --max-time 10 "$(url /healthz)"
  [ "$(echo "$output" | json 'j["status"], j["documents"]')" = "('ok', 12)" ]
}

@test "the page: /, /app.js, /style.css with types, CSP, nosniff, ETag and 304" {
  run curl -sf --max-time 10 -D "$WORKDIR/headers" -o "$WORKDIR/page" "$(url /)"
  [ "$status" -eq 0 ]
  grep -qi '^content-type: text/html; charset=utf-8' "$WORKDIR/headers"
  grep -qi "^content-security-policy: default-src 'none'; script-src 'self';" "$WORKDIR/headers"
  grep -qi '^x-content-type-options: nosniff' "$WORKDIR/headers"
  grep -qi '^cache-control: no-cache' "$WORKDIR/headers"
  cmp "$WORKDIR/page" "$VNSEARCH_SOURCE_DIR/web/index.html"
  etag=$(grep -i '^etag:' "$WORKDIR/headers" | cut -d' ' -f2 | tr -d '\r')
  [ -n "$etag" ]
  [ "$(status_of "$(url /)" -H "If-None-Match: $etag")" = 304 ]
  [ "$(status_of "$(url '/?q=ha+noi')")" = 200 ]   # the page's own links carry the query
  run curl -sf --max-time 10 -D - -o /dev/null "$(url /app.js)"
  [[ "$output" == *"Content-Type: text/javascript; charset=utf-8"* ]]
  run curl -sf --max-time 10 -D - -o /dev/null "$(url /style.css)"
  [[ "$output" == *"Content-Type: text/css; charset=utf-8"* ]]
  # HEAD: the headers without the body.
  run curl -sf --max-time 10 -I "$(url /)"
  [[ "$output" == *"HTTP/1.1 200"* ]]
  # JSON answers are never cached and never sniffed.
  run curl -sf --max-time 10 -D - -o /dev/null "$(url '/api/search?q=a')"
  [[ "$output" == *"Cache-Control: no-store"* ]]
  [[ "$output" == *"X-Content-Type-Options: nosniff"* ]]
  [[ "$output" == *"Content-Type: application/json; charset=utf-8"* ]]
}

@test "404 for unknown paths, 405 with Allow for a wrong method, 400 for dot segments" {
  expect_error 404 "$(url /khong-co)"
  expect_error 404 "$(url /api)"
  expect_error 405 "$(url '/api/search?q=a')" -X POST
  curl -s --max-time 10 -D - -o /dev/null -X PUT "$(url /api/stats)" | grep -qi '^allow: GET, HEAD'
  expect_error 405 "$(url /)" -X DELETE
  expect_error 400 "$(url /../../etc/passwd)" --path-as-is
  expect_error 400 "$(url /api/documents/..)" --path-as-is
  expect_error 400 "$(url /%2e%2e/etc/passwd)" --path-as-is
  expect_error 400 "$(url /api/./stats)" --path-as-is
}

@test "limits: 414 for a long URI, 431 for big headers, a 100,000-character query" {
  q=$(python3 -c 'print("ab " * 1500)' | tr ' ' '+')
  expect_error 414 "$(url "/api/search?q=$q")"                  # over --max-uri-bytes
  expect_error 431 "$(url '/api/search?q=a')" -H "X-Big: $(python3 -c 'print("a" * 10000)')"
  # A 100,000-character query and a 100 KB header still get the JSON answer.
  q=$(python3 -c 'print("a" * 100000)')
  expect_error 414 "$(url "/api/search?q=$q")"
  python3 -c 'print("X-Big: " + "a" * 102400)' > "$WORKDIR/big-header"
  expect_error 431 "$(url '/api/search?q=a')" -H @"$WORKDIR/big-header"
  # Past 256 KiB of request head, libmicrohttpd's own memory bound answers (its HTML 431) or
  # closes: never a crash.
  run python3 "$CLIENT" big-header "$(port)" 1024
  [[ "$output" == "HTTP/1.1 431"* || "$output" == closed ]]
  [ "$(status_of "$(url /healthz)")" = 200 ]
}

@test "write endpoints: 401 without the token, 413 over the body limit, POST then DELETE" {
  expect_error 401 "$(url /api/documents)" -X POST --data-binary '{"id": "x"}'
  expect_error 401 "$(url /api/documents)" -X POST -H "Authorization: Bearer wrong-token-0123456789" --data-binary '{"id": "x"}'
  expect_error 401 "$(url /api/documents/hn-thu)" -X DELETE
  big=$(python3 -c 'print("x" * 70000)')
  expect_error 413 "$(url /api/documents)" -X POST -H "Authorization: Bearer $TOKEN" --data-binary "$big"
  printf '%s\n' '{"id": "moi-1", "title": "Cầu Long Biên sơn lại", "body": "Cây cầu trăm tuổi được sơn lại màu nâu đỏ.", "date": "2023-03-03", "source": "Báo Thủ Đô"}' \
    'not json' > "$WORKDIR/new.jsonl"
  run curl -s --max-time 20 -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$WORKDIR/new.jsonl" "$(url /api/documents)"
  [ "$(echo "$output" | json 'j["added"], len(j["issues"]), j["issues"][0]["line"]')" = "(1, 1, 2)" ]
  # Searchable at once, by this server and by the library.
  run curl -sf --max-time 10 "$(url '/api/search?q=cau+long+bien')"
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "moi-1" ]
  run curl -s --max-time 10 -X DELETE -H "Authorization: Bearer $TOKEN" "$(url /api/documents/moi-1)"
  [ "$(echo "$output" | json 'j["deleted"]')" = "moi-1" ]
  expect_error 404 "$(url /api/documents/moi-1)"
  expect_error 404 "$(url /api/documents/moi-1)" -X DELETE -H "Authorization: Bearer $TOKEN"
  expect_error 400 "$(url /api/documents)" -X POST -H "Authorization: Bearer $TOKEN" --data-binary 'only garbage'
}

@test "read-only by default: no write endpoints" {
  expect_error 404 "$(url /api/documents readonly)" -X POST --data-binary '{"id": "x"}'
  expect_error 405 "$(url /api/documents/hn-thu readonly)" -X DELETE -H "Authorization: Bearer $TOKEN"
  [ "$(status_of "$(url /api/documents/hn-thu readonly)")" = 200 ]
}

@test "a reindex by another process is seen on the next request" {
  cp -r "$DB" "$WORKDIR/db2"
  start_server reindex --db "$WORKDIR/db2" --threads 2 --quiet
  run curl -sf --max-time 10 "$(url '/api/search?q=ch%E1%BB%A3+n%E1%BB%95i' reindex)"
  [ "$(echo "$output" | json 'j["total"]')" = 0 ]
  echo '{"id": "cho-noi", "title": "Chợ nổi Cái Răng", "body": "Chợ nổi họp từ sáng sớm trên sông."}' > "$WORKDIR/more.jsonl"
  "$VNSEARCH" index --quiet --db "$WORKDIR/db2" "$WORKDIR/more.jsonl"
  # Each worker has its own Searcher: ask more times than there are workers.
  for i in 1 2 3 4; do
    run curl -sf --max-time 10 "$(url '/api/search?q=ch%E1%BB%A3+n%E1%BB%95i' reindex)"
    [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "cho-noi" ]
  done
  # A rebuild switches a new folder into place: followed as well.
  "$VNSEARCH" index --quiet --rebuild --db "$WORKDIR/db2" "$WORKDIR/more.jsonl"
  for i in 1 2 3 4; do
    run curl -sf --max-time 10 "$(url '/healthz' reindex)"
    [ "$(echo "$output" | json 'j["documents"]')" = 1 ]
  done
}

@test "concurrent requests give the command line's answers" {
  run python3 "$CLIENT" concurrent "$(port)" "$VNSEARCH" "$DB" 16 12
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "hostile: 200 idle connections (slowloris) while a search answers within a second" {
  run python3 "$CLIENT" slowloris "$(port readonly)" 200 3
  echo "$output"
  [ "$status" -eq 0 ]
  # and a connection that stops mid-headers is closed by --timeout
  run python3 "$CLIENT" idle-closed "$(port)" 6
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "hostile: a chunked body without end, and a chunked flood: 411 before the body is read" {
  run python3 "$CLIENT" chunked-forever "$(port)" "$TOKEN" 6
  echo "$output"
  [ "$status" -eq 0 ]
  run python3 "$CLIENT" chunked-flood "$(port)" "$TOKEN" 4
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(status_of "$(url /healthz)")" = 200 ]
}

@test "hostile: raw garbage, a bad request line, a huge method" {
  run python3 "$CLIENT" raw "$(port)" 'GARBAGE\r\n\r\n'
  [[ "$output" == "HTTP/1.1 4"* || "$output" == closed ]]
  run python3 "$CLIENT" raw "$(port)" 'GET /api/search?q=%ff HTTP/1.1\r\nHost: x\r\n\r\n'
  [[ "$output" == "HTTP/1.1 400"* ]]
  run python3 "$CLIENT" raw "$(port)" "$(python3 -c 'print("A" * 20000)') / HTTP/1.1\r\n\r\n"
  [[ "$output" == "HTTP/1.1 4"* || "$output" == closed ]]
  [ "$(status_of "$(url /healthz)")" = 200 ]
}

@test "503 beyond --max-connections" {
  start_server few --db "$DB" --max-connections 4 --quiet
  run python3 "$CLIENT" hold-idle "$(port few)" 6 0
  echo "$output"
  [[ "$output" == "503 too many connections"* ]]
  [ "$(status_of "$(url /healthz few)")" = 200 ]
}

@test "503 with Retry-After beyond --max-queue; a silent shard is reported missing" {
  python3 "$CLIENT" silent-shard 0 "$WORKDIR/silent.port" 60 3>&- &
  echo $! > "$WORKDIR/silent.pid"
  for i in $(seq 50); do [ -s "$WORKDIR/silent.port" ] && break; sleep 0.1; done
  printf 'auto %s\nremote 127.0.0.1:%s\n' "$DB" "$(cat "$WORKDIR/silent.port")" > "$WORKDIR/silent.stub"
  start_server queued --db "$WORKDIR/silent.stub" --threads 1 --max-queue 1 \
    --remote-timeout 1500 --remote-connect-timeout 1500 --quiet
  run python3 "$CLIENT" queue-full "$(port queued)" 6
  echo "$output"
  local queue_status=$status
  stop_server "$(cat "$WORKDIR/queued.pid")"
  # --require-all-shards: a server that cannot reach every shard does not start (and answers
  # 503 to a search that loses one later).
  run timeout 20 "$VNSEARCH" serve --db "$WORKDIR/silent.stub" --listen 127.0.0.1:0 \
    --remote-timeout 500 --remote-connect-timeout 500 --require-all-shards
  local strict_status=$status strict_output=$output
  kill "$(cat "$WORKDIR/silent.pid")"
  wait "$(cat "$WORKDIR/silent.pid")" || true
  [ "$queue_status" -eq 0 ]
  [ "$strict_status" -eq 1 ]
  [[ "$strict_output" == *"shards unavailable: 127.0.0.1:"* ]]
}

@test "access log: method, path without the query string, status, ms; --quiet: none" {
  curl -s --max-time 10 -o /dev/null "$(url '/api/search?q=secret+words')"
  grep -E '^GET /api/search 200 [0-9.]+ms$' "$WORKDIR/main.log"
  ! grep -q 'secret' "$WORKDIR/main.log"
  ! grep -q '^GET ' "$WORKDIR/reindex.log"
}

@test "SIGTERM: the request in flight is answered, then exit 0" {
  cp -r "$DB" "$WORKDIR/db3"
  "$VNSEARCH" serve --listen 127.0.0.1:0 --db "$WORKDIR/db3" --admin-token-file "$WORKDIR/token" 2> "$WORKDIR/term.log" 3>&- &
  pid=$!
  for i in $(seq 100); do grep -q "listening on" "$WORKDIR/term.log" && break; sleep 0.1; done
  p=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORKDIR/term.log" | cut -d: -f3)
  run python3 "$CLIENT" drain "$p" "$TOKEN" "$pid"
  echo "$output"
  [[ "$output" == "HTTP/1.1 200"*'"added":1'* ]]
  code=0
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" || code=$?
  [ "$code" -eq 0 ]
  grep -q "SIGTERM" "$WORKDIR/term.log"
  ! curl -s --max-time 2 "http://127.0.0.1:$p/healthz"
}

@test "bad options: no index, a bad address, a short token" {
  run "$VNSEARCH" serve --db "$WORKDIR/none" --listen 127.0.0.1:0
  [ "$status" -eq 1 ]
  [[ "$output" == *"none"* ]]
  run "$VNSEARCH" serve --db "$DB" --listen nowhere:80
  [ "$status" -eq 1 ]
  run "$VNSEARCH" serve --db "$DB" --listen 127.0.0.1:99999
  [ "$status" -ne 0 ]
  echo short > "$WORKDIR/short"
  run "$VNSEARCH" serve --db "$DB" --listen 127.0.0.1:0 --admin-token-file "$WORKDIR/short"
  [ "$status" -eq 1 ]
  [[ "$output" == *"16 characters"* ]]
}

@test "every server of this file stops on SIGTERM, with no sanitizer report in its log" {
  # Last in the file: the servers have answered every test above. Under ASan a leak or a memory
  # error is reported on stderr at exit, which goes to these logs.
  for name in main readonly reindex few; do
    [ -e "$WORKDIR/$name.pid" ] || continue
    pid=$(cat "$WORKDIR/$name.pid")
    stop_server "$pid"
    ! kill -0 "$pid" 2>/dev/null
    grep -q "vnsearch serve: stopped" "$WORKDIR/$name.log"
    rm "$WORKDIR/$name.pid"
  done
  for log in "$WORKDIR"/*.log; do
    if grep -q "Sanitizer" "$log"; then cat "$log"; false; fi
  done
}
