# SPDX-License-Identifier: Apache-2.0
"""Analyzer, fold() and convert(): str offsets, the three forms, words, legacy encodings."""

from __future__ import annotations

import unicodedata

import pytest

import vnsearch
from conftest import SOURCE_DIR


def test_tokens_have_three_forms_and_kinds() -> None:
    tokens = vnsearch.Analyzer().analyze("Hoà bình ở TP.HCM ngày 24/10/2020, giá 55,95 USD")
    forms = [(t.exact, t.tone_free, t.base, t.kind) for t in tokens]
    assert ("hoà", "hoa", "hoa", "syllable") in forms
    assert ("ở", "ơ", "o", "syllable") in forms
    assert any(t.kind == "date" for t in tokens)
    assert any(t.kind == "number" and t.exact == "55,95" for t in tokens)
    assert [t.position for t in tokens] == list(range(len(tokens)))


@pytest.mark.parametrize(
    "text",
    [
        "Hà Nội là thủ đô",
        "Phở 🍜 ngon ở Hà Nội",  # an astral character (4 UTF-8 bytes, 1 str index)
        "𠀧 nước và 𠀧 người",  # astral CJK ideographs between Vietnamese words
        unicodedata.normalize("NFD", "Việt Nam đẹp"),  # combining marks are str indices too
        "  \u00a0Đà Nẵng\u200b mở cửa  ",
    ],
)
def test_offsets_are_str_indices(text: str) -> None:
    tokens = vnsearch.Analyzer().analyze(text)
    assert tokens
    for t in tokens:
        written = text[t.start : t.end]
        # The span is what the user wrote: the same word once normalised and case-folded.
        assert unicodedata.normalize("NFC", written).lower().replace("\u200b", "") == t.exact


def test_offsets_after_astral_characters() -> None:
    text = "🍜🍜🍜 phở"
    (token,) = vnsearch.Analyzer().analyze(text)
    assert (token.start, token.end) == (4, 7)
    assert text[token.start : token.end] == "phở"


def test_words_group_syllables_as_written() -> None:
    words = vnsearch.Analyzer().words("Kinh tế  Việt Nam tăng trưởng ở Hồ Chí Minh")
    assert "Kinh tế" in words
    assert "tăng trưởng" in words
    assert "Hồ Chí Minh" in words
    assert vnsearch.Analyzer(segment_words=False).words("Kinh tế") == ["Kinh", "tế"]


def test_user_dictionary(tmp_path) -> None:
    dictionary = tmp_path / "words.txt"
    dictionary.write_text("phở bò tái\n", encoding="utf-8")
    words = vnsearch.Analyzer(user_dictionary=str(dictionary)).words("ăn phở bò tái")
    assert "phở bò tái" in words
    with pytest.raises(vnsearch.IoError):
        vnsearch.Analyzer(user_dictionary=str(tmp_path / "missing.txt"))


def test_stopwords() -> None:
    a = vnsearch.Analyzer()
    assert a.is_stopword("của")
    assert not a.is_stopword("phở")


def test_fold_levels() -> None:
    text = "Đường phố Hà Nội, 2020!"
    assert vnsearch.fold(text) == "duong pho ha noi, 2020!"
    assert vnsearch.fold(text, "tone_free") == "đương phô ha nôi, 2020!"
    assert vnsearch.fold(text, "exact") == "đường phố hà nội, 2020!"
    assert vnsearch.fold("🍜 Phở") == "🍜 pho"
    with pytest.raises(vnsearch.InvalidInputError, match="fold level"):
        vnsearch.fold(text, "loose")  # type: ignore[arg-type]


def test_convert_utf8_is_returned_as_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Việt Nam")
    text, encoding = vnsearch.convert(nfd.encode("utf-8"))
    assert (text, encoding) == ("Việt Nam", "utf-8")
    assert vnsearch.convert(bytearray("Hà Nội".encode()))[0] == "Hà Nội"


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viscii", "cp1258"])
def test_convert_detects_legacy_encodings(name: str) -> None:
    folder = SOURCE_DIR / "tests" / "data" / "encodings"
    expected = (folder / "prose.utf8.txt").read_text(encoding="utf-8")
    text, encoding = vnsearch.convert((folder / f"prose.{name}.txt").read_bytes())
    assert encoding == name
    assert text == expected


def test_convert_forced_and_unknown_encoding() -> None:
    text, encoding = vnsearch.convert(b"Vie^.t Nam", encoding="viqr")
    assert (text, encoding) == ("Việt Nam", "viqr")
    with pytest.raises(vnsearch.InvalidInputError, match="unknown encoding"):
        vnsearch.convert(b"abc", encoding="klingon")
    with pytest.raises(TypeError):
        vnsearch.convert("not bytes")  # type: ignore[arg-type]
