"""The web archive's closest copy of a page: the Wayback Machine's availability API
(`https://archive.org/wayback/available?url=...&timestamp=YYYYMMDD`) or any service that
answers as it does. Asked only with `--archive`, only for dead or changed sources, through
the same guard and bounds as the pages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlencode

import httpx

from dealtimeline.core.model import Store
from dealtimeline.core.sanitize import http_url
from dealtimeline.web.check import Plan, SourceCheck
from dealtimeline.web.fetch import Settings, client, get_bytes
from dealtimeline.web.safety import Guard

WANTED = ("dead", "quote missing")


def closest_snapshot(
    session: httpx.Client, guard: Guard, api: str, url: str, day: str, settings: Settings
) -> str | None:
    """The address of the archived copy closest to `day` (YYYYMMDD), or None."""
    separator = "&" if "?" in api else "?"
    body = get_bytes(
        session, guard, api + separator + urlencode({"url": url, "timestamp": day}), settings
    )
    if body is None:
        return None
    try:
        closest = json.loads(body)["archived_snapshots"]["closest"]
        found = (
            closest["url"] if closest.get("available") and closest.get("status") == "200" else None
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return http_url(found) if isinstance(found, str) else None


def with_archives(
    results: Sequence[SourceCheck], store: Store, guard: Guard, plan: Plan, api: str
) -> list[SourceCheck]:
    """The results, each dead or changed source with the archived copy closest to the day
    it was published."""
    done: list[SourceCheck] = []
    with client(guard, 2) as session:
        for result in results:
            if result.verdict not in WANTED:
                done.append(result)
                continue
            day = store.sources[result.id].published.start.strftime("%Y%m%d")
            found = closest_snapshot(session, guard, api, result.url, day, plan.settings)
            done.append(replace(result, archived=found))
    return done
