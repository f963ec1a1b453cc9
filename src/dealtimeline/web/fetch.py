"""Fetching one page with httpx, within bounds, to an outcome (never an exception).

httpx sends the requests (a User-Agent naming the tool, redirects followed here one by
one, each checked by the guard), through a transport whose connections are made only to
the addresses `safety.py` allows. The body is read raw and decoded here (`decode.py`)
within a size limit; a per-request deadline covers the whole exchange, body included, so a
server that drips a byte at a time ends as `dead`, like one that never answers. 429 and
503 are tried again after their Retry-After (or a backoff), within the deadline. Proxies
from the environment are not used: the guard must see the real addresses.
"""

from __future__ import annotations

import contextlib
import email.utils
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

import httpcore
import httpx

from dealtimeline import __version__
from dealtimeline.store.archive import fold
from dealtimeline.web.decode import ENCODINGS, BadEncoding, Decoder, TooBig, to_text
from dealtimeline.web.safety import Guard, GuardedBackend, Refused

USER_AGENT = f"dealtimeline/{__version__} (source checker; python-httpx/{httpx.__version__})"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = (*HTML_TYPES, "text/plain")
REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 503)
Kind = Literal["page", "not a page", "dead", "refused", "not modified"]


@dataclass(frozen=True, repr=False)
class Settings:
    """Bounds of one fetch: seconds for the whole of it, decoded bytes, redirects, tries
    after a 429 or 503, and the longest Retry-After waited for."""

    timeout: float = 20.0
    limit: int = 10 * 1024 * 1024
    redirects: int = 5
    retries: int = 2
    longest_wait: float = 30.0


@dataclass(frozen=True, repr=False)
class Fetched:
    """What fetching a URL came to: a page's visible text, or why there is none."""

    url: str
    kind: Kind
    final_url: str
    reason: str = ""
    status: int | None = None
    content_type: str = ""
    text: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class _Ended(Exception):
    """A fetch ends with this outcome kind and reason."""

    def __init__(self, kind: Kind, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.status = kind, reason, status


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: httpcore.Response) -> None:
        self._response = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._response.iter_stream()

    def close(self) -> None:
        self._response.close()


class GuardedTransport(httpx.BaseTransport):
    """httpx's requests over httpcore's pool, on the guard's network backend."""

    def __init__(self, guard: Guard, connections: int) -> None:
        import ssl

        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(),
            max_connections=connections,
            max_keepalive_connections=connections,
            network_backend=GuardedBackend(guard),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = httpcore.URL(
            scheme=request.url.raw_scheme,
            host=request.url.raw_host,
            port=request.url.port,
            target=request.url.raw_path,
        )
        core = httpcore.Request(
            request.method, url, headers=request.headers.raw, extensions=request.extensions
        )
        response = self._pool.handle_request(core)
        return httpx.Response(
            response.status,
            headers=response.headers,
            stream=_Body(response),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def client(guard: Guard, connections: int = 8) -> httpx.Client:
    """The one client of a check, shared by its threads."""
    return httpx.Client(
        transport=GuardedTransport(guard, connections),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": ENCODINGS,
        },
        follow_redirects=False,
        trust_env=False,
    )


def fetch(
    session: httpx.Client,
    guard: Guard,
    url: str,
    settings: Settings = Settings(),
    validators: tuple[str | None, str | None] = (None, None),
    deadline: float | None = None,
) -> Fetched:
    """Fetch `url`, following up to `settings.redirects` redirects, by `deadline` (a
    time.monotonic() value) at the latest."""
    end = time.monotonic() + settings.timeout
    end = end if deadline is None else min(end, deadline)
    current = url
    seen = [url]
    try:
        for _ in range(settings.redirects + 1):
            target = _parsed(guard, current)
            response = _send(session, target, settings, validators, end)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    current = str(response.url.join(location))
                    if current in seen:
                        raise _Ended("dead", "a redirect loop: " + " -> ".join([*seen, current]))
                    seen.append(current)
                    continue
                return replace(_outcome(response, settings, end), url=url, final_url=current)
            finally:
                response.close()
        raise _Ended("dead", f"more than {settings.redirects} redirects")
    except _Ended as ended:
        return Fetched(url, ended.kind, current, ended.reason, ended.status)


def _parsed(guard: Guard, address: str) -> httpx.URL:
    try:
        parsed = httpx.URL(address)
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise _Ended("refused", f"not a valid address: {error}") from None
    try:
        guard.check_url(parsed.scheme, parsed.host)
    except Refused as error:
        raise _Ended("refused", str(error)) from None
    return parsed


