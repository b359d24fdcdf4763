#!/usr/bin/env bash
# Fails when a module includes something its layer may not (see STYLE.md §2).
set -u
root=${1:-.}
fail=0
check() {  # folder, forbidden-regex, why
    local hits
    hits=$(grep -rnE "^#include [<\"]($2)" "$root/$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "layering: $1 must not include $3:"; echo "$hits"; fail=1
    fi
}
check include/vnsearch 'unicode/|xapian|fmt/|CLI/|nlohmann/|zstd|zlib' "third-party headers"
check src/cli 'unicode/|xapian|text/|index/|search/|ingest/' "ICU, Xapian or internal headers"
check src/ingest 'unicode/|xapian|index/|search/' "ICU, Xapian, index or search"
check src/text 'xapian|index/|search/|ingest/' "Xapian or other modules"
check src/index 'unicode/|search/|ingest/' "ICU, search or ingest"
check src/search 'unicode/|ingest/|index/index_writer' "ICU, ingest or the write side"
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
