# SPDX-License-Identifier: Apache-2.0
"""Full-text search for Vietnamese text: the vnsearch library for Python.

    import vnsearch

    vnsearch.index("idx", ["articles.jsonl"])
    with vnsearch.Searcher("idx") as searcher:
        for hit in searcher.search("ha noi", limit=5):
            print(hit.rank, hit.title, hit.snippet_html())

Analyzer, fold() and convert() give the library's Vietnamese text analysis; IndexWriter and
index() write an index; Searcher reads it. Every failure raises a subclass of vnsearch.Error.
The GIL is released while the library analyses, indexes and searches.
"""

from ._errors import (
    Error,
    ErrorCode,
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    InternalError,
    InvalidInputError,
    InvalidQueryError,
    IoError,
    ShardUnavailableError,
)
from ._vnsearch import (
    Analyzer,
    Hit,
    IndexReport,
    IndexWriter,
    Issue,
    Progress,
    Searcher,
    SearchResults,
    Snippet,
    Token,
    __version__,
    convert,
    facet_filter,
    fold,
    index,
)

__all__ = [
    "Analyzer",
    "Error",
    "ErrorCode",
    "Hit",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexWriter",
    "InternalError",
    "InvalidInputError",
    "InvalidQueryError",
    "IoError",
    "Issue",
    "Progress",
    "SearchResults",
    "Searcher",
    "ShardUnavailableError",
    "Snippet",
    "Token",
    "__version__",
    "convert",
    "facet_filter",
    "fold",
    "index",
]
