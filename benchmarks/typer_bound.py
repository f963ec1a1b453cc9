"""Why typer is held below 0.29: the same commands timed with the release allowed and the
newest typer.

typer 0.29 brought in pydantic to coerce every option, imported at every start. This
script makes a scratch venv with the newest typer and the project (the upper bound
ignored), then times `dealtimeline list` and `dealtimeline --help` in it and in the
current venv, median of paired runs in one sitting, and says whether pydantic was
imported. Lift the bound when the two columns agree.

Usage: python benchmarks/typer_bound.py [--runs 15]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (["list"], ["--help"])


def _seconds(script: Path, args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(script), *args], check=True, capture_output=True)
    return time.perf_counter() - started


def _imports_pydantic(python: Path) -> bool:
    done = subprocess.run(
        [str(python), "-X", "importtime", "-m", "dealtimeline", "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    return "pydantic" in done.stderr


def _newest_typer_venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "typer", "rich", "pyyaml", "python-dateutil"], check=True)
    subprocess.run([*pip, "--no-deps", str(ROOT)], check=True)
    return folder / "bin"


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 15
    allowed = Path(sys.executable).parent
    os.environ.pop("DEALTIMELINE_STORE", None)
    with tempfile.TemporaryDirectory() as folder:
        newest = _newest_typer_venv(Path(folder) / "venv")
        newest_version = subprocess.run(
            [str(newest / "python"), "-c", "import typer; print(typer.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"| command | typer {version('typer')} | typer {newest_version} | ratio |")
        print("|---|---:|---:|---:|")
        for args in COMMANDS:
            pairs = [
                (_seconds(allowed / "dealtimeline", args), _seconds(newest / "dealtimeline", args))
                for _ in range(runs)
            ]
            old = statistics.median(p[0] for p in pairs)
            new = statistics.median(p[1] for p in pairs)
            name = " ".join(["dealtimeline", *args])
            print(f"| {name} | {old * 1000:.0f} ms | {new * 1000:.0f} ms | {new / old:.2f} |")
        print(
            f"pydantic imported: typer {version('typer')}: "
            f"{_imports_pydantic(allowed / 'python')}, typer {newest_version}: "
            f"{_imports_pydantic(newest / 'python')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
