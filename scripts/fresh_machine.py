"""Try the README as a newcomer would, on a clean clone, and fail on any error.

Clones the repository's HEAD beside it (so that `../shared` is beside the clone as it is
beside the repository), runs the README's two set-up commands exactly as written (they
make a new `.venv` in the clone, install, run `dealtimeline list` and the tests), then
every command of the tour with that venv: each `$ dealtimeline ...` of a console block
and each line of the `sh` blocks after the first two, in a scratch folder. Commands
shown under "Exit codes" must fail with 1 or 2; every other must succeed; no output may
hold a traceback.

Usage: python scripts/fresh_machine.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```(sh|console)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _commands(readme: str) -> tuple[list[str], list[tuple[str, bool]]]:
    """The set-up commands, then the tour: (command, expected to fail)."""
    # The examples of the "Exit codes" section fail on purpose; that section ends at the
    # next heading of its level.
    errors_from = readme.find("\n## Exit codes")
    errors_to = readme.find("\n## ", errors_from + 1) if errors_from != -1 else -1
    setup: list[str] = []
    tour: list[tuple[str, bool]] = []
    for match in BLOCK.finditer(readme):
        kind, body = match.groups()
        failing = errors_from != -1 and match.start() > errors_from
        failing = failing and (errors_to == -1 or match.start() < errors_to)
        if kind == "sh" and len(setup) < 2:
            setup.append(body.strip())
        elif kind == "sh":
            tour += [(line, failing) for line in body.replace("\\\n", " ").splitlines() if line]
        else:
            tour += [(line[2:], failing) for line in body.splitlines() if line.startswith("$ ")]
    return setup, tour


def _run(command: str, folder: Path, env: dict[str, str]) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and seconds of one command line run by bash."""
    started = time.perf_counter()
    result = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True
    )
    return result.returncode, result.stdout, result.stderr, time.perf_counter() - started


def main() -> int:
    setup, tour = _commands((ROOT / "README.md").read_text(encoding="utf-8"))
    clone = Path(tempfile.mkdtemp(prefix=".dealtimeline-fresh-", dir=ROOT.parent))
    scratch = Path(tempfile.mkdtemp(prefix="dealtimeline-tour-"))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "DEALTIMELINE_STORE")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
    )
    failures: list[str] = []
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        for command in setup:
            code, out, err, seconds = _run(command, clone, env)
            tail = "".join(f"\n  {line}" for line in out.rstrip().splitlines()[-2:])
            print(f"$ {command}\n  exit {code} in {seconds:.0f} s{tail}")
            if code != 0 or "Traceback" in out + err:
                failures.append(command)
        tour_env = {**env, "PATH": f"{clone / '.venv' / 'bin'}{os.pathsep}{env['PATH']}"}
        for command, failing in tour:
            code, out, err, seconds = _run(command, scratch, tour_env)
            ok = (code in (1, 2)) if failing else code == 0
            ok = ok and "Traceback" not in out + err
            print(f"{'ok  ' if ok else 'FAIL'} exit {code}  {seconds:5.2f} s  {command}")
            if not ok:
                failures.append(command)
                print(out + err)
    finally:
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"{len(setup) + len(tour) - len(failures)} of {len(setup) + len(tour)} commands as expected"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
