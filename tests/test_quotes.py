"""Quotes against their sources' archived texts."""

from __future__ import annotations

from pathlib import Path

from dealtimeline.store.archive import check_quotes, fold
from dealtimeline.store.reader import load_store
from tests.helpers import TINY


def test_fold_white_space_and_curly_quotes() -> None:
    assert fold("  \u201cIt\u2019s\n\tunchanged,\u201d  he said ") == '"It\'s unchanged," he said'


def test_every_quote_found(tmp_path: Path) -> None:
    (tmp_path / "blog.txt").write_text(
        "We are “moving to a model where Microsoft has a right of first refusal”.\n"
        "Microsoft will no\nlonger have a right of first refusal.\n"
    )
    assert check_quotes(load_store(TINY), tmp_path) == []


def test_a_quote_not_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "blog.txt").write_text("moving to a model where Microsoft has a right of first")
    assert [str(p) for p in check_quotes(load_store(TINY), tmp_path)] == [
        f"{TINY}:96:16: event 'rofr-2025': the quote from 'blog-2025' is not in its archive "
        'file: "moving to a model where Microsoft has a right of first refusal"; copy the '
        "words exactly as the source writes them",
        f"{TINY}:126:16: event 'no-rofr-2025': the quote from 'blog-2025' is not in its "
        'archive file: "no longer have a right of first refusal"; copy the words exactly as '
        "the source writes them",
    ]


def test_a_missing_archive_file_is_a_problem(tmp_path: Path) -> None:
    assert [str(p) for p in check_quotes(load_store(TINY), tmp_path)] == [
        f"{TINY}:23:3: source 'blog-2025' names archive 'blog.txt', which is not in "
        f"{tmp_path}; put the file there, or correct 'archive'"
    ]
