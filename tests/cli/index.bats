#!/usr/bin/env bats
# vnsearch index, stats and delete, end to end: exit codes, stdout versus stderr, JSON, the
# default location, --strict, --prune, --rebuild, a kill -9 of a running index, sharded indexes
# (--shards N) and cluster parts (--shard K/N).
bats_require_minimum_version 1.5.0

setup() {
  WORKDIR="$(mktemp -d)"
  DB="$WORKDIR/db"
  DATA="$VNSEARCH_SOURCE_DIR/tests/data"
}

teardown() {
  rm -rf "$WORKDIR"
}

json() {  # json EXPR: evaluates a Python expression over the JSON on stdin (j)
  python3 -c "import json,sys; j=json.load(sys.stdin); print(($1))"
}

corpus() {  # corpus N FILE: N generated articles with ids g0..g(N-1)
  python3 - "$1" "$2" <<'EOF'
import json, sys, random
random.seed(7)
syl = "hà nội việt nam kinh tế xã hội người dân thành phố đường mới năm nay công trình".split()
with open(sys.argv[2], "w") as f:
    for i in range(int(sys.argv[1])):
        body = " ".join(random.choice(syl) for _ in range(120))
        f.write(json.dumps({"id": f"g{i}", "title": f"Bài {i}", "body": body}, ensure_ascii=False) + "\n")
EOF
}

@test "index: clean input exits 0, summary on stderr, nothing on stdout" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" "$DATA/small.jsonl"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [[ "$stderr" == *"added"*"unchanged"*"skipped"* ]]
}

@test "index: --format json reports every count; a rerun finds everything unchanged" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" --format json "$DATA/small.jsonl"
  [ "$status" -eq 0 ]
  added=$(echo "$output" | json 'j["added"]')
  [ "$added" -gt 0 ]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --format json "$DATA/small.jsonl"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["added"] + j["updated"]')" -eq 0 ]
  [ "$(echo "$output" | json 'j["unchanged"]')" -eq "$added" ]
}

@test "index: bad records are named on stderr with file and line; exit 0, or 1 with --strict" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" "$DATA/bad"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"malformed.jsonl:2: malformed json"* ]]
  [[ "$stderr" == *"empty.txt: empty file: skipped"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$WORKDIR/strict" --strict "$DATA/bad"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"--strict"* ]]
}

@test "index: --format json gives each issue its kind" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" --format json "$DATA/bad" "$DATA/small.jsonl" "$DATA/small.jsonl"
  [ "$status" -eq 0 ]
  kinds=$(echo "$output" | json '" ".join(sorted(set(i["kind"] for i in j["issues"])))')
  [ "$kinds" = "duplicate repaired skipped" ]
  [ "$(echo "$output" | json 'sum(i["kind"] == "skipped" for i in j["issues"]) == j["skipped"]')" = "True" ]
}

@test "index: VIQR articles are converted, reported, and found by their UTF-8 titles" {
  mkdir "$WORKDIR/in"
  # Written for this test: VIQR as people type it, no escapes before punctuation.
  cat > "$WORKDIR/in/thu-vien.txt" <<'EOF'
Thu+ vie^.n mo+'i cho ho.c sinh vu`ng cao

Mo^.t thu+ vie^.n nho? vu+`a ddu+o+.c kha'nh tha`nh ta.i tru+o+`ng tie^?u ho.c xa~ Hu+~u Lie^n. Ca'c em ho.c sinh co' the^m cho^~ ddo.c sa'ch sau gio+` ho.c.
EOF
  cat > "$WORKDIR/in/tin.jsonl" <<'EOF'
{"id": "bac-son", "title": "Mu`a lu'a chi'n o+? Ba('c So+n", "body": "Cuo^'i tha'ng chi'n, nhu+~ng ca'nh ddo^`ng o+? huye^.n Ba('c So+n chuye^?n sang ma`u va`ng. Ba` con no^ng da^n tranh thu? tro+`i na('ng dde^? ga(.t lu'a."}
{"id": "english", "title": "Notes", "body": "We didn't go. Why? The U.S. team (e.g. Bob) said no. Who is he? So."}
EOF
  cat > "$WORKDIR/in/notes.txt" <<'EOF'
Notes

Don't run `a.b(c)` or x++ twice. Really? No. See https://example.org/a.html or ~/a.txt.
EOF
  run --separate-stderr "$VNSEARCH" index --db "$DB" --strict "$WORKDIR/in"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"thu-vien.txt: converted from viqr"* ]]
  [[ "$stderr" == *"tin.jsonl:1: converted from viqr: title, body"* ]]
  [[ "$stderr" != *"notes.txt"* ]]
  [[ "$stderr" != *"tin.jsonl:2"* ]]
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json "Thư viện mới cho học sinh vùng cao"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "thu-vien.txt" ]
  [ "$(echo "$output" | json 'j["hits"][0]["title"]')" = "Thư viện mới cho học sinh vùng cao" ]
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json '"Mùa lúa chín ở Bắc Sơn"'
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "bac-son" ]
  [ "$(echo "$output" | json 'j["hits"][0]["title"]')" = "Mùa lúa chín ở Bắc Sơn" ]
  # English and code stay as written.
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json "didn't"
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "english" ]
  run --separate-stderr "$VNSEARCH" search --db "$DB" --format json "Really twice"
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "notes.txt" ]
}

