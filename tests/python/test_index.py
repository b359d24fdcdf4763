# SPDX-License-Identifier: Apache-2.0
"""IndexWriter and index() on real indexes in temporary folders."""

from __future__ import annotations

import datetime
import json
import pathlib

import pytest

import vnsearch
from conftest import ARTICLES_JSONL, SOURCE_DIR, articles


def ids(results: vnsearch.SearchResults) -> list[str]:
    return [h.id for h in results.hits]


def test_add_replace_delete_commit(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "index"
    with vnsearch.IndexWriter(path, mode="create") as w:
        doc = {"id": "a", "title": "Hà Nội mùa thu", "body": "Hoa sữa nở."}
        assert w.add(doc) == "added"
        assert w.add(doc) == "unchanged"
        assert w.add({**doc, "body": "Hoa sữa nở khắp phố."}) == "updated"
        assert w.replace(doc) == "updated"
        assert w.replace({"id": 7, "title": "Đà Nẵng"}) == "added"
        assert "7" in w and "a" in w and "b" not in w
        assert len(w) == 2
        # Not committed yet: a reader sees nothing.
        assert vnsearch.Searcher(path).doc_count == 0
        w.commit()
        assert vnsearch.Searcher(path).doc_count == 2
        assert w.delete("7") is True
        assert w.delete("7") is False
    assert w.closed
    with vnsearch.Searcher(path) as s:
        assert s.doc_count == 1
        assert ids(s.search("hoa sua")) == ["a"]
        assert s.search("hoa sua").hits[0].title == "Hà Nội mùa thu"


def test_leaving_the_block_commits_and_unlocks(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "index"
    w = vnsearch.IndexWriter(path)
    w.add({"id": "1", "title": "Phở bò"})
    with pytest.raises(vnsearch.IndexLockedError):
        vnsearch.IndexWriter(path)
    with pytest.raises(RuntimeError):
        with w:
            raise RuntimeError("the caller's error propagates")
    assert w.closed
    with pytest.raises(vnsearch.InvalidInputError, match="closed"):
        w.add({"id": "2"})
    w.close()  # idempotent
    with vnsearch.IndexWriter(path, mode="open") as again:
        assert len(again) == 1


def test_document_fields(tmp_path: pathlib.Path, cli: str) -> None:
    import subprocess

    path = tmp_path / "index"
    with vnsearch.IndexWriter(path) as w:
        w.add(
            {
                "id": "x",
                "title": "Viê\u0323t Nam",  # NFD: stored as NFC
                "body": "Một bài viết.",
                "date": datetime.date(2020, 1, 2),
                "author": "Nguyễn Văn An",
                "source": "Báo Mẫu",
                "url": "https://example.vn/x",
                "tags": "kinh tế, xã hội",
                "views": 12,
                "summary": None,
            }
        )
        w.add({"id": "y", "title": "Hà Nội", "date": datetime.datetime(2021, 3, 4, 5, 6, 7)})
    with vnsearch.Searcher(path) as s:
        (hit,) = s.search("viet nam").hits
        assert (hit.title, hit.date, hit.author, hit.source, hit.url) == (
            "Việt Nam",
            "2020-01-02",
            "Nguyễn Văn An",
            "Báo Mẫu",
            "https://example.vn/x",
        )
        assert ids(s.search("tag:\"kinh tế\"")) == ["x"]
        assert ids(s.search("date:2021-03-04")) == ["y"]
        assert ids(s.search('author:"Nguyễn Văn An"')) == ["x"]


@pytest.mark.parametrize(
    "doc,message",
    [
        ({"title": "no id"}, "no \"id\""),
        ({"id": ""}, "no \"id\""),
        ({"id": 1.5}, "id must be"),
        ({"id": "1", "title": 3}, "\"title\" must be a str"),
        ({"id": "1", "date": "24/10/2020"}, "not ISO 8601"),
        ({"id": "1", "date": "2020-10-24 10:00"}, "not ISO 8601"),
        ("not a dict", "dict"),
    ],
)
def test_bad_documents_are_refused(tmp_path: pathlib.Path, doc, message: str) -> None:
    with vnsearch.IndexWriter(tmp_path / "index") as w:
        with pytest.raises(vnsearch.InvalidInputError, match=message):
            w.add(doc)
        assert len(w) == 0


def test_bad_options(tmp_path: pathlib.Path) -> None:
    with pytest.raises(vnsearch.InvalidInputError, match="mode"):
        vnsearch.IndexWriter(tmp_path / "i", mode="append")
    with pytest.raises(vnsearch.InvalidInputError, match="encoding"):
        vnsearch.index(tmp_path / "i", [ARTICLES_JSONL], encoding="klingon")
    with pytest.raises(vnsearch.InvalidInputError, match="at least one input"):
        vnsearch.index(tmp_path / "i", [])


def test_batch_index_with_progress_and_issues(tmp_path: pathlib.Path) -> None:
    bad = SOURCE_DIR / "tests" / "data" / "bad" / "malformed.jsonl"
    seen: list[vnsearch.Progress] = []
    issues: list[vnsearch.Issue] = []
    report = vnsearch.index(
        tmp_path / "index",
        [ARTICLES_JSONL, bad],
        progress=seen.append,
        on_issue=issues.append,
        threads=2,
    )
    assert report.added >= len(articles())
    assert report.skipped > 0
    assert seen and seen[-1].done and seen[-1].documents >= report.added
    assert [i.message for i in issues] == [i.message for i in report.issues]
    skipped = [i for i in issues if i.kind == "skipped"]
    assert len(skipped) == report.skipped
    assert all(i.file == str(bad) and i.line > 0 for i in skipped)
    again = vnsearch.index(tmp_path / "index", str(ARTICLES_JSONL))
    assert again.unchanged == len(articles()) and again.added == 0
    with vnsearch.Searcher(tmp_path / "index") as s:
        assert s.doc_count == report.added
        assert "hn-thu" in ids(s.search("mùa thu"))


def test_callback_exception_ends_the_job(tmp_path: pathlib.Path) -> None:
    class Stop(Exception):
        pass

    def progress(p: vnsearch.Progress) -> None:
        raise Stop(f"stopped at {p.documents}")

    with pytest.raises(Stop, match="stopped at"):
        vnsearch.index(tmp_path / "index", [ARTICLES_JSONL], progress=progress)
    # The job ended cleanly: the index is not left locked, and a new run completes it.
    report = vnsearch.index(tmp_path / "index", [ARTICLES_JSONL])
    assert report.added + report.unchanged == len(articles())
    with vnsearch.IndexWriter(tmp_path / "index", mode="open") as w:
        assert len(w) == len(articles())


def test_issue_callback_exception(tmp_path: pathlib.Path) -> None:
    bad = SOURCE_DIR / "tests" / "data" / "bad" / "malformed.jsonl"

    def on_issue(issue: vnsearch.Issue) -> None:
        raise KeyError(issue.message)

    with pytest.raises(KeyError):
        vnsearch.index(tmp_path / "index", [bad, ARTICLES_JSONL], on_issue=on_issue)


def test_index_reads_what_index_writer_writes(tmp_path: pathlib.Path) -> None:
    # The batch job and the writer give the same index: same hits, same scores.
    vnsearch.index(tmp_path / "batch", [ARTICLES_JSONL])
    with vnsearch.IndexWriter(tmp_path / "writer") as w:
        for doc in articles():
            w.add(doc)
    with vnsearch.Searcher(tmp_path / "batch") as a, vnsearch.Searcher(tmp_path / "writer") as b:
        for q in ["ha noi", "kinh tế", "giá vàng"]:
            assert json.dumps(a.search(q).to_dict()) == json.dumps(b.search(q).to_dict())


def test_word_list_and_synonyms_stored_with_the_index(tmp_path: pathlib.Path) -> None:
    data = pathlib.Path(__file__).resolve().parents[1] / "data" / "user_lists"
    db = tmp_path / "db"
    vnsearch.index(db, data / "articles.jsonl", words=data / "words.txt",
                   synonyms=data / "synonyms.txt", threads=1)
    hits = [h.id for h in vnsearch.Searcher(db).search("mô tô").hits]
    assert hits == ["mo-to", "xe-may"]
    words2 = tmp_path / "words2.txt"
    words2.write_text("phát hiện con\n", encoding="utf-8")
    report = vnsearch.index(db, [], words=words2)
    assert (report.stale, report.stale_ids) == (2, ["apart", "xe-may"])
    report = vnsearch.index(db, [], reindex_changed=True)
    assert (report.reindexed, report.stale) == (2, 0)
    with pytest.raises(vnsearch.Error, match="words-bad.txt:3"):
        vnsearch.index(db, [], words=data / "words-bad.txt")
