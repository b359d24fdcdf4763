#!/usr/bin/env bats
# vnsearch convert: legacy Vietnamese encodings to UTF-8 NFC. Fixtures are our own prose,
# encoded by tools/build_encoding_tables.py --fixtures.

bats_require_minimum_version 1.5.0

setup() {
  FIX="$VNSEARCH_SOURCE_DIR/tests/data/encodings"
  TMP="$(mktemp -d)"
}

teardown() {
  rm -rf "$TMP"
}

@test "convert: every legacy encoding is detected and written as the UTF-8 original" {
  for enc in tcvn3 tcvn3-vn1 vni viscii vps cp1258; do
    run "$VNSEARCH" convert "$FIX/prose.$enc.txt"
    [ "$status" -eq 0 ] || { echo "$enc: status $status: $output"; false; }
    "$VNSEARCH" convert "$FIX/prose.$enc.txt" 2>/dev/null | cmp - "$FIX/prose.utf8.txt"
  done
}

@test "convert: valid UTF-8 comes out byte for byte" {
  "$VNSEARCH" convert "$FIX/prose.utf8.txt" > "$TMP/out.txt"
  cmp "$TMP/out.txt" "$FIX/prose.utf8.txt"
}

@test "convert: --from forces the encoding, -v says which was used" {
  run "$VNSEARCH" convert -v --from VNI-Windows -o "$TMP/out.txt" "$FIX/prose.vni.txt"
  [ "$status" -eq 0 ]
  [[ "$output" == *"prose.vni.txt"*"vni (as told)"* ]]
  cmp "$TMP/out.txt" "$FIX/prose.utf8.txt"
}

@test "convert: VIQR (plain ASCII) is left alone unless --from viqr, with a hint on stderr" {
  run "$VNSEARCH" convert "$FIX/prose.viqr.txt"
  [ "$status" -eq 0 ]
  [[ "$output" == *"--from viqr"* ]]
  "$VNSEARCH" convert --from viqr "$FIX/prose.viqr.txt" | cmp - "$FIX/prose.utf8.txt"
}

@test "convert: several files into a folder keep their names" {
  mkdir "$TMP/out"
  run "$VNSEARCH" convert -o "$TMP/out" "$FIX/prose.tcvn3.txt" "$FIX/prose.viscii.txt"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  cmp "$TMP/out/prose.tcvn3.txt" "$FIX/prose.utf8.txt"
  cmp "$TMP/out/prose.viscii.txt" "$FIX/prose.utf8.txt"
}

@test "convert: several files with -o that is not a folder is an error" {
  run "$VNSEARCH" convert -o "$TMP/nope.txt" "$FIX/prose.tcvn3.txt" "$FIX/prose.vni.txt"
  [ "$status" -eq 1 ]
  [[ "$output" == *"must be an existing folder"* ]]
}

@test "convert: reads stdin as -" {
  "$VNSEARCH" convert - < "$FIX/prose.vps.txt" | cmp - "$FIX/prose.utf8.txt"
}

@test "convert: an undecidable file is reported on stderr, named, exit 1, nothing on stdout" {
  printf 'Le caf\xe9 \xe9tait tr\xe8s pr\xe8s de l h\xf4tel.\n' > "$TMP/french.txt"
  run --separate-stderr "$VNSEARCH" convert "$TMP/french.txt"
  [ "$status" -eq 1 ]
  [ -z "$output" ]
  [[ "$stderr" == *"french.txt"*"cannot tell its encoding"* ]]
}

@test "convert: a missing file is a runtime error naming it; the other files still convert" {
  run --separate-stderr "$VNSEARCH" convert "$TMP/missing.txt" "$FIX/prose.tcvn3.txt"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"missing.txt"* ]]
  [[ "$output" == *"Hà Nội"* ]]
}

@test "convert: an unknown encoding name is a usage error (exit 2)" {
  run --separate-stderr "$VNSEARCH" convert --from latin-9 "$FIX/prose.tcvn3.txt"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *"latin-9"* ]]
}

@test "convert: no file is a usage error (exit 2)" {
  run "$VNSEARCH" convert
  [ "$status" -eq 2 ]
}
