"""PNG files of share cards, deflated in runs of rows.

A card is its background (white, stripe, band with the site's name: the same for every card
of a colour) with a few hundred rows drawn on. Deflating a whole card spends most of its time
on rows the previous card had too, so here each run of rows is deflated on its own, ending
on a byte boundary (a sync flush) and referring to nothing before it: runs put end to end
make one valid zlib stream. The background's runs are deflated once and kept (see
``cards._Canvas.deflated``); only the rows drawn on a card are deflated for it.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass

from PIL import Image

# Measured on 300 varied startup cards with placeholder logos, one core. Pillow's PNG of the
# whole card at level 6: 3.2 ms for 15,955 bytes; Z_RLE at any level 1.5 ms for 64 % more,
# Z_FILTERED and Z_FIXED no faster and larger, level 5 2.8 ms for 8 % more, level 3 1.7 ms
# for 28 % more. In runs, the background's kept at level 9, the drawn rows (about 300 of
# 630) at level 6: 1.9 ms for 5 % fewer bytes; level 5: 1.4 ms, 1.5 % more; level 4: 1.2 ms,
# 5 % more; level 3: 0.8 ms, 11 % more (half real logos: -5 %, +0.5 %, +4 %, +12 %).
DRAWN_LEVEL = 5
KEPT_LEVEL = 9  # runs deflated once and kept: the smallest
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x9c"  # deflate, 32 KiB window, no preset dictionary
_LAST_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman codes): ends the stream
_ADLER_BASE = 65521


@dataclass(frozen=True)
class Deflated:
    """Scanlines deflated on their own: the deflate data, their Adler-32 and length."""

    data: bytes
    adler: int
    length: int


def deflate(raw: bytes, level: int) -> Deflated:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Deflated(data, zlib.adler32(raw), len(raw))


def scanlines(image: Image.Image, top: int, bottom: int) -> bytes:
    """Rows ``top`` to ``bottom`` (excluded) of a palette image as PNG scanlines, each after
    its filter byte (0, none: the best for palette images): the rows pasted one column to
    the right of a column of zeros."""
    if bottom <= top:
        return b""
    strip = Image.new("P", (image.width + 1, bottom - top), 0)
    strip.paste(image, (1, -top))
    return strip.tobytes()


@functools.lru_cache(maxsize=256)
def repeated_row(pixels: bytes, count: int) -> Deflated:
    """``count`` scanlines of the same pixels, deflated (every card's white rows: kept for
    all backgrounds)."""
    return deflate((b"\0" + pixels) * count, KEPT_LEVEL)


def palette_png(image: Image.Image, runs: list[Deflated]) -> bytes:
    """The 8-bit palette PNG of ``image`` whose rows, top to bottom, ``runs`` deflated."""
    adler = 1
    for run in runs:
        adler = _adler32_combine(adler, run.adler, run.length)
    stream = b"".join([_ZLIB_HEADER, *(run.data for run in runs), _LAST_BLOCK])
    header = image.width.to_bytes(4, "big") + image.height.to_bytes(4, "big") + b"\x08\x03\0\0\0"
    return b"".join(
        [
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", bytes(image.getpalette() or [])),
            _chunk(b"IDAT", stream + adler.to_bytes(4, "big")),
            _chunk(b"IEND", b""),
        ]
    )


def _adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings end to end, from theirs and the second's length."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _ADLER_BASE
    high = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % _ADLER_BASE
    return high << 16 | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
