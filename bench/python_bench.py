#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Python module against the C++ it wraps, in the same run on the same indexes.

Search: every query of the dev sets in ../shared/data/eval, answered by a warm
`vnsearch search --batch - --timing` (C++: the in-process time of Searcher::search, results in
memory) and by vnsearch.Searcher.search in this process (Python: the call, results built as
Python objects), one query to each in turn; top 100 ids, and top 10 with snippets, suggestions
off in both (as --batch does). A query's time is its best of ROUNDS; a set's figure the mean and
median of those. Wall and CPU time (the process's, helper thread included, on both sides).

Words: `vnsearch analyze --words` (C++, user+sys CPU of the process) against a Python loop of
Analyzer.words() (CPU of the loop) on the same file, one text a line.

    bench/python_bench.py [--build build-rel] [--work /tmp/vnsearch-pybench] [--rounds 3]
                          [--words-file FILE] [--words-mb 20]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parents[1]
SETS = [("legal-qa", "queries.tsv"), ("news", "queries-keywords.tsv"), ("wiki-qa", "queries.tsv")]
MODES = {"ids100": (100, False), "page10": (10, True)}


def read_queries(path: pathlib.Path) -> list[str]:
    rows = [line.rstrip("\n").split("\t", 1) for line in open(path, encoding="utf-8")]
    return [r[1] for r in rows if len(r) == 2 and r[1].strip()]


def ensure_index(cli: str, corpus: pathlib.Path, db: pathlib.Path) -> None:
    if not db.exists():
        subprocess.run([cli, "index", "--db", str(db), str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)


class CppSearcher:
    """`vnsearch search --batch - --timing` kept warm, fed one query at a time (stdout line
    buffered through stdbuf): a query's C++ and Python timings are taken back to back, so the
    load of a shared machine falls on both alike."""

    def __init__(self, cli: str, db: pathlib.Path, limit: int, snippets: bool) -> None:
        cmd = ["stdbuf", "-oL", cli, "search", "--db", str(db), "--batch", "-", "--timing",
               "-n", str(limit)] + (["--snippets"] if snippets else [])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8")

    def search(self, query: str) -> tuple[float, float, list[str]]:
        self.proc.stdin.write(f"q\t{query}\n")
        self.proc.stdin.flush()
        r = json.loads(self.proc.stdout.readline())
        return r["ms"], r["cpu_ms"], [h["id"] for h in r["hits"]]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def python_search(s, query: str, limit: int, snippets: bool) -> tuple[float, float, list[str]]:
    t0, c0 = time.perf_counter(), time.process_time()
    r = s.search(query, limit=limit, snippets=snippets, suggest=False)
    c1, t1 = time.process_time(), time.perf_counter()
    return (t1 - t0) * 1000, (c1 - c0) * 1000, [h.id for h in r.hits]


def search_bench(vnsearch, cli: str, shared: pathlib.Path, work: pathlib.Path, rounds: int):
    print("| set | mode | queries | C++ ms: wall mean / median, CPU mean "
          "| Python ms: wall mean / median, CPU mean | Python / C++: wall, CPU |")
    print("|---|---|---|---|---|---|")
    for name, qfile in SETS:
        db = work / f"{name}.db"
        ensure_index(cli, shared / "eval" / name / "corpus.jsonl.zst", db)
        queries = read_queries(shared / "eval" / name / qfile)
        for mode, (limit, snippets) in MODES.items():
            inf = float("inf")
            best = {k: [inf] * len(queries) for k in ("cw", "cc", "pw", "pc")}
            cpp = CppSearcher(cli, db, limit, snippets)
            with vnsearch.Searcher(db) as py:
                for _ in range(rounds):
                    for i, q in enumerate(queries):
                        cw, cc, cids = cpp.search(q)
                        pw, pc, pids = python_search(py, q, limit, snippets)
                        if cids != pids:
                            raise SystemExit(f"{name} {mode} {q!r}: Python and C++ hits differ")
                        for k, v in (("cw", cw), ("cc", cc), ("pw", pw), ("pc", pc)):
                            best[k][i] = min(best[k][i], v)
            cpp.close()
            m = {k: statistics.mean(v) for k, v in best.items()}
            print(f"| {name} | {mode} | {len(queries)} "
                  f"| {m['cw']:.3f} / {statistics.median(best['cw']):.3f}, {m['cc']:.3f} "
                  f"| {m['pw']:.3f} / {statistics.median(best['pw']):.3f}, {m['pc']:.3f} "
                  f"| **{m['pw'] / m['cw']:.3f}**, {m['pc'] / m['cc']:.3f} |")


def words_file(shared: pathlib.Path, work: pathlib.Path, megabytes: int) -> pathlib.Path:
    """One paragraph a line from the news corpus, about `megabytes` MB."""
    path = work / f"news-{megabytes}mb.txt"
    if path.exists():
        return path
    dec = subprocess.Popen(["zstd", "-dc", str(shared / "eval" / "news" / "corpus.jsonl.zst")],
                           stdout=subprocess.PIPE, text=True, encoding="utf-8")
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in dec.stdout:
            doc = json.loads(line)
            for para in (doc.get("title", ""), *str(doc.get("body", "")).split("\n")):
                if para.strip():
                    out.write(para.strip() + "\n")
                    size += len(para.encode())
            if size >= megabytes * 10**6:
                break
    dec.kill()
    dec.wait()
    return path


def words_bench(vnsearch, cli: str, path: pathlib.Path, rounds: int) -> None:
    data = path.read_bytes()
    lines = data.decode("utf-8").splitlines()
    best_c = best_p = float("inf")
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(path, "rb") as f:
            subprocess.run([cli, "analyze", "--words"], stdin=f, stdout=subprocess.DEVNULL,
                           check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_c = min(best_c, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        a = vnsearch.Analyzer()
        t0 = time.process_time()
        for line in lines:
            a.words(line)
        best_p = min(best_p, time.process_time() - t0)
    mb = len(data) / 1e6
    print(f"\n| words of {mb:.1f} MB, {len(lines)} lines | CPU s | MB/s |\n|---|---|---|")
    print(f"| C++ `vnsearch analyze --words` | {best_c:.2f} | {mb / best_c:.1f} |")
    print(f"| Python `Analyzer.words` loop | {best_p:.2f} | {mb / best_p:.1f} |")
    print(f"| Python / C++ (CPU s) | **{best_p / best_c:.3f}** | |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(HERE / "build-rel"),
                        help="a Release build folder with vnsearch and python/ (default build-rel)")
    parser.add_argument("--shared", default=str(HERE.parent / "shared" / "data"))
    parser.add_argument("--work", default="/tmp/vnsearch-pybench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--words-mb", type=int, default=20)
    parser.add_argument("--only", choices=["search", "words"])
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "python"))
    import vnsearch

    cli = str(build / "vnsearch")
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    shared = pathlib.Path(args.shared)
    print(f"vnsearch {vnsearch.__version__}, {os.cpu_count()} cores, {args.rounds} rounds\n")
    if args.only != "words":
        search_bench(vnsearch, cli, shared, work, args.rounds)
    if args.only != "search":
        words_bench(vnsearch, cli, words_file(shared, work, args.words_mb), args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
