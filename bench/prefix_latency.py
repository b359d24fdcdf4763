#!/usr/bin/env python3
"""Search as you type: the cost of `vnsearch search --prefix` where it is largest, a query of one
letter (every letter a Vietnamese word can start with, and a few longer prefixes), against the
same words searched without --prefix, in one warm `--batch --timing` process each (wall ms of
the best of three runs, top 10, no snippets).

    bench/prefix_latency.py path/to/vnsearch path/to/index
"""
import json
import statistics
import subprocess
import sys

QUERIES = list("abcdeghiklmnopqrstuvxy") + ["đ", "th", "ng", "nguyen v", "thanh pho ho ch", "kinh t"]


def run(vnsearch, db, prefix):
    text = "".join(f"{i}\t{q}\n" for i, q in enumerate(QUERIES))
    cmd = [vnsearch, "search", "--db", db, "--batch", "-", "--timing", "-n", "10"]
    if prefix:
        cmd.append("--prefix")
    out = subprocess.run(cmd, input=text.encode(), stdout=subprocess.PIPE, check=True).stdout
    return [json.loads(line)["ms"] for line in out.decode().splitlines()]


def best_of(vnsearch, db, prefix, runs=3):
    rows = [run(vnsearch, db, prefix) for _ in range(runs)]
    return [min(r[i] for r in rows) for i in range(len(QUERIES))]


def main():
    vnsearch, db = sys.argv[1:3]
    with_prefix, without = best_of(vnsearch, db, True), best_of(vnsearch, db, False)
    for q, a, b in zip(QUERIES, with_prefix, without):
        print(f"{q!r:20} --prefix {a:7.2f} ms   without {b:7.2f} ms")
    worst = max(range(len(QUERIES)), key=lambda i: with_prefix[i])
    print(f"--prefix: median {statistics.median(with_prefix):.2f} ms, worst {with_prefix[worst]:.2f} ms "
          f"({QUERIES[worst]!r}); without: median {statistics.median(without):.2f} ms, "
          f"worst {max(without):.2f} ms")


if __name__ == "__main__":
    main()
