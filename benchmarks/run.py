"""Measure dealtimeline against its floors and print the table.

Usage: python benchmarks/run.py [--quick] [--sizes 1000,10000,100000]

Every figure is the median wall time of several runs of a fresh process of the
installed `dealtimeline` script, in the same venv, in one sitting; ratios are to the
floor (`import typer, rich.table, yaml, dateutil.parser`), the median of the ratios of
runs made in pairs with it, or, for a first parse, to
PyYAML's C loader parsing the same file alone. Synthetic stores of 1k, 10k and 100k
events in the version 1 format are written to a temporary folder; peak memory is the
child's maximum resident set (os.wait4).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

FLOOR = "import typer, rich.table, yaml, dateutil.parser"
KINDS = ("investment", "capacity", "partnership", "terms", "joint-venture", "product")
SIZES = (1_000, 10_000, 100_000)


def write_store(path: Path, events: int, seed: int = 7) -> None:
    """A valid store of `events` events over 60 companies, 300 sources and 40 terms."""
    rng = random.Random(seed)
    lines = ["version: 1", "companies:"]
    for number in range(60):
        lines += [
            f"  company-{number}:",
            f"    name: Company {number}",
            f"    aliases: [C{number}, Co {number}]",
            f"    description: A company that builds or buys compute, number {number}",
        ]
    lines.append("sources:")
    for number in range(300):
        lines += [
            f"  source-{number}:",
            f"    title: Report number {number} on a compute deal",
            f"    publisher: Publisher {number % 25}",
            f"    published: {2019 + number % 8}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            f"    url: https://example.com/reports/{number}",
            f"    grade: {('primary', 'press', 'copy')[number % 3]}",
        ]
    lines.append("terms:")
    for number in range(40):
        lines += [
            f"  term-{number}:",
            f"    label: Term number {number} of the deals",
            f"    companies: [company-{number}, company-{number + 1}]",
        ]
    lines.append("events:")
    for number in range(events):
        year = rng.randint(2019, 2026)
        month = rng.randint(1, 12)
        date = rng.choice(
            [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{rng.randint(1, 28):02d}"]
        )
        first, second = rng.sample(range(60), 2)
        lines += [
            f"  - id: event-{number}",
            f"    date: {date}",
            f"    title: Company {first} and Company {second} agree deal number {number}",
            "    summary: >-",
            f"      A synthetic event for measuring: company {first} buys compute from company",
            f"      {second}, with an amount and a change to one of the terms.",
            f"    kind: {rng.choice(KINDS)}",
            f"    companies: [company-{first}, company-{second}]",
        ]
        if number % 4 == 0:
            lines += ["    status: reported"]
        lines += [
            "    amount:",
            f"      value: {rng.randint(1, 500) * 100_000_000}",
            "      currency: USD",
            "    sources:",
            f"      - source: source-{rng.randrange(300)}",
            f'        quote: "a verbatim quote for deal number {number}"',
        ]
        if number % 3 == 0:
            lines += [
                "    changes:",
                f"      - term: term-{rng.randrange(40)}",
                f"        value: value {number}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_once(command: Sequence[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run, its stdout read through a pipe."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment
    )
    assert process.stdout is not None
    while process.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0,):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    command: Sequence[str], environment: dict[str, str], runs: int, warm_up: int = 1
) -> tuple[float, float]:
    for _ in range(warm_up):
        run_once(command, environment)
    results = [run_once(command, environment) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def paired_ratio(
    command: Sequence[str], floor: Sequence[str], environment: dict[str, str], runs: int
) -> tuple[float, float, float]:
    """Median seconds, median of the per-pair ratios to the floor, and peak MiB, the
    command and the floor run one after the other so that both see the same machine."""
    run_once(command, environment)
    run_once(floor, environment)
    pairs = [(run_once(command, environment), run_once(floor, environment)) for _ in range(runs)]
    seconds = statistics.median(c[0] for c, _ in pairs)
    ratio = statistics.median(c[0] / f[0] for c, f in pairs)
    return seconds, ratio, max(c[1] for c, _ in pairs)


def main() -> int:
    arguments = sys.argv[1:]
    quick = "--quick" in arguments
    sizes = SIZES
    if "--sizes" in arguments:
        listed = arguments[arguments.index("--sizes") + 1]
        sizes = tuple(int(size) for size in listed.split(",") if size.strip() not in ("", "0"))
    runs = 3 if quick else 9
    python = sys.executable
    script = Path(python).with_name("dealtimeline")
    program = [str(script)] if script.exists() else [python, "-m", "dealtimeline"]
    # As a user runs it: compiled modules kept, no fixed width, the bundled store.
    unset = ("COLUMNS", "DEALTIMELINE_STORE", "PYTHONDONTWRITEBYTECODE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    rows: list[tuple[str, float, str, float, str]] = []

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        environment = {**base, "XDG_CACHE_HOME": str(work / "cache")}
        floor, floor_memory = measure([python, "-c", FLOOR], environment, runs)
        rows.append(("floor: " + FLOOR, floor, "1.00", floor_memory, ""))

        goals = {
            "list (bundled store, piped)": (["list"], 1.1),
            "--help": (["--help"], 1.5),
            "diff 2024 2025": (["diff", "2024", "2025"], 1.25),
            "show --company oracle": (["show", "--company", "oracle"], 1.6),
        }
        for name, (args, goal) in goals.items():
            seconds, ratio, memory = paired_ratio(
                [*program, *args], [python, "-c", FLOOR], environment, runs
            )
            rows.append((name, seconds, f"{ratio:.2f}", memory, f"<= {goal}"))

        for size in sizes:
            store = work / f"events-{size}.yaml"
            write_store(store, size)
            megabytes = store.stat().st_size / 1048576
            size_runs = runs if size < 100_000 else 3
            c_loader = [
                python,
                "-c",
                f"import yaml; yaml.load(open({str(store)!r}, 'rb'), Loader=yaml.CSafeLoader)",
            ]
            parse_alone, parse_memory = measure(c_loader, environment, size_runs, warm_up=0)
            label = f"{size:,} events ({megabytes:.1f} MiB)"
            rows.append((f"{label}: PyYAML C loader alone", parse_alone, "", parse_memory, ""))
            cold_command = [*program, "--no-cache", "--store", str(store), "state"]
            cold, cold_memory = measure(cold_command, environment, size_runs, warm_up=0)
            rows.append(
                (
                    f"{label}: state, first run (no cache)",
                    cold,
                    f"{cold / parse_alone:.2f} of C loader",
                    cold_memory,
                    "<= 1.3 of C loader" if size == 10_000 else "",
                )
            )
            warm_commands = (
                ["state"],
                ["list", "--limit", "20"],
                ["diff", "2024", "2025"],
                ["audit"],
                ["list", "-f", "json"],
            )
            for args in warm_commands:
                warm, warm_memory = measure(
                    [*program, "--store", str(store), *args], environment, size_runs
                )
                goal = {10_000: "<= 4", 100_000: "<= 1.5 s, 400 MiB"}.get(size, "")
                if size == 100_000 and args[0] == "audit":
                    goal = "<= 5 s"
                elif size == 100_000 and args[0] == "list" and "json" in args:
                    goal = "<= 400 MiB"
                elif args[0] in ("audit", "list") and "--limit" not in args:
                    goal = ""
                rows.append(
                    (
                        f"{label}: {' '.join(args)}, later run",
                        warm,
                        f"{warm / floor:.2f}",
                        warm_memory,
                        goal,
                    )
                )

        import explore_timing  # the explorer: first screen in a terminal, keypresses

        explored: dict[str, Path | None] = {"bundled store": None}
        if 10_000 in sizes:
            explored["10,000 events"] = work / "events-10000.yaml"
        rows += explore_timing.rows(program, environment, explored, runs)

    print(
        f"Machine: {platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · {platform.platform()}"
    )
    print(f"Median of {runs} runs (3 for 100k), wall time, stdout read through a pipe.\n")
    print("| what | median | ratio | peak MiB | goal |")
    print("|---|---:|---:|---:|---|")
    for name, seconds, ratio, memory, goal in rows:
        print(f"| {name} | {seconds * 1000:.0f} ms | {ratio} | {memory:.0f} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
