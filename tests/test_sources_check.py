"""`sources check` against a real server on 127.0.0.1: every verdict, the formats, the
exit status, the cache (revalidation, --offline, --max-age), the archive's copies, and a
start-up that never imports httpx or the HTML parser for the other commands."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers import read_pty, run
from tests.web_server import LATIN, QUOTE, SECOND, Site, serving

CASES = {
    "quote": ("/quote", [QUOTE, SECOND]),
    "moved": ("/chain/1", [QUOTE]),
    "changed": ("/changed", [QUOTE]),
    "gone": ("/status/410", [QUOTE]),
    "missing": ("/status/404", [QUOTE]),
    "broken": ("/status/500", [QUOTE]),
    "loop": ("/loop/a", [QUOTE]),
    "private": ("/private", [QUOTE]),
    "busy": ("/busy", [QUOTE]),
    "pdf": ("/pdf", [QUOTE]),
    "latin": ("/latin", [LATIN]),
    "bomb": ("/bomb", [QUOTE]),
    "huge": ("/huge", [QUOTE]),
    "drip": ("/drip", [QUOTE]),
}


def write_store(path: Path, base: str, cases: dict[str, tuple[str, list[str]]]) -> Path:
    """A store with one source per case, at `base`, and one event citing each quote."""
    lines = ["version: 1", "companies:", "  openai:", "    name: OpenAI", "sources:"]
    for name, (where, _) in cases.items():
        lines += [
            f"  {name}:",
            f"    title: The {name} page",
            "    publisher: The local server",
            "    published: 2025-01-21",
            f"    url: {base}{where}",
        ]
    lines.append("events:")
    for name, (_, quotes) in cases.items():
        for number, quote in enumerate(quotes):
            lines += [
                f"  - id: {name}-{number}",
                "    date: 2025-01-21",
                f"    title: What the {name} page says",
                "    kind: partnership",
                "    companies: [openai]",
                "    sources:",
                f"      - source: {name}",
                f"        quote: {json.dumps(quote)}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serving(bomb=True) as running:
        yield running


@pytest.fixture
def cache(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


def check(store: Path, env: dict[str, str], *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run(
        "sources", "check", "--store", str(store), "--allow-host", "127.0.0.1",
        "--timeout", "2", "--format", "json", *args, env=env,
    )  # fmt: skip
    return result.code, json.loads(result.stdout)["sources"]


def test_every_verdict_against_the_local_server(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    store = write_store(tmp_path / "store.yaml", site.base, CASES)
    code, found = check(store, cache)
    verdicts = {item["id"]: (item["verdict"], item["detail"]) for item in found}
    assert code == 1
    assert verdicts == {
        "quote": ("ok", "2 of 2 quotes found"),
        "moved": ("moved", f"now at {site.base}/quote"),
        "changed": (
            "quote missing",
            '1 of 1 quotes not on the page; closest to "Microsoft will become our exclusive '
            'cloud provider": "Microsoft will become our preferred cloud provider," (85% alike)',
        ),
        "gone": ("dead", "HTTP 410 Gone"),
        "missing": ("dead", "HTTP 404 Not Found"),
        "broken": ("dead", "HTTP 500 Internal Server Error"),
        "loop": (
            "dead",
            f"a redirect loop: {site.base}/loop/a -> {site.base}/loop/b -> {site.base}/loop/a",
        ),
        "private": (
            "refused",
            "127.0.0.2 is a loopback address; give --allow-host 127.0.0.2 to admit it",
        ),
        "busy": ("ok", "1 of 1 quotes found"),
        "pdf": ("not a page", "application/pdf"),
        "latin": ("ok", "1 of 1 quotes found"),
        "bomb": ("dead", "the page is over the limit of 10 MB"),
        "huge": ("dead", "the page is over the limit of 10 MB"),
        "drip": ("dead", "timeout: the page took over 2 s"),
    }
    assert set(found[0]) >= {"id", "url", "verdict", "detail", "quotes"}


def test_the_other_formats_and_the_exit_status(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    store = write_store(tmp_path / "s.yaml", site.base, {"quote": CASES["quote"]})
    base = ("sources", "check", "--store", str(store), "--allow-host", "127.0.0.1")
    csv = run(*base, "--format", "csv", env=cache)
    assert csv.code == 0
    assert (
        csv.stdout.splitlines()[0] == "id,verdict,detail,url,final_url,archived,fetched_at,cached"
    )
    assert csv.stdout.splitlines()[1].startswith("quote,ok,2 of 2 quotes found,")
    markdown = run(*base, "--format", "markdown", env=cache)
    assert "| quote | ok | 2 of 2 quotes found |" in markdown.stdout
    table = run(*base, env=cache)
    assert table.stdout.splitlines()[0].startswith("Pages fetched ")
    assert table.stdout.splitlines()[3].split() == [
        "quote",
        "ok",
        "2",
        "of",
        "2",
        "quotes",
        "found",
    ]


def test_without_allow_host_the_local_server_is_refused(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    store = write_store(tmp_path / "s.yaml", site.base, {"quote": CASES["quote"]})
    before = site.hits.get("/quote", 0)
    result = run("sources", "check", "--store", str(store), "--format", "json", env=cache)
    assert result.code == 1
    assert json.loads(result.stdout)["sources"][0]["verdict"] == "refused"
    assert result.stderr == "Error: 1 of 1 sources fail: 1 refused\n"
    assert site.hits.get("/quote", 0) == before


def test_pages_are_cached_revalidated_and_checked_offline(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    store = write_store(tmp_path / "s.yaml", site.base, {"cached": ("/cached", [QUOTE])})
    assert check(store, cache, "--offline")[1][0]["verdict"] == "unchecked"
    first = check(store, cache)[1][0]
    assert (first["verdict"], first["cached"]) == ("ok", False)
    again = check(store, cache)[1][0]
    assert (again["verdict"], again["cached"]) == ("ok", True)  # a 304 to If-None-Match
    assert site.headers["/cached"]["If-None-Match"] == '"v1"'
    hits = site.hits["/cached"]
    assert check(store, cache, "--max-age", "1h")[1][0]["cached"] is True
    assert check(store, cache, "--offline")[1][0]["verdict"] == "ok"
    assert site.hits["/cached"] == hits
    fetched = datetime.fromisoformat(str(again["fetched_at"])).strftime("%Y-%m-%d %H:%M")
    offline = run("sources", "check", "--store", str(store), "--offline", env=cache).stdout
    assert offline.splitlines()[0] == f"Pages fetched {fetched} UTC; 1 of 1 from the cache"
    folder = Path(cache["XDG_CACHE_HOME"]) / "dealtimeline"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in folder.glob("page-*.json")} == {0o600}


def test_a_bad_max_age_and_an_unknown_source_are_usage_errors(tmp_path: Path) -> None:
    result = run("sources", "check", "--max-age", "soon")
    assert (result.code, result.stderr) == (
        2,
        "Error: 'soon' is not an age (--max-age)\nwrite 90s, 30m, 12h or 7d\n",
    )
    result = run("sources", "check", "--source", "heise-2025-01-2")
    assert result.code == 2
    assert "did you mean 'heise-2025-01-22'?" in result.stderr


def test_list_never_imports_httpx_or_the_parser() -> None:
    code = (
        "import sys\n"
        "from dealtimeline.cli import main\n"
        "sys.argv = ['dealtimeline', 'list', '--limit', '1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('httpx', 'httpcore', 'selectolax', 'brotli', 'h11', 'anyio'))\n"
        "sys.stderr.write(repr(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stderr == "[]"


def test_archive_asks_a_local_stand_in_for_dead_or_changed_pages_only(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    cases = {n: CASES[n] for n in ("quote", "changed", "gone")}
    store = write_store(tmp_path / "s.yaml", site.base, cases)
    api = site.base + "/wayback/available"
    asked = site.hits.get("/wayback/available", 0)
    code, found = check(store, cache, "--archive", "--archive-api", api)
    archived = {item["id"]: item["archived"] for item in found}
    assert code == 1
    assert archived == {
        "quote": None,
        "changed": f"http://web.archive.org/web/20240101000000/{site.base}/changed",
        "gone": None,  # the stand-in has no copy of /status/ pages
    }
    assert site.hits["/wayback/available"] - asked == 2
    assert "timestamp=20250121" in site.paths[-1]
    before = site.hits["/wayback/available"]
    check(store, cache)
    assert site.hits["/wayback/available"] == before  # never asked without --archive


def test_a_progress_bar_on_a_terminal(site: Site, tmp_path: Path) -> None:
    import os
    import pty

    store = write_store(tmp_path / "s.yaml", site.base, {"quote": CASES["quote"]})
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "dealtimeline", "sources", "check", "--store", str(store),
         "--allow-host", "127.0.0.1", "--format", "csv"],
        stdout=subprocess.DEVNULL, stderr=follower,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm"},
    )  # fmt: skip
    os.close(follower)
    written = read_pty(leader)
    assert process.wait(30) == 0
    os.close(leader)
    assert b"Checking sources" in written


def test_save_archive_writes_each_copy_found_into_the_store_keeping_every_byte(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    cases = {n: CASES[n] for n in ("quote", "changed", "gone")}
    store = write_store(tmp_path / "s.yaml", site.base, cases)
    original = store.read_text(encoding="utf-8").replace(
        "  changed:\n", "  changed:  # a page that changed\n"
    )
    store.write_text(original, encoding="utf-8")
    api = site.base + "/wayback/available"
    copy = f"http://web.archive.org/web/20240101000000/{site.base}/changed"
    args = ("sources", "check", "--store", str(store), "--allow-host", "127.0.0.1",
            "--timeout", "2", "--format", "json", "--archive", "--archive-api", api)  # fmt: skip
    result = run(*args, "--save-archive", env=cache)
    assert result.code == 1
    assert result.stderr == (
        f"Saved the archived copy of 1 source (changed) to {store}\n"
        "Error: 2 of 3 sources fail: 1 dead, 1 quote missing\n"
    )
    url_line = f"    url: {site.base}/changed\n"
    assert store.read_text(encoding="utf-8") == original.replace(
        url_line, url_line + f"    archived: {copy}\n"
    )
    shown = run("show", "changed-0", "--store", str(store)).stdout
    assert f"   {site.base}/changed\n   archived: {copy}\n" in shown
    again = run(*args, "--save-archive", env=cache)
    assert again.stderr.splitlines()[0] == (
        f"The archived copies were in {store} already; nothing was written"
    )
    refused = run(*args[:-3], "--save-archive", env=cache)
    assert (refused.code, refused.stderr) == (
        2,
        "Error: --save-archive writes what --archive finds\ngive --archive with it\n",
    )


def test_a_failure_from_pages_fetched_before_says_how_to_check_again(
    site: Site, tmp_path: Path, cache: dict[str, str]
) -> None:
    store = write_store(tmp_path / "s.yaml", site.base, {"gone": CASES["gone"]})
    base = ("sources", "check", "--store", str(store), "--allow-host", "127.0.0.1")
    fresh = run(*base, env=cache)
    assert (fresh.code, fresh.stderr) == (1, "Error: 1 of 1 sources fail: 1 dead\n")
    offline = run(*base, "--offline", env=cache)
    assert (offline.code, offline.stderr) == (
        1,
        "Error: 1 of 1 sources fail: 1 dead\n1 of them rest on pages fetched before: check "
        "again without --offline (or with a shorter --max-age)\n",
    )
