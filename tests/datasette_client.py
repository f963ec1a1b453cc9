"""Datasette's own test client in a process of its own: `python -m tests.datasette_client
DB URL...` prints, as one JSON list, the JSON that Datasette answers each URL with.

Datasette starts threads (a pool, and a writer per database) that outlive a request; in
the test process they would make every later fork a fork of a multi-threaded process.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from datasette.app import Datasette


async def answers(path: str, urls: list[str]) -> list[Any]:
    ds = Datasette([path])
    await ds.invoke_startup()
    found = []
    for url in urls:
        response = await ds.client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text}")
        found.append(response.json())
    return found


if __name__ == "__main__":
    print(json.dumps(asyncio.run(answers(sys.argv[1], sys.argv[2:]))))