def _send(
    session: httpx.Client,
    url: httpx.URL,
    settings: Settings,
    validators: tuple[str | None, str | None],
    end: float,
) -> httpx.Response:
    """The response to a GET of `url`, tried again after a 429 or 503 while time allows."""
    etag, modified = validators
    headers = {"If-None-Match": etag} if etag else {}
    if modified:
        headers["If-Modified-Since"] = modified
    for attempt in range(settings.retries + 1):
        left = end - time.monotonic()
        if left <= 0:
            raise _Ended("dead", f"timeout: no answer within {settings.timeout:g} s")
        request = session.build_request(
            "GET", url, headers=headers, timeout=httpx.Timeout(min(left, 10.0))
        )
        with _network(settings):
            response = session.send(request, stream=True)
        if response.status_code not in RETRIED or attempt == settings.retries:
            return response
        wait = _retry_after(response.headers.get("retry-after"), attempt)
        response.close()
        status = f"HTTP {response.status_code} {response.reason_phrase}"
        if wait > settings.longest_wait or time.monotonic() + wait > end:
            raise _Ended("dead", f"{status}, asked to wait {wait:g} s", response.status_code)
        time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait: Retry-After's seconds or date, else a backoff of 0.5, 1, 2 s..."""
    if header:
        text = header.strip()
        if text.isdigit():
            return float(text)
        try:
            when = email.utils.parsedate_to_datetime(text)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return 0.5 * 2.0**attempt


@contextlib.contextmanager
def _network(settings: Settings) -> Iterator[None]:
    """Failures of the network, the guard and the server turned into outcomes."""
    try:
        yield
    except Refused as error:
        raise _Ended("refused", str(error)) from None
    except (httpcore.TimeoutException, httpx.TimeoutException):
        raise _Ended("dead", f"timeout: no answer within {settings.timeout:g} s") from None
    except (httpcore.ConnectError, httpx.ConnectError) as error:
        raise _Ended("dead", _connect_reason(error)) from None
    except (httpcore.ProtocolError, httpcore.NetworkError, httpx.HTTPError) as error:
        reason = str(error) or type(error).__name__
        raise _Ended("dead", f"the server broke the exchange: {reason}") from None


def _connect_reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
        return f"TLS: {text}"
    if text.startswith("cannot resolve"):
        return f"DNS: {text}"
    return f"cannot connect: {text}"


def _outcome(response: httpx.Response, settings: Settings, end: float) -> Fetched:
    """A final (non-redirect) response as an outcome, its body read if it is a page."""
    status = response.status_code
    kind_of = response.headers.get("content-type", "")
    main = kind_of.split(";")[0].strip().lower()
    here = str(response.url)
    if status == 304:
        return Fetched(here, "not modified", here, status=status, content_type=main)
    if status >= 400 or status < 200:
        reason = f"HTTP {status} {response.reason_phrase}".strip()
        return Fetched(here, "dead", here, reason, status, main)
    if main and main not in TEXT_TYPES:
        return Fetched(here, "not a page", here, main, status, main)
    body = _body(response, settings, end)
    if not main and body.startswith(b"%PDF-"):
        return Fetched(here, "not a page", here, "application/pdf", status, "application/pdf")
    decoded = to_text(body, kind_of)
    if main == "text/plain":
        text = fold(decoded)
    else:
        from dealtimeline.web.text import visible_text

        text = visible_text(decoded)
    return Fetched(
        here,
        "page",
        here,
        status=status,
        content_type=main or "text/html",
        text=text,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def _body(response: httpx.Response, settings: Settings, end: float) -> bytes:
    megabytes = f"{settings.limit / 1048576:g} MB"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.limit:
        raise _Ended("dead", f"the page is over the limit of {megabytes} ({declared} bytes)")
    try:
        decoder = Decoder(response.headers.get("content-encoding", ""), settings.limit)
        with _network(settings):
            for chunk in response.iter_raw():
                decoder.feed(chunk)
                if time.monotonic() > end:
                    raise _Ended("dead", f"timeout: the page took over {settings.timeout:g} s")
    except TooBig:
        raise _Ended("dead", f"the page is over the limit of {megabytes}") from None
    except BadEncoding as error:
        raise _Ended("dead", f"the body does not decode: {error}") from None
    return decoder.body()


def get_bytes(session: httpx.Client, guard: Guard, url: str, settings: Settings) -> bytes | None:
    """The body of a 200 answer to a GET of `url` (no redirect followed), within the
    same rules and bounds as a page; None for any other outcome."""
    end = time.monotonic() + settings.timeout
    try:
        response = _send(session, _parsed(guard, url), settings, (None, None), end)
        try:
            return _body(response, settings, end) if response.status_code == 200 else None
        finally:
            response.close()
    except _Ended:
        return None
