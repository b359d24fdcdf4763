#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Index a JSON-lines file of Vietnamese articles, then search it.

    search_articles.py ARTICLES.jsonl "ha noi" ["kinh tế" ...] [--index DIR] [--limit N]

Each line of the file is one article: {"id": ..., "title": ..., "body": ..., "date": ...}.
Without --index the index lives in a temporary folder removed at the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

import vnsearch


def build_index(articles: str, index_dir: str) -> vnsearch.IndexReport:
    def progress(p: vnsearch.Progress) -> None:
        if p.done:
            print(f"indexed {p.documents} articles in {p.seconds:.2f} s", file=sys.stderr)

    def issue(i: vnsearch.Issue) -> None:
        print(f"{i.file}:{i.line}: {i.message}", file=sys.stderr)

    # Bad records and unreadable inputs are issues, never exceptions: the report counts them.
    return vnsearch.index(index_dir, [articles], progress=progress, on_issue=issue)


def show(results: vnsearch.SearchResults) -> None:
    print(f"{results.query!r}: {results.total} result{'s' if results.total != 1 else ''}")
    if results.suggestion:
        print(f"  did you mean: {results.suggestion}")
    for hit in results.hits:
        # Highlights are str offsets: slice the snippet to bracket the matched words.
        text, marked, done = hit.snippet.text, [], 0
        for start, end in hit.snippet.highlights:
            marked += [text[done:start], "[", text[start:end], "]"]
            done = end
        marked.append(text[done:])
        print(f"  {hit.rank}. {hit.title} ({hit.date or 'undated'}, id {hit.id})")
        print(f"     {''.join(marked)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", help="a JSON-lines file (.jsonl, also .gz or .zst)")
    parser.add_argument("queries", nargs="+", help="queries, in the vnsearch query language")
    parser.add_argument("--index", help="index folder to create or update (default: temporary)")
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnsearch-") as scratch:
        index_dir = args.index or scratch
        try:
            if build_index(args.articles, index_dir).errors:
                print(f"search_articles: cannot read {args.articles}", file=sys.stderr)
                return 1
            with vnsearch.Searcher(index_dir) as searcher:
                for results in searcher.search_many(args.queries, limit=args.limit):
                    show(results)
        except vnsearch.Error as e:
            print(f"search_articles: {e} ({e.code.value})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
