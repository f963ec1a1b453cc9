"""The sources: `sources` lists them, `sources check` checks them on the live web,
`add-source` adds one to your store. httpx and the HTML parser are imported only when a
page is fetched."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from dealtimeline.cli.app import (
    app,
    confirm,
    emit,
    global_options,
    mention_stale_temporaries,
    message,
    open_store,
)
from dealtimeline.cli.command_options import (
    AllowHostOption,
    CheckOutput,
    DryRunOption,
    SourceIdOption,
    SourceSortOption,
    TimeoutOption,
)
from dealtimeline.cli.options import (
    CompanyOption,
    NoColorOption,
    Output,
    SinceOption,
    StoreOption,
    UntilOption,
    option_groups,
)
from dealtimeline.cli.values import period_range
from dealtimeline.core.errors import DealtimelineError

if TYPE_CHECKING:
    from pathlib import Path

    from dealtimeline.core.model import Source, Store
    from dealtimeline.web.check import SourceCheck

WAYBACK = "https://archive.org/wayback/available"

# The options of `sources check` alone.
WorkersOption = Annotated[
    int, typer.Option("--workers", metavar="N", min=1, max=64, help="Pages fetched at once.")
]
DeadlineOption = Annotated[
    float, typer.Option("--deadline", metavar="SECONDS", min=1, help="For the whole check.")
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Check against the pages fetched before.")
]
MaxAgeOption = Annotated[
    str | None,
    typer.Option(
        "--max-age",
        metavar="AGE",
        help="Reuse a page fetched within AGE (90s, 30m, 12h, 7d) without asking.",
    ),
]
ArchiveOption = Annotated[
    bool, typer.Option("--archive", help="Find an archived copy of each dead or changed page.")
]
ArchiveApiOption = Annotated[
    str, typer.Option("--archive-api", metavar="URL", help="The archive's availability API.")
]
SaveArchiveOption = Annotated[
    bool,
    typer.Option(
        "--save-archive", help="Write each copy --archive finds as the source's archived:."
    ),
]

sources_app = typer.Typer(
    name="sources",
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sources_app, name="sources")


@sources_app.callback(invoke_without_command=True)
@option_groups
def sources_command(ctx: typer.Context, sort: SourceSortOption = None, *, output: Output) -> None:
    """The sources: publisher, date, grade, and what cites them.

    In the store's order, or --sort publisher, published or grade. Formats: rich, json,
    csv, markdown, yaml. 'dealtimeline sources check' checks them on the web.

    Example: dealtimeline sources --sort published --format markdown
    """
    if ctx.invoked_subcommand is not None:
        return
    from dealtimeline.core.aggregates import SOURCE_SORTS, sorted_usages, source_usage
    from dealtimeline.views.tables import SourcesView

    if sort is not None and sort not in SOURCE_SORTS:
        raise DealtimelineError.usage(
            f"no order '{sort}' (--sort)", "One of: " + ", ".join(SOURCE_SORTS)
        )
    options, loaded = open_store(ctx, output)
    emit(SourcesView(sorted_usages(source_usage(loaded), sort)), output, options)


@sources_app.command("check")
@option_groups
def check_command(
    ctx: typer.Context,
    source: SourceIdOption = None,
    company: CompanyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    allow_host: AllowHostOption = None,
    workers: WorkersOption = 8,
    timeout: TimeoutOption = 20.0,
    deadline: DeadlineOption = 600.0,
    offline: OfflineOption = False,
    max_age: MaxAgeOption = None,
    archive: ArchiveOption = False,
    archive_api: ArchiveApiOption = WAYBACK,
    save_archive: SaveArchiveOption = False,
    *,
    output: CheckOutput,
) -> None:
    """Fetch every source's page and look for each quote cited from it.

    Verdicts: ok, moved, dead, quote missing, not a page, refused (loopback, private,
    link-local and metadata addresses, unless --allow-host), unchecked. Exit 1 when a
    source is dead, misses a quote or is refused. Pages are cached; --offline uses them.

    Formats: rich, json, csv, markdown.

    Example: dealtimeline sources check --company oracle --format json
    """
    from dealtimeline.web.check import Plan, check_sources, cited_quotes
    from dealtimeline.web.fetch import Settings
    from dealtimeline.web.pages import Pages
    from dealtimeline.web.safety import Guard

    if save_archive and not archive:
        raise DealtimelineError.usage(
            "--save-archive writes what --archive finds", "give --archive with it"
        )
    plan = Plan(workers, 2, Settings(timeout=timeout), deadline, offline, _age(max_age))
    options, loaded = open_store(ctx, output)
    if save_archive:
        _writable(options.store)
    chosen = _chosen(loaded, source, company, since, until)
    guard = Guard.of(allow_host or ())
    from dealtimeline.render.checks import progress_bar

    shown = sys.stderr.isatty()
    with progress_bar(len(chosen), shown) as advance:
        results = check_sources(chosen, cited_quotes(loaded), guard, plan, Pages(), advance)
    if archive:
        from dealtimeline.web.wayback import with_archives

        results = with_archives(results, loaded, guard, plan, archive_api)
    from dealtimeline.views.checks import ChecksView

    emit(ChecksView(results), output, options)
    if save_archive:
        _save_archives(options.store, results)
    _fail_on(results)


def _writable(store: Path | None) -> None:
    """--save-archive on a store that cannot be written is refused before any fetch."""
    from dealtimeline.store.locate import store_path
    from dealtimeline.store.writer import refuse_bundled, refuse_read_only

    path = store_path(store)
    refuse_bundled(path)
    refuse_read_only(path)


def _save_archives(store: Path | None, results: Sequence[SourceCheck]) -> None:
    """Write each archived copy found into the store; say how many sources changed."""
    from dealtimeline.core.sanitize import visible_path
    from dealtimeline.core.values import plural
    from dealtimeline.store.archived_writer import save_archived
    from dealtimeline.store.locate import store_path

    found = {r.id: r.archived for r in results if r.archived}
    if not found:
        message("No archived copy found; the store was left as it was")
        return
    path = store_path(store)
    mention_stale_temporaries(path)
    saved = save_archived(path, found)
    where = visible_path(str(path))
    if not saved.changed:
        message(f"The archived copies were in {where} already; nothing was written")
        return
    said = ", ".join(saved.changed)
    message(
        f"Saved the archived copy of {plural(len(saved.changed), 'source')} ({said}) to {where}"
    )


def _fail_on(results: Sequence[SourceCheck]) -> None:
    """Exit 1, counting the failing sources by verdict, when any fails."""
    from dealtimeline.web.check import FAILING

    failing = [r for r in results if r.verdict in FAILING]
    if failing:
        counts = {v: sum(r.verdict == v for r in failing) for v in sorted(FAILING)}
        said = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
        cached = sum(1 for r in failing if r.cached)
        again = (
            f"{cached} of them rest on pages fetched before: check again without --offline"
            " (or with a shorter --max-age)"
            if cached
            else ""
        )
        raise DealtimelineError.failure(
            f"{len(failing)} of {len(results)} sources fail: {said}", again
        )


def _chosen(
    store: Store,
    ids: list[str] | None,
    companies: list[str] | None,
    since: str | None,
    until: str | None,
) -> list[Source]:
    """The sources the filters keep that have a URL; those without one are said."""
    import difflib

    from dealtimeline.core.query import resolve_companies

    for wanted in ids or ():
        if wanted not in store.sources:
            close = difflib.get_close_matches(wanted, list(store.sources), n=1)
            fix = f"did you mean '{close[0]}'?" if close else "see: dealtimeline sources"
            raise DealtimelineError.usage(f"no source '{wanted}' (--source)", fix)
    cited: set[str] | None = None
    if companies:
        ids_of = set(resolve_companies(store, companies))
        cited = {c.source for e in store.events if ids_of & set(e.companies) for c in e.citations}
    start, end = period_range(since, until)
    kept = [
        s
        for s in store.sources.values()
        if (not ids or s.id in ids)
        and (cited is None or s.id in cited)
        and (start is None or s.published.end >= start.start)
        and (end is None or s.published.start <= end.end)
    ]
    without = [s.id for s in kept if not s.url]
    if without:
        from dealtimeline.core.values import plural

        message(f"Not checked, no url: {plural(len(without), 'source')} ({', '.join(without)})")
    return [s for s in kept if s.url]


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _age(text: str | None) -> float | None:
    """`--max-age` in seconds: 90, 90s, 30m, 12h, 7d."""
    if text is None:
        return None
    cleaned = text.strip().lower()
    unit = cleaned[-1:] if cleaned[-1:] in _UNITS else "s"
    number = cleaned[:-1] if cleaned[-1:] in _UNITS else cleaned
    try:
        value = float(number) * _UNITS[unit]
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise DealtimelineError.usage(
            f"'{text}' is not an age (--max-age)", "write 90s, 30m, 12h or 7d"
        )
    return value


def _required(given: dict[str, str | None]) -> dict[str, str]:
    missing = [option for option, value in given.items() if not (value and value.strip())]
    if missing:
        raise DealtimelineError.usage("missing " + ", ".join(missing), "give them as options")
    return {option: str(value).strip() for option, value in given.items()}


@app.command("add-source")
def add_source_command(
    ctx: typer.Context,
    source_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="A slug, such as heise-2025-01-22.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="The page.")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Its title.")] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="NAME", help="Who published it.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="DATE", help="2024, 2024-06 or 2024-06-11."),
    ] = None,
    grade: Annotated[
        str, typer.Option("--grade", metavar="GRADE", help="primary, press (default) or copy.")
    ] = "press",
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check", metavar="QUOTE", help="Fetch the page; refuse if QUOTE is not on it."
        ),
    ] = None,
    allow_host: AllowHostOption = None,
    timeout: TimeoutOption = 20.0,
    dry_run: DryRunOption = False,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Add a source to your own store, for add --source to cite.

    Refuses an id or a URL the store already has. With --check, the page is fetched
    first and each QUOTE must be on it.

    \b
    Example: dealtimeline add-source --store deals.yaml --id example-2025-03
      --url https://example.com/deals --title "A page on the deals"
      --publisher Example --published 2025-03
    """
    from dealtimeline.core.dates import parse_store_date
    from dealtimeline.core.sanitize import http_url, visible_path
    from dealtimeline.store.locate import store_path
    from dealtimeline.store.source_writer import NewSource, add_source, grade_of, plan_source
    from dealtimeline.store.writer import refuse_bundled

    path = store_path(global_options(ctx, store, no_color).store)
    refuse_bundled(path)
    given = _required(
        {"--id": source_id, "--url": url, "--title": title, "--publisher": publisher,
         "--published": published}
    )  # fmt: skip
    if http_url(given["--url"]) is None:
        raise DealtimelineError.usage(
            f"'{given['--url']}' is not an http(s) address (--url)", "give https://..."
        )
    try:
        day = parse_store_date(given["--published"])
    except ValueError as error:
        raise DealtimelineError.usage(
            f"{error} (--published)", "write 2024, 2024-06 or 2024-06-11"
        ) from None
    new = NewSource(
        given["--id"], given["--title"], given["--publisher"], day, given["--url"], grade_of(grade)
    )
    if check:
        _check_quotes(new.url, check, allow_host or (), timeout)
    if dry_run:
        from dealtimeline.store.locate import read_store_bytes

        sys.stdout.write(plan_source(read_store_bytes(path), str(path), new).fragment)
        message(f"Dry run: nothing was written to {visible_path(str(path))}")
        return
    mention_stale_temporaries(path)
    add_source(path, new)
    confirm(f"Added source '{new.id}' to {visible_path(str(path))}")


def _check_quotes(url: str, quotes: list[str], hosts: Sequence[str], timeout: float) -> None:
    """Fetch the page; a failure naming each quote not on it, with the closest passage."""
    from dealtimeline.web.check import judge
    from dealtimeline.web.fetch import Settings, client, fetch
    from dealtimeline.web.safety import Guard

    guard = Guard.of(hosts)
    with client(guard, 1) as session:
        fetched = fetch(session, guard, url, Settings(timeout=timeout))
    result = judge("new", url, fetched, [("--check", quote) for quote in quotes])
    if result.verdict in ("ok", "moved"):
        return
    if result.verdict != "quote missing":
        raise DealtimelineError.failure(
            f"the page cannot be checked: {result.verdict}: {result.detail}",
            "give the address of a page that is online, or leave --check out",
        )
    missing = [q for q in result.quotes if not q.found]
    said = "; ".join(
        f'"{q.quote}" is not on the page'
        + ("" if q.closest is None else f'; closest: "{q.closest}" ({q.similarity:.0%} alike)')
        for q in missing
    )
    raise DealtimelineError.failure(said, "copy the words exactly as the page writes them")
