"""Adding an event to a user's store without losing a byte of it, and making such a store.

The new event is a mapping dumped by PyYAML's safe dumper (never text built by hand, so
that titles such as `NO`, `10:30` or `a: b` stay text), indented as an item of `events:`
and inserted as text, so every existing byte (comments, order, quoting) stays as it was.
The whole new text is parsed again, and must hold the old store plus exactly the new event,
before anything is written; the write is atomic, under the store's lock, from a store read
again under that lock so that concurrent writers never lose each other's events.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol, TypeVar, cast

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.errors import DealtimelineError, Problem
from dealtimeline.core.model import Amount, Change, Citation, Event, Status, Store
from dealtimeline.core.query import resolve_companies
from dealtimeline.core.values import MAX_AMOUNT, shortened
from dealtimeline.serialize.store_style import event_mapping
from dealtimeline.store.atomic import removed_on_signals, write_atomically
from dealtimeline.store.locate import (
    bundled_store,
    is_bundled,
    is_stdin,
    read_store_bytes,
    shown_name,
)
from dealtimeline.store.lock import locked
from dealtimeline.store.placement import (
    BREAK,
    fragment,
    most_used_newline,
    place_of_new_event,
)
from dealtimeline.store.reader import parse_store

_AMOUNT = re.compile(
    r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9][0-9_]*)(?:\.[0-9]+)?(?:e[0-9]+)?)\s*(k|m|bn|b|t)?",
    re.IGNORECASE,
)
_SCALES = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9, "t": 10**12}
_ID_WORDS = 6


@dataclass(frozen=True, repr=False)
class NewEvent:
    """An event as the user gave it; company names are resolved against the store when
    it is written, and `id` is derived from the title and year when it is None."""

    date: PartialDate
    title: str
    kind: str
    companies: tuple[str, ...]
    citation: Citation
    id: str | None = None
    summary: str | None = None
    status: str | None = None
    amount: Amount | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, repr=False)
class Addition:
    """A checked addition: the event's id, its YAML as inserted, and the whole new file."""

    event_id: str
    fragment: str
    data: bytes


def parse_amount(text: str) -> int | float:
    """A positive amount typed on the command line: `300000000000`, `300,000,000,000`,
    `1.5e9`, or with a scale: `300B`, `1.5bn`, `40M`; ValueError otherwise."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not an amount")
    number = Decimal(match[1].replace(",", "").replace("_", ""))
    if number > MAX_AMOUNT or number * _SCALES[(match[2] or "").lower()] > MAX_AMOUNT:
        raise ValueError(f"'{shortened(text)}' is more than 10^15, the largest amount")
    value = number * _SCALES[(match[2] or "").lower()]
    if value <= 0:
        raise ValueError(f"'{text}' is not a positive amount")
    return int(value) if value == value.to_integral_value() else float(value)


def derived_id(title: str, date: PartialDate, taken: Collection[str]) -> str:
    """A slug of the title's first words and the year, with `-2`, `-3`... if it is taken."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())[:_ID_WORDS]
    year = f"{date.start.year:04d}"
    base = "-".join(words + ([] if year in words else [year]))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def refuse_bundled(path: Path) -> None:
    """The bundled store is never written: say how to make one's own. Nor is standard
    input (`--store -`)."""
    if is_stdin(path):
        raise DealtimelineError.failure(
            "standard input cannot be written to",
            "give the path of your store with --store or DEALTIMELINE_STORE",
            shown_name(path),
        )
    if is_bundled(path):
        raise DealtimelineError.failure(
            "this is the bundled store, which add never changes",
            "make your own copy with 'dealtimeline init', then use it with "
            "--store events.yaml or DEALTIMELINE_STORE=events.yaml",
            str(path),
        )


def init_store(path: Path) -> Path:
    """Copy the bundled store byte for byte to `path` (a folder gets `events.yaml`), never
    overwriting a file; the path written."""
    target = path / "events.yaml" if path.is_dir() else path
    if os.path.lexists(target):
        raise DealtimelineError.failure(
            "already exists; init never overwrites a file",
            "give another PATH, or use this store as it is with --store",
            str(target),
        )
    if not target.parent.is_dir():
        raise DealtimelineError.failure(
            "the folder does not exist", "create it first, or give another PATH", str(target)
        )
    write_atomically(target, read_store_bytes(bundled_store()), replace=False)
    return target


def preview(path: Path, new: NewEvent) -> Addition:
    """What `add_event` would write, writing nothing."""
    refuse_bundled(path)
    return plan_addition(read_store_bytes(path), str(path), new)


def add_event(path: Path, new: NewEvent) -> Addition:
    """Add the event to the store at `path`, under its lock, from the store as it is then.

    When the file changed between the first reading and the lock (another writer won the
    race), the event is checked again against the file as it now is, and any problem is
    told in that file's lines. SIGTERM and SIGHUP remove the temporary file and the lock.
    """
    return rewrite_locked(
        path,
        lambda data, raced: plan_addition(data, str(path), new, as_it_is=raced),
        "event",
    )


class Planned(Protocol):
    """What a plan for a store comes to: the whole new file."""

    @property
    def data(self) -> bytes: ...


P = TypeVar("P", bound=Planned)