@test "index: a missing input is an error exit 1, the others are still indexed" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" "$WORKDIR/nope.jsonl" "$DATA/small.jsonl"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"nope.jsonl"* ]]
  run "$VNSEARCH" stats --db "$DB" --format json
  [ "$(echo "$output" | json 'j["documents"]')" -gt 0 ]
}

@test "index: usage errors exit 2" {
  run "$VNSEARCH" index --db "$DB"
  [ "$status" -eq 2 ]
  run "$VNSEARCH" index --batch-size 0 --db "$DB" "$DATA/small.jsonl"
  [ "$status" -eq 2 ]
}

@test "index: standard input" {
  run --separate-stderr bash -c "cat '$DATA/small.jsonl' | '$VNSEARCH' index --quiet --db '$DB' -"
  [ "$status" -eq 0 ]
  run "$VNSEARCH" stats --db "$DB" --format json
  [ "$(echo "$output" | json 'j["documents"]')" -eq "$(grep -c '"id"' "$DATA/small.jsonl")" ]
}

@test "index: the default location is \$VNSEARCH_DB, else the XDG data folder" {
  VNSEARCH_DB="$WORKDIR/envdb" run "$VNSEARCH" index --quiet "$DATA/small.jsonl"
  [ "$status" -eq 0 ]
  [ -d "$WORKDIR/envdb" ]
  env -u VNSEARCH_DB XDG_DATA_HOME="$WORKDIR/xdg" "$VNSEARCH" index --quiet "$DATA/small.jsonl"
  [ -d "$WORKDIR/xdg/vnsearch/index" ]
  run env -u VNSEARCH_DB XDG_DATA_HOME="$WORKDIR/xdg" "$VNSEARCH" stats --format json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["documents"]')" -gt 0 ]
}

@test "index: without VNSEARCH_DB or an absolute XDG_DATA_HOME the index goes under HOME" {
  cd "$WORKDIR"
  env -u VNSEARCH_DB -u XDG_DATA_HOME HOME="$WORKDIR/home" "$VNSEARCH" index --quiet "$DATA/small.jsonl"
  [ -d "$WORKDIR/home/.local/share/vnsearch/index" ]
  # A relative XDG_DATA_HOME is ignored, as the XDG spec says.
  run env -u VNSEARCH_DB XDG_DATA_HOME=rel HOME="$WORKDIR/home" "$VNSEARCH" stats --format json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["documents"]')" -gt 0 ]
  [ ! -e "$WORKDIR/rel" ]
}

@test "index: no --db and no location variable is exit 1 with a message" {
  run --separate-stderr env -u VNSEARCH_DB -u XDG_DATA_HOME -u HOME "$VNSEARCH" stats
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"no index location"* ]]
}

@test "stats: text and JSON; a missing index is exit 1" {
  "$VNSEARCH" index --quiet --db "$DB" "$DATA/small.jsonl"
  run "$VNSEARCH" stats --db "$DB"
  [ "$status" -eq 0 ]
  [[ "$output" == *"documents"*"terms"*"size"*"last update"* ]]
  run "$VNSEARCH" stats --db "$DB" --format json
  [ "$(echo "$output" | json 'j["terms"] > 0 and j["size_bytes"] > 0 and len(j["last_update"]) == 20')" = "True" ]
  run --separate-stderr "$VNSEARCH" stats --db "$WORKDIR/none"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"no such index"* ]]
}

