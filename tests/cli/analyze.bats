#!/usr/bin/env bats
@test "vnsearch --help exits 0" {
  run "$VNSEARCH" --help
  [ "$status" -eq 0 ]
}