def rewrite_locked(path: Path, plan: Callable[[bytes, bool], P], what: str) -> P:
    """Rewrite the user's store at `path` with what `plan` makes of its bytes (and whether
    another writer changed them since they were first read), under the store's lock,
    atomically; the one way `add` and `add-source` write."""
    refuse_bundled(path)
    if not path.is_file():
        read_store_bytes(path)  # raises the reader's message for a missing file or a folder
    refuse_read_only(path)
    first = read_store_bytes(path)
    with removed_on_signals(), locked(path):
        before = _fingerprint(path)
        data = read_store_bytes(path)
        planned = plan(data, data != first)
        if _fingerprint(path) != before:
            raise DealtimelineError.failure(
                f"the file changed while the {what} was being added; nothing was written",
                "run the command again",
                str(path),
            )
        write_atomically(path, planned.data)
    return planned


def refuse_read_only(path: Path) -> None:
    """A file without any write permission is not written, by root either (for whom
    `os.access` is always true): the mode bits say what its owner wants."""
    try:
        writable_bits = os.stat(path).st_mode & 0o222
    except OSError:
        return  # the reader says why the file cannot be used
    if not writable_bits or not os.access(path, os.W_OK):
        raise DealtimelineError.failure(
            "the file is read-only; it was left as it was",
            f"make it writable (chmod u+w {path}) to add to it",
            str(path),
        )


def plan_addition(data: bytes, file: str, new: NewEvent, as_it_is: bool = False) -> Addition:
    """The new file: `data` with the event inserted, checked by parsing it all again.

    An invalid event raises the same FILE:LINE:COLUMN problems as `validate`, at the lines
    of the new file; with `as_it_is`, at the lines of `data` (a problem in the new event
    itself is then told without a line, as that line is not in the file).
    """
    old = parse_store(data, file)
    refuse_url_as_source(old, new.citation.source, file)
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = most_used_newline(body)
    place = place_of_new_event(body, file)
    taken = {event.id for event in old.events}
    event_id = new.id if new.id is not None else derived_id(new.title, new.date, taken)
    expected = _expected(old, new, event_id)
    text_of_event = fragment(event_mapping(expected), place.indent, newline)
    inserted, changed = place.insert(body, text_of_event, newline)
    result = (bom + inserted).encode("utf-8")
    try:
        _check(old, parse_store(result, file), expected, file)
    except DealtimelineError as error:
        if not as_it_is:
            raise
        raise _as_it_is(error, file, body, inserted, changed) from None
    return Addition(event_id, text_of_event, result)


def refuse_url_as_source(store: Store, cited: str, file: str) -> None:
    """A URL given where a source id goes (`add --source https://...`): a usage error
    naming the source with that URL, or the `add-source` command that would add it."""
    import shlex

    from dealtimeline.core.sanitize import http_url
    from dealtimeline.store.source_writer import same_address

    if cited in store.sources or http_url(cited) is None:
        return
    for source in store.sources.values():
        if source.url and same_address(source.url, cited):
            raise DealtimelineError.usage(
                f"--source takes a source id; {cited} is source '{source.id}'",
                f"cite it: --source {source.id}",
            )
    raise DealtimelineError.usage(
        f"--source takes a source id, and no source of the store has the URL {cited}",
        "add it first: dealtimeline add-source "
        + shlex.join(["--store", file, "--url", cited])
        + " --id ID --title TITLE --publisher NAME --published DATE",
    )


def _as_it_is(
    error: DealtimelineError, file: str, old: str, new: str, changed: tuple[int, int]
) -> DealtimelineError:
    """The problems of the new text told in the lines of the old one: a line before the
    change is the same, a line after it moves back, a line in it is not in the file."""
    first = len(BREAK.findall(new[: changed[0]])) + 1
    after = len(BREAK.findall(new[: changed[1]])) + 1
    shift = len(BREAK.findall(new)) - len(BREAK.findall(old))
    problems = [
        Problem(
            "another writer changed the file while this add waited for it; the event was "
            "checked again against the file as it now is; nothing was written",
            "",
            file,
        )
    ]
    for problem in error.problems:
        line = problem.line
        if line is None or line < first:
            problems.append(problem)
        elif line >= after:
            problems.append(dataclasses.replace(problem, line=line - shift))
        else:
            problems.append(
                dataclasses.replace(
                    problem, message=f"the new event: {problem.message}", line=None, column=None
                )
            )
    return DealtimelineError(problems, error.exit_code)


def _fingerprint(path: Path) -> tuple[int, int, int, int]:
    status = path.stat()
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _expected(store: Store, new: NewEvent, event_id: str) -> Event:
    """The event as the new file must hold it."""
    return Event(
        id=event_id,
        date=new.date,
        title=new.title,
        kind=new.kind,
        companies=resolve_companies(store, new.companies),
        citations=(new.citation,),
        summary=new.summary,
        status=cast(Status, new.status or "official"),
        amount=new.amount,
        changes=new.changes,
    )


def _check(old: Store, new: Store, expected: Event, file: str) -> None:
    """The new store must be the old one plus exactly the expected event."""
    kept = tuple(event for event in new.events if event.id != expected.id)
    same = (
        new.event(expected.id) == expected
        and kept == old.events
        and (new.companies, new.sources, new.terms) == (old.companies, old.sources, old.terms)
    )
    refuse_unless_only_added(same, "event", file)


def refuse_unless_only_added(only_added: bool, what: str, file: str) -> None:
    """The check after every rewrite: the new file must hold the old one plus `what`."""
    if not only_added:
        raise DealtimelineError.failure(
            f"the {what} cannot be added to this file without changing what it holds; "
            "nothing was written",
            f"add the {what} by hand, and please report this",
            file,
        )


# --- the YAML of the new event --------------------------------------------------------
