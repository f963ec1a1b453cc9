"""`add-source`: a source written into the `sources:` mapping as `add` writes events
(atomic, locked, every other byte kept), refused when its id or URL is there already, and
with --check only when each quote is on the page (a server on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import TINY, run
from tests.web_server import QUOTE, serving

NEW = ("--id", "local-2025", "--title", "A local page", "--publisher", "Local",
       "--published", "2025-01-21")  # fmt: skip


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "deals.yaml"
    path.write_bytes(TINY.read_bytes())
    return path


def test_a_source_is_added_then_cited_by_add(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = store.read_text()
    result = run("add-source", "--store", str(store), *NEW, "--url", "https://example.org/p")
    assert (result.code, result.stdout) == (0, f"Added source 'local-2025' to {store}\n")
    after = store.read_text()
    inserted = (
        "  local-2025:\n    title: A local page\n    publisher: Local\n"
        "    published: 2025-01-21\n    url: https://example.org/p\n    grade: press\n"
    )
    assert after == before.replace("\nterms:\n", f"{inserted}\nterms:\n", 1)
    added = run(
        "add", "--store", str(store), "--date", "2025-01", "--kind", "partnership",
        "--title", "A local event", "-c", "openai", "--source", "local-2025",
        "--quote", "A local quote",
    )  # fmt: skip
    assert (added.code, added.stdout) == (0, f"Added event 'a-local-event-2025' to {store}\n")


def test_a_duplicate_id_or_url_is_refused_naming_the_source(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = store.read_bytes()
    same_id = run("add-source", "--store", str(store), *NEW[:1], "paper-2019", *NEW[2:],
                  "--url", "https://example.org/new")  # fmt: skip
    assert same_id.code == 1
    assert same_id.stderr == (
        f"Error: {store}: source 'paper-2019' already exists (The Paper, 2019-07-22)\n"
        "choose another --id, or cite it: dealtimeline add --source paper-2019\n"
    )
    same_url = run("add-source", "--store", str(store), *NEW, "--url", "HTTPS://Example.com/2019/")
    assert same_url.stderr == (
        f"Error: {store}: HTTPS://Example.com/2019/ is already source 'paper-2019'\n"
        "did you mean 'paper-2019'? cite it: dealtimeline add --source paper-2019\n"
    )
    assert store.read_bytes() == before


def test_missing_options_and_a_bad_url_are_usage_errors(tmp_path: Path) -> None:
    store = _store(tmp_path)
    result = run("add-source", "--store", str(store), "--id", "x")
    assert (result.code, result.stderr) == (
        2,
        "Error: missing --url, --title, --publisher, --published\ngive them as options\n",
    )
    result = run("add-source", "--store", str(store), *NEW, "--url", "file:///etc/passwd")
    assert result.code == 2


def test_check_refuses_a_quote_not_on_the_page(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = store.read_bytes()
    with serving() as site:
        base = ("add-source", "--store", str(store), *NEW, "--url", site.base + "/changed",
                "--allow-host", "127.0.0.1")  # fmt: skip
        refused = run(*base, "--check", QUOTE)
        assert refused.code == 1
        assert refused.stderr == (
            f'Error: "{QUOTE}" is not on the page; closest: "Microsoft will become our '
            'preferred cloud provider," (85% alike)\n'
            "copy the words exactly as the page writes them\n"
        )
        assert store.read_bytes() == before
        fine = run(*base, "--check", "Microsoft will become our preferred cloud provider")
        assert fine.code == 0
        unadmitted = run(*base[:-2], "--check", QUOTE)
        assert unadmitted.stderr.startswith("Error: the page cannot be checked: refused: ")


def test_a_url_given_to_add_source_names_its_source_or_the_add_source_command(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    before = store.read_bytes()
    event = ("add", "--store", str(store), "--date", "2025-01", "--kind", "partnership",
             "--title", "A local event", "-c", "openai", "--quote", "A local quote")  # fmt: skip
    known = run(*event, "--source", "https://www.example.com/2019/")
    assert (known.code, known.stderr) == (
        2,
        "Error: --source takes a source id; https://www.example.com/2019/ is source "
        "'paper-2019'\ncite it: --source paper-2019\n",
    )
    unknown = run(*event, "--source", "https://example.org/new?a=1&b=2")
    assert (unknown.code, unknown.stderr) == (
        2,
        "Error: --source takes a source id, and no source of the store has the URL "
        "https://example.org/new?a=1&b=2\nadd it first: dealtimeline add-source --store "
        f"{store} --url 'https://example.org/new?a=1&b=2' --id ID --title TITLE "
        "--publisher NAME --published DATE\n",
    )
    assert store.read_bytes() == before
