"""The explorer's timings: the first screen of `dealtimeline explore` in a terminal, and
a keypress answered, measured in-process with Textual's Pilot.

Usage: python benchmarks/explore_timing.py [--quick] [STORE ...]  (run.py calls it too)

The first screen is timed from starting the process to the moment its status line
(`N of M events`, drawn once the timeline is filled) has come out of a pseudo-terminal
of 160x48; then `q` quits it. A keypress is `pilot.press(key)`, which returns once the
app has handled the key and every message it caused: the cursor moved and the detail
pane drawn again, or the timeline narrowed by one more letter of a text filter. Pilot
then waits for the process to look idle, in steps of a few milliseconds: the time of a
key nothing is bound to (F12) is that wait, and each key's time is given less it.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

SHOWN = re.compile(rb"\d+ of \d+ events?")


def first_screen(command: Sequence[str], environment: dict[str, str], timeout: float = 30) -> float:
    """Seconds from starting `command` in a 160x48 terminal to its status line shown."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**environment, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(follower)
    seen = b""
    elapsed = None
    try:
        while elapsed is None and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                seen += os.read(leader, 1 << 16)
                if SHOWN.search(seen):
                    elapsed = time.perf_counter() - started
        os.write(leader, b"q")
        while process.poll() is None:
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    os.read(leader, 1 << 16)
                except OSError:
                    break
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    if elapsed is None:
        raise SystemExit(f"no first screen after {timeout}s: {' '.join(command)}")
    return elapsed


def keypresses(store_path: Path | None, runs: int) -> dict[str, float]:
    """Median seconds of a cursor move (j and k in turn) and of a letter typed into the
    text filter, on the store at `store_path` (the bundled one when None), at 160x48."""
    from dealtimeline.explore.app import ExploreApp
    from dealtimeline.store import cache
    from dealtimeline.store.locate import store_path as locate

    store = cache.load(locate(store_path), True)
    app = ExploreApp(store, store.events, browser=lambda url: True)
    timings: dict[str, list[float]] = {"idle": [], "move": [], "type": [], "open": []}

    async def play() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            for _ in range(runs):
                started = time.perf_counter()
                await pilot.press("f12")
                timings["idle"].append(time.perf_counter() - started)
            for index in range(runs):
                started = time.perf_counter()
                await pilot.press("k" if index % 2 else "j")
                timings["move"].append(time.perf_counter() - started)
            for index in range(runs):
                started = time.perf_counter()
                await pilot.press("enter" if index % 2 == 0 else "escape")
                timings["open"].append(time.perf_counter() - started)
            await pilot.press("slash")
            for letter in "compute":
                started = time.perf_counter()
                await pilot.press(letter)
                timings["type"].append(time.perf_counter() - started)

    asyncio.run(play())
    idle = statistics.median(timings["idle"])
    medians = {name: statistics.median(values) - idle for name, values in timings.items()}
    return {**medians, "idle": idle}


def rows(
    program: Sequence[str], environment: dict[str, str], stores: dict[str, Path | None], runs: int
) -> list[tuple[str, float, str, float, str]]:
    """The table's rows: first screen (warm cache) and keypresses, for each store."""
    result: list[tuple[str, float, str, float, str]] = []
    for label, path in stores.items():
        store_args = [] if path is None else ["--store", str(path)]
        command = [*program, *store_args, "explore"]
        first_screen(command, environment)  # warms the parse cache
        seconds = statistics.median(first_screen(command, environment) for _ in range(runs))
        goal = "<= 400 ms" if path is None else "<= 1.5 s" if "10,000" in label else ""
        result.append((f"{label}: explore, first screen (warm cache)", seconds, "", 0.0, goal))
        keys = keypresses(path, max(runs, 10))
        key_goal = "<= 50 ms" if "10,000" in label else ""
        for name, what in (
            ("idle", "Pilot's wait for idle (F12, unbound), taken from the keys below"),
            ("move", "explore, j/k (cursor and detail)"),
            ("open", "explore, Enter/Esc (detail)"),
            ("type", "explore, a letter of the text filter"),
        ):
            goal = "" if name == "idle" else key_goal
            result.append((f"{label}: {what}, in-process", keys[name], "", 0.0, goal))
    return result


def main() -> int:
    arguments = sys.argv[1:]
    runs = 3 if "--quick" in arguments else 9
    paths = [Path(a) for a in arguments if not a.startswith("--")]
    script = Path(sys.executable).with_name("dealtimeline")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "dealtimeline"]
    stores: dict[str, Path | None] = {"bundled store": None}
    stores.update({path.name: path for path in paths})
    for name, seconds, _, _, goal in rows(program, dict(os.environ), stores, runs):
        print(f"| {name} | {seconds * 1000:.1f} ms | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
