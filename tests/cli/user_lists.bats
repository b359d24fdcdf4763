#!/usr/bin/env bats
# vnsearch index --words / --synonyms / --reindex-changed and stats, end to end: the lists are
# stored with the index and used by every later process that searches it; bad files fail with
# the line at fault; a changed word list names the documents to re-analyse.
bats_require_minimum_version 1.5.0

setup() {
  WORKDIR="$(mktemp -d)"
  DB="$WORKDIR/db"
  DATA="$VNSEARCH_SOURCE_DIR/tests/data/user_lists"
}

teardown() {
  rm -rf "$WORKDIR"
}

json() {  # json EXPR: evaluates a Python expression over the JSON on stdin (j)
  python3 -c "import json,sys; j=json.load(sys.stdin); print(($1))"
}

ids() {  # ids QUERY: the ids of the hits, in rank order, one line
  "$VNSEARCH" search --db "$DB" --format json "$1" | json '" ".join(h["id"] for h in j["hits"])'
}

@test "user lists: stored with the index, used by a later process, shown by stats" {
  "$VNSEARCH" index -q --db "$DB" --words "$DATA/words.txt" --synonyms "$DATA/synonyms.txt" \
    "$DATA/articles.jsonl"
  [ "$(ids 'mô tô')" = "mo-to xe-may" ]
  [ "$(ids 'xe máy')" = "xe-may mo-to" ]
  [ "$(ids 'ai phôn')" = "ai-phon iphone" ]
  [ "$(ids 'iphone')" = "iphone ai-phon" ]
  [ "$(ids 'vin phat')" = "xe-may apart" ]
  run "$VNSEARCH" stats --db "$DB"
  [[ "$output" == *"word list    2 words"* ]]
  [[ "$output" == *"synonyms     2 groups"* ]]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json '(j["words"], j["synonym_groups"])')" = "(2, 2)" ]
}

@test "user lists: a run without them keeps them, an empty file removes them" {
  "$VNSEARCH" index -q --db "$DB" --synonyms "$DATA/synonyms.txt" "$DATA/articles.jsonl"
  "$VNSEARCH" index -q --db "$DB" "$DATA/articles.jsonl"
  [ "$(ids 'mô tô')" = "mo-to xe-may" ]
  : > "$WORKDIR/empty.txt"
  "$VNSEARCH" index -q --db "$DB" --synonyms "$WORKDIR/empty.txt"
  [ "$(ids 'mô tô')" = "mo-to" ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["synonym_groups"]')" = "0" ]
}

@test "user lists: a bad file fails with its line, before anything is written" {
  run --separate-stderr "$VNSEARCH" index --db "$DB" --words "$DATA/words-bad.txt" "$DATA/articles.jsonl"
  [ "$status" -ne 0 ]
  [[ "$stderr" == *"words-bad.txt:3: \"iPhone\" is not a Vietnamese syllable"* ]]
  [ ! -e "$DB" ]
  printf 'xe máy, mô tô\nxe \xff máy, xe gắn máy\n' > "$WORKDIR/syn.txt"
  run --separate-stderr "$VNSEARCH" index --db "$DB" --synonyms "$WORKDIR/syn.txt" "$DATA/articles.jsonl"
  [ "$status" -ne 0 ]
  [[ "$stderr" == *"syn.txt:2: not valid UTF-8"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$DB" --words "$WORKDIR/missing.txt" "$DATA/articles.jsonl"
  [ "$status" -ne 0 ]
  [[ "$stderr" == *"missing.txt"* ]]
  run --separate-stderr "$VNSEARCH" index --db "$DB"
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"inputs"*"required"* ]]
}

@test "user lists: a changed word list names the documents to re-analyse; --reindex-changed does it" {
  "$VNSEARCH" index -q --db "$DB" --words "$DATA/words.txt" "$DATA/articles.jsonl"
  printf 'phát hiện con\n' > "$WORKDIR/words2.txt"
  run --separate-stderr "$VNSEARCH" index --db "$DB" --words "$WORKDIR/words2.txt"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"2 documents contain words added to or removed from the word list"*"(apart, xe-may)"*"--reindex-changed"* ]]
  [[ "$("$VNSEARCH" stats --db "$DB")" == *"2 documents segmented with an older list"* ]]
  [ "$("$VNSEARCH" index --db "$DB" --format json "$DATA/articles.jsonl" --prune | json 'j["stale"]')" = "0" ]
  "$VNSEARCH" index -q --db "$DB" --words "$DATA/words.txt"
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["stale_documents"]')" = "2" ]
  [ "$("$VNSEARCH" index --db "$DB" --reindex-changed --format json | json '(j["reindexed"], j["stale"])')" = "(2, 0)" ]
  [ "$("$VNSEARCH" stats --db "$DB" --format json | json 'j["stale_documents"]')" = "0" ]
}
