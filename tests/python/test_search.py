# SPDX-License-Identifier: Apache-2.0
"""Searcher against a real index: the same answers as the CLI, str offsets, HTML, options."""

from __future__ import annotations

import html
import json
import pathlib
import subprocess

import pytest

import vnsearch
from conftest import QUERIES


def str_index(text: str, byte_offset: int) -> int:
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8"))


def cli_results(cli: str, index: pathlib.Path, query: str, *options: str) -> dict:
    """`vnsearch search --format json`, with its byte offsets turned into str indices."""
    out = subprocess.run(
        [cli, "search", "--db", str(index), "--format", "json", *options, "--", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    r = json.loads(out)
    for h in r["hits"]:
        h["title_highlights"] = [
            (str_index(h["title"], a), str_index(h["title"], b)) for a, b in h["title_highlights"]
        ]
        s = h["snippet"]
        s["highlights"] = [(str_index(s["text"], a), str_index(s["text"], b)) for a, b in s["highlights"]]
    return r


@pytest.mark.parametrize("query", QUERIES)
def test_same_answer_as_the_cli(cli: str, index_path: pathlib.Path, searcher, query: str) -> None:
    expected = cli_results(cli, index_path, query)
    got = json.loads(json.dumps(searcher.search(query).to_dict()))
    expected = json.loads(json.dumps(expected))
    assert got == expected


@pytest.mark.parametrize("query", ["ha noi", "tin", "date:2021", "không có gì"])
def test_same_facets_as_the_cli(cli: str, index_path: pathlib.Path, searcher, query: str) -> None:
    expected = cli_results(cli, index_path, query, "--facets", "source,year,month", "-n", "3")
    got = searcher.search(query, limit=3, facets=["source", "year", "month"]).to_dict()
    assert json.loads(json.dumps(got)) == json.loads(json.dumps(expected))
    # Both in the library's order: facets as asked, values by count descending.
    assert list(got["facets"]) == ["source", "year", "month"]
    assert list(got["facets"]["source"].items()) == list(expected["facets"]["source"].items())


def test_facets_count_every_match_and_filter(searcher) -> None:
    r = searcher.search("ha noi", limit=1, facets=["source", "year"])
    assert list(r.facets) == ["source", "year"]
    sources = r.facets["source"]
    counts = list(sources.values())
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == r.total >= 4  # every matching document has one source
    for value, count in sources.items():
        narrowed = searcher.search(f"(ha noi) {vnsearch.facet_filter('source', value)}", limit=20)
        assert narrowed.total == count == len(narrowed.hits)
        assert all(h.source == value for h in narrowed.hits)
    assert searcher.search("ha noi").facets == {}
    top = searcher.search("ha noi", facets=["year"], max_facet_values=1).facets["year"]
    assert len(top) == 1
    with pytest.raises(vnsearch.InvalidInputError, match="unknown facet"):
        searcher.search("ha noi", facets=["colour"])
    with pytest.raises(vnsearch.InvalidInputError, match="unknown facet"):
        vnsearch.facet_filter("colour", "đỏ")
    assert vnsearch.facet_filter("source", "Dân trí") == 'source:"Dân trí"'


def test_highlights_are_str_offsets(searcher) -> None:
    r = searcher.search("phở hà nội")
    assert r.hits
    hit = next(h for h in r.hits if h.id == "emoji")
    marked = [hit.snippet.text[a:b].lower() for a, b in hit.snippet.highlights]
    assert "phở" in marked and "hà" in marked and "nội" in marked
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["Hà", "Nội"]


def test_results_shape(searcher) -> None:
    r = searcher.search("ha noi", limit=2)
    assert r.query == "ha noi"
    assert r.suggestion == "hà nội"
    assert r.total >= 2 and len(r) == 2 and [h.rank for h in r] == [1, 2]
    assert not r.partial and r.missing_shards == []
    page2 = searcher.search("ha noi", limit=2, offset=2)
    assert [h.rank for h in page2.hits] == [3, 4]
    assert not {h.id for h in page2.hits} & {h.id for h in r.hits}
    assert r.hits is r.hits  # built once, not on each access


def test_snippet_html_escapes_the_text(searcher) -> None:
    (hit,) = [h for h in searcher.search("giá vàng").hits if h.id == "html"]
    snippet = hit.snippet_html()
    assert "<mark>vàng</mark>" in snippet
    assert "&amp;" in snippet and "&quot;" in snippet and "<vàng>" not in hit.title_html()
    assert hit.title_html("b") == "<b>Giá</b> &lt;<b>vàng</b>&gt; &amp; đô la"
    # Unescaping and removing the marks gives the text back.
    assert html.unescape(snippet.replace("<mark>", "").replace("</mark>", "")) == hit.snippet.text
    assert hit.snippet.html("em") == hit.snippet_html(tag="em")
    for bad in ["", "mark onclick=x", "<b>", "1a"]:
        with pytest.raises(vnsearch.InvalidInputError, match="tag"):
            hit.snippet_html(bad)


def test_sort_by_date(searcher) -> None:
    dates = [h.date for h in searcher.search("ha noi", sort="date", limit=20).hits]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 4
    with pytest.raises(vnsearch.InvalidInputError, match="sort"):
        searcher.search("ha noi", sort="newest")


def test_options(searcher) -> None:
    bare = searcher.search("kinh tế", snippets=False, suggest=False, threads=1)
    full = searcher.search("kinh tế")
    assert [h.id for h in bare.hits] == [h.id for h in full.hits]
    assert all(h.snippet.text == "" for h in bare.hits)
    assert searcher.search("kinh tế", limit=0).hits == []
    short = searcher.search("kinh tế", snippet_length=40).hits[0].snippet.text
    assert len(short) < len(full.hits[0].snippet.text)


def test_bad_query(searcher) -> None:
    with pytest.raises(vnsearch.InvalidQueryError) as raised:
        searcher.search("date:2020-13-45")
    assert raised.value.code is vnsearch.ErrorCode.INVALID_QUERY
    assert searcher.search("").hits == []


def test_search_many_equals_one_by_one(searcher) -> None:
    many = searcher.search_many(QUERIES, limit=5)
    assert [r.query for r in many] == QUERIES
    for r in many:
        assert r.to_dict() == searcher.search(r.query, limit=5).to_dict()


def test_closed_searcher(index_path: pathlib.Path) -> None:
    s = vnsearch.Searcher(str(index_path))
    assert s.doc_count == 8
    s.close()
    s.close()
    with pytest.raises(vnsearch.InvalidInputError, match="closed"):
        s.search("ha noi")


def test_searcher_sees_new_commits(tmp_path: pathlib.Path) -> None:
    with vnsearch.IndexWriter(tmp_path / "i") as w, vnsearch.Searcher(tmp_path / "i") as s:
        w.add({"id": "1", "title": "Cá voi xanh"})
        assert s.search("ca voi").hits == []
        w.commit()
        assert [h.id for h in s.search("ca voi").hits] == ["1"]
