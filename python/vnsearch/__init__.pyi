# SPDX-License-Identifier: Apache-2.0
# Types of the vnsearch package (the compiled module vnsearch._vnsearch and vnsearch._errors).
import enum
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal

__version__: str

StrPath = str | os.PathLike[str]
TokenKind = Literal["syllable", "word", "number", "date", "abbreviation", "email", "url"]
FoldLevel = Literal["exact", "tone_free", "base"]
WriteOutcome = Literal["added", "updated", "unchanged"]
IssueKind = Literal["skipped", "repaired", "converted", "duplicate", "notice"]
SortOrder = Literal["relevance", "date"]
FacetName = Literal["source", "category", "author", "tag", "year", "month"]

class ErrorCode(enum.Enum):
    IO = "io"
    INVALID_INPUT = "invalid_input"
    INVALID_QUERY = "invalid_query"
    INDEX_NOT_FOUND = "index_not_found"
    INDEX_LOCKED = "index_locked"
    INDEX_CORRUPT = "index_corrupt"
    INTERNAL = "internal"
    SHARD_UNAVAILABLE = "shard_unavailable"

class Error(Exception):
    """Base class of every exception vnsearch raises; `code` says which kind of failure."""

    code: ErrorCode
    def __init__(self, message: str, code: ErrorCode | None = ...) -> None: ...

class IoError(Error): ...
class InvalidInputError(Error, ValueError): ...
class InvalidQueryError(Error, ValueError): ...
class IndexNotFoundError(Error): ...
class IndexLockedError(Error): ...
class IndexCorruptError(Error): ...
class InternalError(Error): ...
class ShardUnavailableError(Error): ...

class Token:
    """One token of an analysed text; `start`/`end` are str indices into it."""

    @property
    def exact(self) -> str: ...
    @property
    def tone_free(self) -> str: ...
    @property
    def base(self) -> str: ...
    @property
    def kind(self) -> TokenKind: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def word(self) -> int: ...

class Analyzer:
    """Vietnamese text analysis; one per thread for parallel work (calls on one are serialised)."""

    def __init__(
        self,
        *,
        segment_words: bool = True,
        user_dictionary: str | None = None,
        max_token_bytes: int = 64,
    ) -> None: ...
    def analyze(self, text: str) -> list[Token]: ...
    def words(self, text: str) -> list[str]: ...
    def is_stopword(self, word: str) -> bool: ...

def fold(text: str, level: FoldLevel = "base") -> str:
    """`text` with every token replaced by its form at `level` (between tokens: unchanged)."""

def convert(data: bytes | bytearray | memoryview, encoding: str | None = None) -> tuple[str, str]:
    """Decodes Vietnamese bytes in any encoding vnsearch reads: (text in NFC, encoding name)."""

Document = Mapping[str, Any]

class IndexWriter:
    """Adds, replaces and deletes documents; a context manager that commits and closes on exit."""

    def __init__(
        self,
        path: StrPath,
        *,
        mode: Literal["create_or_open", "open", "create"] = "create_or_open",
        segment_words: bool = True,
        user_dictionary: str | None = None,
        max_token_bytes: int = 64,
        no_sync: bool = False,
    ) -> None: ...
    def add(self, doc: Document) -> WriteOutcome: ...
    def replace(self, doc: Document) -> Literal["added", "updated"]: ...
    def delete(self, id: str) -> bool: ...
    def __contains__(self, id: str) -> bool: ...
    def __len__(self) -> int: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def __enter__(self) -> IndexWriter: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool: ...

class Progress:
    @property
    def documents(self) -> int: ...
    @property
    def bytes_read(self) -> int: ...
    @property
    def bytes_total(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def done(self) -> bool: ...

class Issue:
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def kind(self) -> IssueKind: ...
    @property
    def message(self) -> str: ...

class IndexReport:
    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def deleted(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def errors(self) -> int: ...
    @property
    def duplicates(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def bytes_read(self) -> int: ...
    @property
    def compacted(self) -> bool: ...
    @property
    def issues(self) -> list[Issue]: ...
    @property
    def stale(self) -> int: ...
    @property
    def stale_ids(self) -> list[str]: ...
    @property
    def reindexed(self) -> int: ...

def index(
    path: StrPath,
    inputs: StrPath | Iterable[StrPath],
    *,
    progress: Callable[[Progress], object] | None = None,
    on_issue: Callable[[Issue], object] | None = None,
    encoding: str | None = None,
    batch_size: int = 50,
    threads: int = 0,
    prune: bool = False,
    rebuild: bool = False,
    compact: bool = True,
    shards: int = 0,
    segment_words: bool = True,
    user_dictionary: str | None = None,
    words: StrPath | None = None,
    synonyms: StrPath | None = None,
    reindex_changed: bool = False,
) -> IndexReport:
    """Indexes files and folders (JSON lines, plain-text articles, .gz/.zst) into `path`."""

class Snippet:
    @property
    def text(self) -> str: ...
    @property
    def highlights(self) -> list[tuple[int, int]]: ...
    def html(self, tag: str = "mark") -> str: ...

class Hit:
    @property
    def rank(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def title(self) -> str: ...
    @property
    def title_highlights(self) -> list[tuple[int, int]]: ...
    @property
    def date(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def snippet(self) -> Snippet: ...
    def snippet_html(self, tag: str = "mark") -> str: ...
    def title_html(self, tag: str = "mark") -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

class SearchResults:
    @property
    def query(self) -> str: ...
    @property
    def total(self) -> int: ...
    @property
    def suggestion(self) -> str: ...
    @property
    def interpreted(self) -> str: ...
    @property
    def partial(self) -> bool: ...
    @property
    def missing_shards(self) -> list[str]: ...
    @property
    def hits(self) -> list[Hit]: ...
    @property
    def facets(self) -> dict[str, dict[str, int]]:
        """{name: {value: count}} of the facets asked, values by count descending."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Hit]: ...
    def to_dict(self) -> dict[str, Any]: ...

def facet_filter(facet: FacetName, value: str) -> str:
    """The query text that keeps only documents with `value` of `facet` ('source:"Dân trí"')."""

class Searcher:
    """Answers queries; search() releases the GIL (one Searcher per thread for throughput)."""

    def __init__(
        self,
        path: StrPath,
        *,
        remote_timeout_ms: int = 5000,
        remote_connect_timeout_ms: int = 1000,
        require_all_shards: bool = False,
    ) -> None: ...
    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        sort: SortOrder = "relevance",
        snippet_length: int = 200,
        snippets: bool = True,
        threads: int = 2,
        suggest: bool = True,
        facets: Sequence[FacetName] = (),
        max_facet_values: int = 100,
    ) -> SearchResults: ...
    def search_many(
        self,
        queries: Sequence[str],
        *,
        limit: int = 10,
        offset: int = 0,
        sort: SortOrder = "relevance",
        snippet_length: int = 200,
        snippets: bool = True,
        threads: int = 2,
        suggest: bool = True,
        facets: Sequence[FacetName] = (),
        max_facet_values: int = 100,
    ) -> list[SearchResults]: ...
    @property
    def doc_count(self) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> Searcher: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool: ...