@test "delete: removes by id, reports unknown ids on stderr" {
  "$VNSEARCH" index --quiet --db "$DB" "$DATA/small.jsonl"
  before=$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')
  run --separate-stderr "$VNSEARCH" delete --db "$DB" t1 t2 nope
  [ "$status" -eq 0 ]
  [[ "$output" == "deleted 2 of 3 document(s)" ]]
  [[ "$stderr" == *'"nope"'* ]]
  after=$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')
  [ "$after" -eq $((before - 2)) ]
}

@test "index --prune and --rebuild follow the inputs" {
  mkdir "$WORKDIR/in"
  printf '%s\n' '{"id":"a","title":"Một","body":"một"}' '{"id":"b","title":"Hai","body":"hai"}' > "$WORKDIR/in/x.jsonl"
  "$VNSEARCH" index --quiet --db "$DB" "$WORKDIR/in"
  printf '%s\n' '{"id":"a","title":"Một","body":"một"}' > "$WORKDIR/in/x.jsonl"
  run "$VNSEARCH" index --db "$DB" --format json --prune "$WORKDIR/in"
  [ "$(echo "$output" | json 'j["deleted"]')" -eq 1 ]
  printf '%s\n' '{"id":"c","title":"Ba","body":"ba"}' > "$WORKDIR/in/x.jsonl"
  run "$VNSEARCH" index --db "$DB" --format json --rebuild "$WORKDIR/in"
  [ "$status" -eq 0 ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')" -eq 1 ]
  [ ! -e "$DB.rebuild" ]
}

@test "index: kill -9 mid-run, rerun: every document exactly once, nothing corrupt" {
  corpus 15000 "$WORKDIR/big.jsonl"
  "$VNSEARCH" index --quiet --batch-size 50 --threads 1 --db "$DB" "$WORKDIR/big.jsonl" &
  pid=$!
  # The run writes segments first: stats counts their committed documents as pending.
  committed() {
    "$VNSEARCH" stats --db "$DB" --format json 2>/dev/null | json 'j["documents"] + j["pending"]' 2>/dev/null || echo 0
  }
  for _ in $(seq 1 2400); do  # up to 120 s for the first commits
    n=$(committed)
    [ "${n:-0}" -ge 300 ] && break
    sleep 0.05
  done
  kill -9 "$pid"
  wait "$pid" || true
  killed=$(committed)
  [ "$killed" -ge 300 ]
  [ "$killed" -lt 15000 ]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --format json "$WORKDIR/big.jsonl"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["unchanged"]')" -eq "$killed" ]
  [ "$(echo "$output" | json 'j["added"]')" -eq $((15000 - killed)) ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')" -eq 15000 ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["pending"]')" -eq 0 ]
  [ ! -e "$DB.segments" ]
  xapian-check "$DB" >/dev/null
}

@test "a closing byline is the author: shown in every hit, found by each name, kept out of the body" {
  db="$BATS_TEST_TMPDIR/byline-db"
  run "$VNSEARCH" index --quiet --db "$db" "$DATA/byline_two_names.txt"
  [ "$status" -eq 0 ]
  run "$VNSEARCH" search --db "$db" --format json 'author:"hoàng hải"'
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["total"]')" = "1" ]
  [ "$(echo "$output" | json 'j["hits"][0]["author"]')" = "MAI LAN – HOÀNG HẢI" ]
  run "$VNSEARCH" search --db "$db" --format json 'author:"mai lan – hoàng hải"'
  [ "$(echo "$output" | json 'j["total"]')" = "1" ]
  # The byline is not body text: its words find nothing, and no snippet shows it.
  run "$VNSEARCH" search --db "$db" --format json 'hoàng hải'
  [ "$(echo "$output" | json 'j["total"]')" = "0" ]
}

qterms() {  # qterms DB: the ids in a database, sorted, from its Q terms
  xapian-delve -A Q -1 "$1" | sed -n 's/^Q//p' | sort
}

@test "index --shards 3: a stub and 3 shards; stats lists them; search, delete and reruns find every id" {
  corpus 400 "$WORKDIR/in.jsonl"
  run --separate-stderr "$VNSEARCH" index --db "$DB" --shards 3 --format json "$WORKDIR/in.jsonl"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["added"]')" -eq 400 ]
  [ -f "$DB/XAPIANDB" ] && [ -f "$DB/shard-000/iamglass" ] && [ -f "$DB/shard-002/iamglass" ]
  run "$VNSEARCH" stats --db "$DB" --format json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'len(j["shards"])')" -eq 3 ]
  [ "$(echo "$output" | json 'sum(s["documents"] for s in j["shards"])')" -eq 400 ]
  [ "$(echo "$output" | json 'all(s["size_bytes"] > 0 and s["path"].endswith("shard-00%d" % i) for i, s in enumerate(j["shards"]))')" = "True" ]
  [ "$(xapian-delve "$DB" | sed -n 's/^number of documents = //p')" -eq 400 ]
  # The same documents in one database give the same number of hits.
  "$VNSEARCH" index --quiet --db "$WORKDIR/plain" "$WORKDIR/in.jsonl"
  run "$VNSEARCH" stats --db "$WORKDIR/plain" --format json
  [ "$(echo "$output" | json 'len(j["shards"])')" -eq 1 ]
  sharded=$("$VNSEARCH" search --db "$DB" --format json "kinh tế" | json 'j["total"]')
  plain=$("$VNSEARCH" search --db "$WORKDIR/plain" --format json "kinh tế" | json 'j["total"]')
  [ "$sharded" -gt 0 ]
  [ "$sharded" -eq "$plain" ]
  run "$VNSEARCH" search --db "$DB" --format json "Bài 123"
  [ "$(echo "$output" | json 'j["hits"][0]["id"]')" = "g123" ]
  # A rerun writes nothing; a delete finds ids in any shard.
  run --separate-stderr "$VNSEARCH" index --db "$DB" --format json "$WORKDIR/in.jsonl"
  [ "$(echo "$output" | json 'j["unchanged"]')" -eq 400 ]
  run "$VNSEARCH" delete --db "$DB" g1 g2 g3 g4
  [ "$output" = "deleted 4 of 4 document(s)" ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')" -eq 396 ]
}

@test "index --shards: another count fails with exit 1; --rebuild --shards switches plain and sharded" {
  corpus 100 "$WORKDIR/in.jsonl"
  "$VNSEARCH" index --quiet --db "$DB" --shards 2 "$WORKDIR/in.jsonl"
  run --separate-stderr "$VNSEARCH" index --db "$DB" --shards 3 "$WORKDIR/in.jsonl"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"has 2 shards"*"--rebuild --shards 3"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --rebuild --shards 1 "$WORKDIR/in.jsonl"
  [ "$status" -eq 0 ]
  [ -f "$DB/iamglass" ] && [ ! -e "$DB/XAPIANDB" ] && [ ! -e "$DB.rebuild" ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["documents"]')" -eq 100 ]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --shards 4 "$WORKDIR/in.jsonl"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"has 1 shard;"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --rebuild --shards 4 "$WORKDIR/in.jsonl"
  [ "$status" -eq 0 ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'len(j["shards"])')" -eq 4 ]
  [ "$("$VNSEARCH" search --db "$DB" --format json "Bài 42" | json 'j["hits"][0]["id"]')" = "g42" ]
}

@test "index --shard K/N: three cluster runs hold exactly the shards of one --shards 3 run" {
  corpus 300 "$WORKDIR/in.jsonl"
  "$VNSEARCH" index --quiet --db "$DB" --shards 3 "$WORKDIR/in.jsonl"
  others=0
  for k in 0 1 2; do
    run --separate-stderr "$VNSEARCH" index --db "$WORKDIR/part$k" --shard "$k/3" --format json "$WORKDIR/in.jsonl"
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | json 'len(j["issues"])')" -eq 0 ]
    others=$((others + $(echo "$output" | json 'j["other_shards"]')))
    [ -f "$WORKDIR/part$k/iamglass" ]
    [ "$(qterms "$WORKDIR/part$k")" = "$(qterms "$DB/shard-00$k")" ]
  done
  [ "$others" -eq 600 ]
  run --separate-stderr "$VNSEARCH" index --db "$WORKDIR/part1" --shard 2/3 "$WORKDIR/in.jsonl"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"holds shard 1/3, not 2/3"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$WORKDIR/x" --shard 3/3 "$WORKDIR/in.jsonl"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"--shard"* ]]
  # A rerun without --shard keeps the part: prune deletes only that part's missing documents.
  head -n 30 "$WORKDIR/in.jsonl" > "$WORKDIR/few.jsonl"
  run --separate-stderr "$VNSEARCH" index --db "$WORKDIR/part1" --prune --format json "$WORKDIR/few.jsonl"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | json 'j["added"] + j["other_shards"] + j["unchanged"]')" -eq 30 ]
  for id in $(qterms "$WORKDIR/part1"); do
    [ "${id#g}" -lt 30 ]
  done
  [ "$(qterms "$WORKDIR/part1" | wc -l)" -eq "$(echo "$output" | json 'j["unchanged"]')" ]
}
