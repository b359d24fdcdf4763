# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures: a real index on disk, built from the Vietnamese articles in data/."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

import vnsearch

DATA = pathlib.Path(__file__).parent / "data"
ARTICLES_JSONL = DATA / "articles.jsonl"
SOURCE_DIR = pathlib.Path(os.environ.get("VNSEARCH_SOURCE_DIR", pathlib.Path(__file__).parents[2]))

# Queries that exercise the engine's rules: unaccented, accented, phrases, fields, dates,
# exclusions, abbreviations, astral characters, and one that matches nothing.
QUERIES = [
    "ha noi",
    "hà nội",
    "kinh tế",
    '"mùa thu"',
    "vàng -đô",
    "source:\"Tin Nhanh\"",
    "date:2021",
    "tp.hcm",
    "pho",
    "bóng đá OR lúa gạo",
    "không có gì",
]


def articles() -> list[dict[str, str]]:
    with open(ARTICLES_JSONL, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """An index of data/articles.jsonl written through IndexWriter."""
    path = tmp_path_factory.mktemp("index") / "articles"
    with vnsearch.IndexWriter(path, mode="create") as writer:
        for doc in articles():
            assert writer.add(doc) == "added"
    return path


@pytest.fixture
def searcher(index_path: pathlib.Path):
    with vnsearch.Searcher(index_path) as s:
        yield s


@pytest.fixture(scope="session")
def cli() -> str:
    """The vnsearch tool of the same build (ctest passes it), for comparisons with the CLI."""
    path = os.environ.get("VNSEARCH")
    if not path:
        pytest.skip("VNSEARCH (the vnsearch tool) is not set: built without the CLI")
    return path
