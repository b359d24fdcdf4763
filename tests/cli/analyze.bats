#!/usr/bin/env bats
# vnsearch analyze, end to end: stdout, stderr, exit codes.

@test "vnsearch --help lists the commands and exits 0" {
  run "$VNSEARCH" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *analyze* ]]
}

@test "no command is a usage error (exit 2)" {
  run "$VNSEARCH"
  [ "$status" -eq 2 ]
}

@test "an unknown option is a usage error (exit 2) reported on stderr" {
  run --separate-stderr "$VNSEARCH" analyze --no-such-option
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *no-such-option* ]]
}

@test "analyze prints a table with the three forms" {
  run "$VNSEARCH" analyze "Thủy Hoà"
  [ "$status" -eq 0 ]
  [[ "$output" == *"thuỷ"*"thuy"* ]]
  [[ "$output" == *"hoà"*"hoa"* ]]
}

@test "analyze --format json gives tokens and words" {
  run "$VNSEARCH" analyze --format json "kinh tế TP.HCM"
  [ "$status" -eq 0 ]
  echo "$output" | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert [t["exact"] for t in j["tokens"]] == ["kinh", "tế", "tp", "hcm"], j
assert [w["text"] for w in j["words"]] == ["kinh tế", "TP.HCM"], j
assert j["tokens"][2]["kind"] == "abbreviation"
'
}

@test "analyze reads one text per stdin line without an argument" {
  run bash -c 'printf "Hà Nội\nĐà Nẵng\n" | "$VNSEARCH" analyze --format json'
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | wc -l)" -eq 2 ]
}

@test "analyze --words joins the syllables of a word and keeps punctuation apart" {
  run bash -c 'printf "Kinh tế xã hội ở thành phố Hồ Chí Minh .\nKINH TE XA HOI\n" | "$VNSEARCH" analyze --words'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "Kinh_tế xã_hội ở thành_phố Hồ_Chí_Minh ." ]
  [ "${lines[1]}" = "KINH_TE XA_HOI" ]
}

@test "analyze --words survives invalid UTF-8 and keeps the line count" {
  run bash -c 'printf "H\xe0 N\xf4i\n\xff\xfe\n\nabc\n" | "$VNSEARCH" analyze --words | wc -l'
  [ "$status" -eq 0 ]
  [ "$output" -eq 4 ]
}

@test "a missing user dictionary is a usage error naming the file" {
  run --separate-stderr "$VNSEARCH" analyze --user-dict /no/such/file.txt "x"
  [ "$status" -eq 2 ]
  [[ "$stderr" == */no/such/file.txt* ]]
}
