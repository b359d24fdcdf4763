# SPDX-License-Identifier: Apache-2.0
"""The exceptions of vnsearch: one class per library error code, all derived from Error."""

from __future__ import annotations

import enum


class ErrorCode(enum.Enum):
    """What went wrong: the library's ``vnsearch::Errc``."""

    IO = "io"
    INVALID_INPUT = "invalid_input"
    INVALID_QUERY = "invalid_query"
    INDEX_NOT_FOUND = "index_not_found"
    INDEX_LOCKED = "index_locked"
    INDEX_CORRUPT = "index_corrupt"
    INTERNAL = "internal"
    SHARD_UNAVAILABLE = "shard_unavailable"


class Error(Exception):
    """Base class of every exception vnsearch raises; ``code`` says which kind of failure."""

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class IoError(Error):
    """A file or folder could not be read or written."""

    code = ErrorCode.IO


class InvalidInputError(Error, ValueError):
    """The caller passed something unusable (a bad option, an unknown encoding, a bad document)."""

    code = ErrorCode.INVALID_INPUT


class InvalidQueryError(Error, ValueError):
    """A query that cannot be parsed or answered (such as a malformed date range)."""

    code = ErrorCode.INVALID_QUERY


class IndexNotFoundError(Error):
    """No index at the given path."""

    code = ErrorCode.INDEX_NOT_FOUND


class IndexLockedError(Error):
    """Another writer holds the index."""

    code = ErrorCode.INDEX_LOCKED


class IndexCorruptError(Error):
    """The index is damaged or of an unknown version."""

    code = ErrorCode.INDEX_CORRUPT


class InternalError(Error):
    """A failure inside ICU or Xapian that has no better name."""

    code = ErrorCode.INTERNAL


class ShardUnavailableError(Error):
    """A shard of the index could not be reached and every shard was required."""

    code = ErrorCode.SHARD_UNAVAILABLE


_CLASSES = {
    cls.code.value: cls
    for cls in (
        IoError,
        InvalidInputError,
        InvalidQueryError,
        IndexNotFoundError,
        IndexLockedError,
        IndexCorruptError,
        InternalError,
        ShardUnavailableError,
    )
}


def _from_library(code: str, message: str) -> Error:
    """The exception for a library error (called by the extension module)."""
    cls = _CLASSES.get(code, InternalError)
    return cls(message)
