"""Just enough of PNG to read what Chromium and librsvg write: 8-bit RGB or RGBA, not
interlaced; the top rows only, when that is all a test looks at."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {2: 3, 6: 4}


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    near_left, near_up, near_corner = (
        abs(estimate - left),
        abs(estimate - up),
        abs(estimate - corner),
    )
    if near_left <= near_up and near_left <= near_corner:
        return left
    return up if near_up <= near_corner else corner


def _unfilter(kind: int, line: bytearray, previous: bytes, step: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        up = previous[i]
        corner = previous[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
    return line


def read_rows(path: Path, rows: int) -> tuple[int, list[list[tuple[int, int, int]]]]:
    """The image's width and its first `rows` rows of (red, green, blue) pixels."""
    data = path.read_bytes()
    assert data.startswith(SIGNATURE), path
    at, compressed, header = len(SIGNATURE), b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        header = body if kind == b"IHDR" else header
        compressed += body if kind == b"IDAT" else b""
        at += length + 12
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and colour in CHANNELS, (depth, colour, interlace)
    step = CHANNELS[colour]
    raw = zlib.decompress(compressed)
    stride = width * step + 1
    previous = bytes(width * step)
    pixels = []
    for y in range(min(rows, height)):
        line = _unfilter(
            raw[y * stride], bytearray(raw[y * stride + 1 : (y + 1) * stride]), previous, step
        )
        pixels.append([(line[x], line[x + 1], line[x + 2]) for x in range(0, len(line), step)])
        previous = bytes(line)
    return width, pixels


def ink_starts(
    pixels: list[list[tuple[int, int, int]]], top: int, bottom: int, gap: int
) -> list[int]:
    """Where each run of ink begins, left to right, in rows `top` to `bottom`: a column
    with a pixel far from the band's commonest colour; runs at least `gap` apart."""
    band = pixels[top:bottom]
    counts: dict[tuple[int, int, int], int] = {}
    for row in band:
        for pixel in row:
            counts[pixel] = counts.get(pixel, 0) + 1
    background = max(counts, key=lambda p: counts[p])
    inked = [
        any(sum(abs(a - b) for a, b in zip(row[x], background, strict=True)) > 120 for row in band)
        for x in range(len(band[0]))
    ]
    starts, last = [], -gap - 1
    for x, ink in enumerate(inked):
        if ink:
            if x - last > gap:
                starts.append(x)
            last = x
    return starts
