"""What was fetched, kept in the parse cache's folder (the same rules: private 0700,
entries 0600, never through a link, every entry checked before it is used) as one JSON
entry per URL: the outcome, the page's visible text, its ETag and Last-Modified for the
next fetch's revalidation, and when it was fetched. A missing, foreign, corrupt or
oversized entry is a miss, never an error."""

from __future__ import annotations

import hashlib
import json
import os
import time
import typing
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import Any

from dealtimeline.store.cache import open_folder, read_entry, write_entry
from dealtimeline.web.fetch import Fetched, Kind

FORMAT = 1
LIMIT = 48 * 1024 * 1024
_KINDS = typing.get_args(Kind)


@dataclass(frozen=True, repr=False)
class Entry:
    """A cached outcome and when it was fetched (ISO 8601, and seconds since the epoch)."""

    fetched: Fetched
    at: str
    epoch: float

    def age(self) -> float:
        return time.time() - self.epoch


def entry_name(url: str) -> str:
    return f"page-{hashlib.sha256(url.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.json"


class Pages:
    """The page cache: `get` and `put` by URL; safe from several threads."""

    def get(self, url: str) -> Entry | None:
        folder = open_folder()
        if folder is None:
            return None
        try:
            data = read_entry(folder, entry_name(url), LIMIT)
        finally:
            os.close(folder)
        if data is None:
            return None
        try:
            return _decode(json.loads(data), url)
        except (ValueError, TypeError, KeyError, RecursionError):
            return None

    def put(self, url: str, fetched: Fetched) -> Entry:
        now = time.time()
        at = datetime.fromtimestamp(now, timezone.utc).replace(microsecond=0).isoformat()
        entry = Entry(fetched, at, now)
        folder = open_folder()
        if folder is None:
            return entry
        try:
            content = {
                "format": FORMAT,
                "url": url,
                "at": at,
                "epoch": now,
                "fetched": {f.name: getattr(fetched, f.name) for f in fields(Fetched)},
            }
            data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
            write_entry(folder, entry_name(url), data.encode("utf-8", "surrogatepass"), LIMIT)
        finally:
            os.close(folder)
        return entry


_TEXT = ("url", "final_url", "reason", "content_type")
_OPTIONAL_TEXT = ("text", "etag", "last_modified")


def _decode(content: Any, url: str) -> Entry | None:
    """An entry, each field checked: anything unexpected is a miss."""
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        return None
    if content.get("url") != url:
        return None
    at, epoch, raw = content["at"], content["epoch"], content["fetched"]
    if not (isinstance(at, str) and isinstance(epoch, (int, float)) and isinstance(raw, dict)):
        return None
    if set(raw) != {f.name for f in fields(Fetched)} or raw["kind"] not in _KINDS:
        return None
    if not all(isinstance(raw[name], str) for name in _TEXT):
        return None
    if not all(raw[name] is None or isinstance(raw[name], str) for name in _OPTIONAL_TEXT):
        return None
    status = raw["status"]
    if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
        return None
    return Entry(Fetched(**raw), at, float(epoch))
