# SPDX-License-Identifier: Apache-2.0
"""Every library error code becomes its own exception class, derived from vnsearch.Error."""

from __future__ import annotations

import pytest

import vnsearch
from vnsearch import _vnsearch

# In the order of vnsearch::Errc (the extension raises the library's Error from its number).
CODES = [
    (vnsearch.ErrorCode.IO, vnsearch.IoError),
    (vnsearch.ErrorCode.INVALID_INPUT, vnsearch.InvalidInputError),
    (vnsearch.ErrorCode.INVALID_QUERY, vnsearch.InvalidQueryError),
    (vnsearch.ErrorCode.INDEX_NOT_FOUND, vnsearch.IndexNotFoundError),
    (vnsearch.ErrorCode.INDEX_LOCKED, vnsearch.IndexLockedError),
    (vnsearch.ErrorCode.INDEX_CORRUPT, vnsearch.IndexCorruptError),
    (vnsearch.ErrorCode.INTERNAL, vnsearch.InternalError),
    (vnsearch.ErrorCode.SHARD_UNAVAILABLE, vnsearch.ShardUnavailableError),
]


@pytest.mark.parametrize("number,code_and_class", list(enumerate(CODES)))
def test_each_code_has_its_class(number: int, code_and_class) -> None:
    code, cls = code_and_class
    with pytest.raises(cls) as raised:
        _vnsearch._raise_library_error(number, "cannot do \"x\": because")
    assert isinstance(raised.value, vnsearch.Error)
    assert raised.value.code is code
    assert str(raised.value) == 'cannot do "x": because'


def test_bad_arguments_are_also_value_errors() -> None:
    assert issubclass(vnsearch.InvalidInputError, ValueError)
    assert issubclass(vnsearch.InvalidQueryError, ValueError)


def test_missing_index(tmp_path) -> None:
    with pytest.raises(vnsearch.IndexNotFoundError, match="no such index") as raised:
        vnsearch.Searcher(tmp_path / "none")
    assert raised.value.code is vnsearch.ErrorCode.INDEX_NOT_FOUND
    with pytest.raises(vnsearch.IndexNotFoundError):
        vnsearch.IndexWriter(tmp_path / "none", mode="open")


def test_corrupt_index(tmp_path) -> None:
    index = tmp_path / "index"
    with vnsearch.IndexWriter(index) as w:
        w.add({"id": "1", "title": "Hà Nội"})
    for table in index.glob("*.glass"):
        table.write_bytes(b"\0" * 64)
    with pytest.raises((vnsearch.IndexCorruptError, vnsearch.InternalError)):
        vnsearch.Searcher(index).search("hà nội")
