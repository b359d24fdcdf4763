# SPDX-License-Identifier: Apache-2.0
"""The GIL is released while the library works: searches from threads run in parallel and give
the single-threaded answers."""

from __future__ import annotations

import pathlib
import queue
import socket
import threading

import vnsearch
from conftest import QUERIES

ROUNDS = 15


def test_four_threads_give_the_single_threaded_results(index_path: pathlib.Path) -> None:
    with vnsearch.Searcher(index_path) as s:
        expected = [s.search(q).to_dict() for q in QUERIES]
    results: dict[int, list[list[dict]]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(n: int) -> None:
        try:
            with vnsearch.Searcher(index_path) as mine:
                start.wait()
                results[n] = [[mine.search(q).to_dict() for q in QUERIES] for _ in range(ROUNDS)]
        except BaseException as e:  # reported below, with the thread's own traceback
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == [0, 1, 2, 3]
    for rounds in results.values():
        assert all(r == expected for r in rounds)


def test_one_searcher_shared_by_threads(index_path: pathlib.Path) -> None:
    with vnsearch.Searcher(index_path) as shared:
        expected = [shared.search(q).to_dict() for q in QUERIES]
        got: list[list[dict]] = [[] for _ in range(4)]

        def work(n: int) -> None:
            got[n] = [shared.search(q).to_dict() for q in QUERIES * 5]

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert all(g == expected * 5 for g in got)


def test_analyzers_in_threads() -> None:
    text = "Kinh tế Việt Nam tăng trưởng 🍜 ở Hồ Chí Minh. " * 200
    expected = vnsearch.Analyzer().words(text)
    shared = vnsearch.Analyzer()
    got: list[object] = [None] * 4

    def work(n: int) -> None:
        # Threads 0 and 1 share one Analyzer (its calls are serialised), 2 and 3 have their own.
        a = shared if n < 2 else vnsearch.Analyzer()
        got[n] = [a.words(text) == expected for _ in range(20)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(g == [True] * 20 for g in got)


class SilentShard:
    """A remote shard stuck mid-answer: a loopback port that refuses connections until listen(),
    then accepts them and says nothing until the test hangs up. Each accepted connection is
    handed to the test through a queue."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: queue.Queue[socket.socket] = queue.Queue()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve)

    def listen(self) -> None:
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted.put(conn)

    def close(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join()
        self.sock.close()
        while not self.accepted.empty():
            self.accepted.get().close()


def test_the_gil_is_released_while_a_search_waits(index_path: pathlib.Path, tmp_path) -> None:
    # A search over a stub with a silent remote shard blocks inside the library until the shard
    # hangs up. The listener's thread must run Python code (accept, queue) while that call is in
    # progress, which it can only do if the searching thread released the GIL: the order of
    # events proves it, with no timing involved (the bounds only stop a broken build hanging).
    shard = SilentShard()
    stub = tmp_path / "front.stub"
    stub.write_text(f"auto {index_path}\nremote 127.0.0.1:{shard.port}\n", encoding="utf-8")
    try:
        # Opened while the port refuses: the shard is missing, and tried again by each search
        # but the first (which follows the opening's own try).
        searcher = vnsearch.Searcher(
            stub, remote_timeout_ms=30_000, remote_connect_timeout_ms=30_000
        )
        assert searcher.search("ha noi").missing_shards == [f"127.0.0.1:{shard.port}"]
        shard.listen()
        done = threading.Event()
        outcome: list[object] = []

        def search() -> None:
            try:
                outcome.append(searcher.search("ha noi"))
            except BaseException as e:
                outcome.append(e)
            finally:
                done.set()

        searching = threading.Thread(target=search)
        searching.start()
        conn = shard.accepted.get(timeout=60)
        assert not done.is_set(), "the search returned before its shard answered"
        conn.close()
        searching.join(timeout=60)
        assert done.is_set()
        (result,) = outcome
        assert isinstance(result, vnsearch.SearchResults), result
        assert result.missing_shards == [f"127.0.0.1:{shard.port}"]
        assert {h.id for h in result.hits} >= {"hn-thu", "bong-da"}
        searcher.close()
    finally:
        shard.close()
