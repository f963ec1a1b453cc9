"""A response body decoded within bounds: gzip, deflate and brotli undone a little at a
time, so that a small compressed body that expands to gigabytes (a decompression bomb)
stops at the limit instead of filling the memory; then bytes to text in the page's own
character set."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable

ENCODINGS = "gzip, deflate, br"
_STEP = 1 << 16


class TooBig(Exception):
    """The decoded body is over the limit."""


class BadEncoding(Exception):
    """The body does not decode as its Content-Encoding says."""


class Decoder:
    """Undoes a Content-Encoding chunk by chunk, never holding more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []
        self._step = self._stepper(encoding.strip().lower())

    def _stepper(self, encoding: str) -> Callable[[bytes], None]:
        if encoding in ("", "identity"):
            return self._keep
        if encoding in ("gzip", "x-gzip", "deflate"):
            # 47: a gzip or zlib header, found by zlib itself; raw deflate is tried on failure
            self._zlib = zlib.decompressobj(47)
            self._raw_tried = encoding != "deflate"
            return self._inflate
        if encoding == "br":
            import brotli

            self._brotli = brotli.Decompressor()
            return self._unbrotli
        raise BadEncoding(f"unknown Content-Encoding '{encoding}'")

    def feed(self, chunk: bytes) -> None:
        try:
            self._step(chunk)
        except (zlib.error, ValueError) as error:
            raise BadEncoding(str(error)) from None
        except Exception as error:  # brotli.error is a bare Exception subclass
            if type(error).__module__.startswith(("brotli", "_brotli")):
                raise BadEncoding(str(error)) from None
            raise

    def _keep(self, data: bytes) -> None:
        if data:
            self._parts.append(data)
            self.size += len(data)
            if self.size > self.limit:
                raise TooBig

    def _inflate(self, chunk: bytes) -> None:
        data = chunk
        while data:
            try:
                out = self._zlib.decompress(data, _STEP)
            except zlib.error:
                if self._raw_tried or self.size:
                    raise
                self._raw_tried = True
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._zlib.decompress(data, _STEP)
            self._keep(out)
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                return

    def _unbrotli(self, chunk: bytes) -> None:
        self._keep(self._brotli.process(chunk, output_buffer_limit=_STEP))
        while not self._brotli.can_accept_more_data():
            self._keep(self._brotli.process(b"", output_buffer_limit=_STEP))

    def body(self) -> bytes:
        return b"".join(self._parts)


_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def charset_of(content_type: str, body: bytes) -> str | None:
    """The character set the Content-Type names, else a `<meta>` in the first 4 kB."""
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", content_type, re.IGNORECASE)
    found = match[1] if match else None
    if found is None:
        meta = _META.search(body[:4096])
        found = meta[1].decode("ascii") if meta else None
    if found is None:
        return None
    try:
        return codecs.lookup(found).name
    except LookupError:
        return None


def to_text(body: bytes, content_type: str) -> str:
    """The body as text: in its declared character set; else UTF-8; else Windows-1252
    (what browsers read an undeclared Latin-1 page as). Never an error."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    declared = charset_of(content_type, body)
    if declared is not None:
        # Browsers read a page declared Latin-1 as Windows-1252, a superset.
        wanted = "cp1252" if declared in ("latin-1", "iso8859-1", "ascii") else declared
        return body.decode(wanted, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")
