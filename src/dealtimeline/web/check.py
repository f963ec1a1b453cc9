"""The verdict on each source: its page fetched (or taken from the cache) and every quote
cited from it looked for in the page's visible text, folded as `validate` folds them.

Verdicts: `ok`; `moved` (the quotes are there, at the address a redirect gave);
`dead` (an HTTP error, DNS, TLS, a timeout, a body over the limit: the reason said);
`quote missing` (with the closest passage and how close); `not a page` (a PDF or another
type, named); `refused` (an address the safety rules refuse); `unchecked` (offline with
nothing cached, or the total deadline passed). `dead`, `quote missing` and `refused` fail.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx

from dealtimeline.core.model import Source, Store
from dealtimeline.core.sanitize import one_line
from dealtimeline.store.archive import fold
from dealtimeline.web.fetch import Fetched, Settings, client, fetch
from dealtimeline.web.pages import Pages
from dealtimeline.web.safety import Guard
from dealtimeline.web.text import closest_passage

VERDICTS = ("ok", "moved", "dead", "quote missing", "not a page", "refused", "unchecked")
FAILING = frozenset({"dead", "quote missing", "refused"})


@dataclass(frozen=True, repr=False)
class QuoteResult:
    """One quote cited from the source: on the page, or the passage closest to it."""

    event: str
    quote: str
    found: bool
    closest: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, repr=False)
class SourceCheck:
    """One source's verdict, and what it rests on."""

    id: str
    url: str
    verdict: str
    detail: str = ""
    final_url: str | None = None
    status: int | None = None
    content_type: str = ""
    quotes: tuple[QuoteResult, ...] = ()
    fetched_at: str | None = None
    cached: bool = False
    archived: str | None = None

    @property
    def fails(self) -> bool:
        return self.verdict in FAILING


@dataclass(frozen=True, repr=False)
class Plan:
    """How a check runs: threads, connections per host, bounds of each fetch, seconds for
    the whole check, and the cache: `offline` uses only it, `max_age` (seconds) trusts an
    entry that young without asking the server."""

    workers: int = 8
    per_host: int = 2
    settings: Settings = field(default_factory=Settings)
    total: float = 600.0
    offline: bool = False
    max_age: float | None = None


Quotes = dict[str, list[tuple[str, str]]]


def cited_quotes(store: Store) -> Quotes:
    """Each source's id to the (event id, quote) pairs citing it, in store order."""
    found: Quotes = defaultdict(list)
    for event in store.events:
        for citation in event.citations:
            found[citation.source].append((event.id, citation.quote))
    return found


def judge(
    source_id: str, url: str, fetched: Fetched, quotes: Sequence[tuple[str, str]]
) -> SourceCheck:
    """The verdict on a source from what fetching its page came to."""
    base = SourceCheck(
        source_id,
        url,
        "dead",
        one_line(fetched.reason),
        fetched.final_url,
        fetched.status,
        fetched.content_type,
    )
    if fetched.kind in ("refused", "dead"):
        return replace(base, verdict=fetched.kind)
    if fetched.kind == "not a page":
        return replace(base, verdict="not a page", detail=one_line(fetched.content_type))
    text = fetched.text or ""
    results = tuple(_look_for(event, quote, text) for event, quote in quotes)
    missing = [result for result in results if not result.found]
    if missing:
        first = missing[0]
        detail = f"{len(missing)} of {len(results)} quotes not on the page"
        if first.closest is not None:
            detail += (
                f'; closest to "{_short(first.quote)}": "{_short(first.closest)}" '
                f"({first.similarity:.0%} alike)"
            )
        return replace(base, verdict="quote missing", detail=detail, quotes=results)
    if fetched.final_url != url:
        detail = f"now at {one_line(fetched.final_url)}"
        return replace(base, verdict="moved", detail=detail, quotes=results)
    found = f"{len(results)} of {len(results)} quotes found" if results else "no quote cites it"
    return replace(base, verdict="ok", detail=found, quotes=results)


def _look_for(event: str, quote: str, text: str) -> QuoteResult:
    if fold(quote) in text:
        return QuoteResult(event, quote, True)
    close = closest_passage(quote, text)
    if close is None:
        return QuoteResult(event, quote, False)
    return QuoteResult(event, quote, False, one_line(close.passage), close.similarity)


def _short(text: str, most: int = 80) -> str:
    text = one_line(text)
    return text if len(text) <= most else text[: most - 1] + "…"


class _Hosts:
    """At most `per_host` fetches at a time from one host."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with semaphore:
            yield


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def check_sources(
    sources: Sequence[Source],
    quotes: Quotes,
    guard: Guard,
    plan: Plan,
    pages: Pages | None,
    on_done: Callable[[SourceCheck], None] = lambda _: None,
) -> list[SourceCheck]:
    """Every source with a URL checked, `plan.workers` at a time; the results in the order
    of `sources`, `on_done` called (on this thread) as each one ends."""
    deadline = time.monotonic() + plan.total
    hosts = _Hosts(plan.per_host)
    results: dict[str, SourceCheck] = {}
    with client(guard, max(plan.workers, 1)) as session:

        def one(source: Source) -> SourceCheck:
            url = source.url or ""
            with hosts.slot(url):
                return _check_one(session, guard, plan, pages, source, quotes, deadline)

        with ThreadPoolExecutor(max_workers=max(plan.workers, 1)) as pool:
            pending: set[Future[SourceCheck]] = {pool.submit(one, s) for s in _spread(sources)}
            try:
                while pending:
                    done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()
                        results[result.id] = result
                        on_done(result)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    return [results[s.id] for s in sources]


def _spread(sources: Sequence[Source]) -> list[Source]:
    """The sources taken host by host in turn, so that the threads are not all waiting on
    the slots of one host."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[(urlsplit(source.url or "").hostname or "").lower()].append(source)
    queues = list(by_host.values())
    spread: list[Source] = []
    while queues:
        spread += [queue.pop(0) for queue in queues]
        queues = [queue for queue in queues if queue]
    return spread


def _check_one(
    session: httpx.Client,
    guard: Guard,
    plan: Plan,
    pages: Pages | None,
    source: Source,
    quotes: Quotes,
    deadline: float,
) -> SourceCheck:
    url = source.url or ""
    cited = quotes.get(source.id, [])
    entry = None if pages is None else pages.get(url)
    if plan.offline:
        if entry is None:
            detail = "never fetched, so nothing to check offline"
            return SourceCheck(source.id, url, "unchecked", detail)
        return replace(
            judge(source.id, url, entry.fetched, cited), fetched_at=entry.at, cached=True
        )
    if entry is not None and plan.max_age is not None and entry.age() <= plan.max_age:
        return replace(
            judge(source.id, url, entry.fetched, cited), fetched_at=entry.at, cached=True
        )
    if time.monotonic() >= deadline:
        detail = f"the check's deadline of {plan.total:g} s passed first"
        return SourceCheck(source.id, url, "unchecked", detail)
    page = entry.fetched if entry is not None and entry.fetched.kind == "page" else None
    validators = (None, None) if page is None else (page.etag, page.last_modified)
    fetched = fetch(session, guard, url, plan.settings, validators, deadline)
    cached = False
    if fetched.kind == "not modified":
        if page is None:
            fetched = replace(fetched, kind="dead", reason="HTTP 304 to a request without one")
        else:
            fetched, cached = page, True
    if pages is not None:
        pages.put(url, fetched)
    return replace(judge(source.id, url, fetched, cited), fetched_at=_now(), cached=cached)
