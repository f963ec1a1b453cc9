"""Checking quotes against the archived texts of their sources."""

from __future__ import annotations

import re
from pathlib import Path

from dealtimeline.core.errors import DealtimelineError, Problem
from dealtimeline.core.model import Store
from dealtimeline.store.locate import max_store_bytes, read_bounded

_SPACE = re.compile(r"\s+")
_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Runs of white space to one space, curly quotes and apostrophes to straight ones."""
    return _SPACE.sub(" ", text.translate(_STRAIGHTEN)).strip()


def check_quotes(store: Store, archive: Path) -> list[Problem]:
    """A problem for each quote missing from its source's archive file, and each missing file.

    Archive files are read as store files are: regular files only (a FIFO or a device is
    refused without being opened), and no more than DEALTIMELINE_MAX_MB."""
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    for source in store.sources.values():
        if source.archive is None:
            continue
        path = archive / source.archive
        try:
            data, _ = read_bounded(path, max_store_bytes(), str(path), "a text file")
            texts[source.id] = fold(data.decode("utf-8-sig"))
        except DealtimelineError as error:
            texts[source.id] = None
            problems.append(
                Problem(
                    f"cannot read archive '{path}': {error.problems[0].message}",
                    "give a regular UTF-8 text file",
                    store.path,
                )
            )
        except FileNotFoundError:
            texts[source.id] = None
            problems.append(
                Problem(
                    f"source '{source.id}' names archive '{source.archive}', "
                    f"which is not in {archive}",
                    "put the file there, or correct 'archive'",
                    store.path,
                    source.line,
                    source.column,
                )
            )
        except (OSError, UnicodeDecodeError) as error:
            texts[source.id] = None
            problems.append(
                Problem(
                    f"cannot read archive '{path}': {error}",
                    "check the file is readable UTF-8 text",
                    store.path,
                )
            )
    for event in sorted(store.events, key=lambda e: e.position):
        for citation in event.citations:
            text = texts.get(citation.source)
            if text is None:
                continue
            if fold(citation.quote) not in text:
                problems.append(
                    Problem(
                        f"event '{event.id}': the quote from '{citation.source}' is not in "
                        f'its archive file: "{citation.quote}"',
                        "copy the words exactly as the source writes them",
                        store.path,
                        citation.line,
                        citation.column,
                    )
                )
    return problems
