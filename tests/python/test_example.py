# SPDX-License-Identifier: Apache-2.0
"""examples/python/search_articles.py runs and finds what it should."""

from __future__ import annotations

import subprocess
import sys

from conftest import ARTICLES_JSONL, SOURCE_DIR

EXAMPLE = SOURCE_DIR / "examples" / "python" / "search_articles.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=120
    )


def test_indexes_and_searches(tmp_path) -> None:
    r = run(str(ARTICLES_JSONL), "ha noi", "giá vàng", "--index", str(tmp_path / "idx"), "--limit", "3")
    assert r.returncode == 0, r.stderr
    assert "indexed 8 articles" in r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("'ha noi': ")
    assert "  did you mean: hà nội" in lines
    assert any(line.startswith("  1. ") for line in lines)
    assert "[Hà] [Nội]" in r.stdout and "[vàng]" in r.stdout
    assert (tmp_path / "idx").is_dir()


def test_reports_a_missing_file(tmp_path) -> None:
    r = run(str(tmp_path / "none.jsonl"), "ha noi")
    assert r.returncode == 1
    assert "search_articles:" in r.stderr
