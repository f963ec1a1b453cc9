"""Fuzz the store reader for a while: `python scripts/fuzz.py [--minutes 3]`.

Feeds `loader.parse_store` random bytes, YAML-syntax soup and mutations of a valid store
(the strategies of tests/test_fuzz.py), in batches of fresh random examples, with libyaml and
with the pure-Python parser in turn. Any exception but DealtimelineError is a bug: the
script prints the smallest input Hypothesis finds for it and exits 1. Otherwise it prints
how many inputs it tried.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

import yaml
from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dealtimeline.store import yaml_nodes
from tests.test_fuzz import STORE_BYTES, parse_or_refuse

BATCH = 2000
PARSERS = {"libyaml": yaml_nodes._FAST_PARSER, "python": yaml.SafeLoader}


def batch(parser: type[yaml.SafeLoader]) -> int:
    """Run one batch of fresh examples through the reader; the number tried."""
    tried = 0

    @settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(STORE_BYTES)
    def target(data: bytes) -> None:
        nonlocal tried
        tried += 1
        parse_or_refuse(data)

    with mock.patch.object(yaml_nodes, "_FAST_PARSER", parser):
        target()
    return tried


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="how long to run (3)")
    minutes = parser.parse_args().minutes
    counts = dict.fromkeys(PARSERS, 0)
    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline:
        for name, yaml_parser in PARSERS.items():
            try:
                counts[name] += batch(yaml_parser)
            except Exception as error:  # a bug: Hypothesis has printed the falsifying input
                print(f"FAILED with the {name} parser: {error!r}", file=sys.stderr)
                return 1
    total = sum(counts.values())
    by_parser = ", ".join(f"{count} with {name}" for name, count in counts.items())
    print(f"{total} inputs in {minutes:g} minutes ({by_parser}): no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
