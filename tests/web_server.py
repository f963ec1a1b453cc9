"""A real HTTP server on 127.0.0.1 for the checks of sources: one page per case, each
loop bounded, ending when the client goes away. Only loopback addresses are used."""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli

QUOTE = "Microsoft will become our exclusive cloud provider"
SECOND = 'OpenAI\'s "compute" needs are growing'
# The quotes as a page typesets them: split across elements, curly quotes, no-break spaces.
PAGE = (
    "<!doctype html><html><head><title>Seed</title><style>p {color: red}</style>"
    "<script>var QUOTE = 'not on the page';</script></head><body>"
    "<nav>Home</nav><article><p>Micro<b>soft</b> will <em>become</em> our\n  exclusive"
    "&nbsp;cloud <a href='#'>provider</a>, the companies said.</p>"
    "<p>OpenAI\u2019s \u201ccompute\u201d needs&nbsp;are growing.</p></article></body></html>"
)
CHANGED = PAGE.replace("exclusive", "preferred")
LATIN = "Le partenaire de Soci\u00e9t\u00e9 G\u00e9n\u00e9rale \u00e0 Paris"


def _bomb() -> bytes:
    """A gzip body of 1 GiB of zeros, about 1 MB on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(1024)) + compressor.flush()


@dataclass
class Site:
    """What the server does; `hits` counts the requests per path."""

    base: str = ""
    port: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    delay: float = 0.0
    bomb: bytes = b""


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        site = self.site
        site.hits[path] = site.hits.get(path, 0) + 1
        site.paths.append(self.path)
        site.headers[path] = dict(self.headers.items())
        route = getattr(self, "page_" + path.strip("/").replace("-", "_").split("/")[0], None)
        if route is None:
            self._send(404, "text/html", b"<p>Not here</p>")
            return
        route(path)

    def _send(self, status: int, kind: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, to: str) -> None:
        self._send(status, "text/html", b"", Location=to)

    def page_quote(self, path: str) -> None:
        self._send(200, "text/html; charset=utf-8", PAGE.encode())

    def page_changed(self, path: str) -> None:
        self._send(200, "text/html; charset=utf-8", CHANGED.encode())

    def page_slow(self, path: str) -> None:
        time.sleep(self.site.delay)
        self._send(200, "text/html; charset=utf-8", PAGE.encode())

    def page_cached(self, path: str) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        self._send(200, "text/html; charset=utf-8", PAGE.encode(), ETag='"v1"')

    def page_status(self, path: str) -> None:
        self._send(int(path.split("/")[-1]), "text/html", b"<p>gone</p>")

    def page_chain(self, path: str) -> None:
        step = int(path.split("/")[-1])
        self._redirect(301, f"/chain/{step + 1}" if step < 3 else "/quote")

    def page_loop(self, path: str) -> None:
        self._redirect(302, "/loop/b" if path.endswith("/a") else "/loop/a")

    def page_private(self, path: str) -> None:
        self._redirect(302, f"http://127.0.0.2:{self.site.port}/quote")

    def page_busy(self, path: str) -> None:
        if self.site.hits[path] == 1:
            self._send(429, "text/plain", b"slow down", Retry_After="1")
        else:
            self._send(200, "text/html; charset=utf-8", PAGE.encode())

    def page_drip(self, path: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self._stream(b"<p>a</p>", 0.05, 1200)

    def page_huge(self, path: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self._stream(b"<p>" + b"x" * 65530 + b"</p>", 0, 800)  # 50 MB

    def _stream(self, chunk: bytes, pause: float, times: int) -> None:
        try:
            for _ in range(times):
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass
        self.close_connection = True

    def page_bomb(self, path: str) -> None:
        self._send(200, "text/html", self.site.bomb, Content_Encoding="gzip")

    def page_gzip(self, path: str) -> None:
        self._send(200, "text/html", gzip.compress(PAGE.encode()), Content_Encoding="gzip")

    def page_brotli(self, path: str) -> None:
        self._send(200, "text/html", brotli.compress(PAGE.encode()), Content_Encoding="br")

    def page_latin(self, path: str) -> None:
        body = f"<p>{LATIN}.</p>".encode("latin-1")
        self._send(200, "text/html; charset=iso-8859-1", body)

    def page_pdf(self, path: str) -> None:
        self._send(200, "application/pdf", b"%PDF-1.4\n" + QUOTE.encode())

    def page_wayback(self, path: str) -> None:
        from urllib.parse import parse_qs, urlsplit

        asked = parse_qs(urlsplit(self.path).query)["url"][0]
        found = "status" not in asked
        closest = {
            "available": True,
            "url": f"http://web.archive.org/web/20240101000000/{asked}",
            "timestamp": "20240101000000",
            "status": "200",
        }
        body = {"url": asked, "archived_snapshots": {"closest": closest} if found else {}}
        self._send(200, "application/json", json.dumps(body).encode())


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up on purpose (a limit, a deadline)


@contextmanager
def serving(delay: float = 0.0, bomb: bool = False, host: str = "127.0.0.1") -> Iterator[Site]:
    """The server on `host` (a loopback address) at a free port, stopped at the end."""
    site = Site(delay=delay, bomb=_bomb() if bomb else b"")
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server((host, 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    site.base = f"http://{host}:{site.port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
