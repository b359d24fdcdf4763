#!/usr/bin/env bash
# Fails when a module includes something its layer may not (see STYLE.md §2 and README.md,
# "Architecture"), or when files under src/ include one another in a cycle.
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
only() {  # folder, included folder, the only headers of it allowed (regex), why
    local hits
    hits=$(grep -rnE "^#include \"$2/" "$root/$1" 2>/dev/null | grep -vE "^[^:]*:[0-9]+:#include \"($3)\"")
    if [ -n "$hits" ]; then
        echo "layering: $1 may include only $4 of $2/:"; echo "$hits"; fail=1
    fi
}
check include/vnsearch 'unicode/|xapian|fmt/|CLI/|nlohmann/|zstd|zlib' "third-party headers"
check src/cli 'unicode/|xapian|text/|index/|search/|ingest/|store/' "ICU, Xapian or internal headers"
check src/server 'unicode/|xapian|text/|index/|search/|ingest/|store/|cli/|CLI/' "ICU, Xapian, internal headers, the CLI or CLI11"
check python/src 'unicode/|xapian|text/|index/|search/|ingest/|store/' "ICU, Xapian or internal headers"
check src/ingest 'unicode/|xapian|index/|search/|store/' "ICU, Xapian, index, search or store"
check src/text 'xapian|index/|search/|ingest/|store/' "Xapian or other modules"
check src/store 'unicode/|index/|search/|ingest/|cli/' "ICU or another module but text/"
only src/store text 'text/utf8\.hpp' "the UTF-8 helpers"
check src/index 'unicode/|search/|ingest/' "ICU, search or ingest"
check src/search 'unicode/|ingest/' "ICU or ingest"
only src/search index 'index/term_scheme\.hpp' "the term scheme"

# Include cycles. A unit is a header and its .cpp (src/a/b.hpp and src/a/b.cpp are one node): a
# .cpp is never included, so two units are tangled when each one's header or source includes the
# other's header, even though no header includes itself through the chain.
cycles=$(python3 - "$root/src" <<'EOF'
import os, re, sys

src = sys.argv[1]
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
graph = {}
for folder, _, files in os.walk(src):
    for name in files:
        if not name.endswith(('.hpp', '.cpp', '.h')):
            continue
        path = os.path.join(folder, name)
        unit = os.path.splitext(os.path.relpath(path, src))[0]
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        edges = graph.setdefault(unit, set())
        for target in include.findall(text):
            if os.path.exists(os.path.join(src, target)):
                other = os.path.splitext(target)[0]
                if other != unit:
                    edges.add(other)

# Tarjan's strongly connected components: every component of more than one unit is a cycle.
index, low, on_stack, stack, found = {}, {}, set(), [], []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in sorted(graph.get(v, ())):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            found.append(sorted(component))

sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index:
        visit(v)
for component in found:
    print('  ' + ', '.join(component))
EOF
)
if [ $? -ne 0 ]; then
    echo "layering: the include-cycle check failed to run"; fail=1
elif [ -n "$cycles" ]; then
    echo "layering: these units under src/ include one another in a cycle:"; echo "$cycles"; fail=1
fi

[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
