"""Rendering placeholders and Open Graph share cards (startups, news posts, challenges)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from PIL import (
    Image,
    ImageColor,
    ImageDraw,
    ImageFont,
)

from startupdir.images.cardpng import (
    DRAWN_LEVEL,
    KEPT_LEVEL,
    Deflated,
    deflate,
    palette_png,
    repeated_row,
    scanlines,
)
from startupdir.images.colors import text_color_for
from startupdir.images.layout import _font, _layout_lines, _Line, drawable_text

PADDING = 0.08
SHARE_SIZE = (1200, 630)


def render_placeholder(letters: str, color: str, side: int) -> Image.Image:
    """Initials centred on a rounded square of the colour, padded like a logo."""
    image = Image.new("RGBA", (side, side), (*ImageColor.getrgb(color)[:3], 0))
    image.putalpha(_rounded_mask(side))
    draw = ImageDraw.Draw(image)
    text, options = drawable_text(letters, bold=True)
    inner = side * (1 - 2 * PADDING)
    size = round(inner * (0.5 if len(text) == 1 else 0.42))
    font = _font(size, bold=True)
    while size > 6 and font.getlength(text, **options) > inner * 0.78:
        size -= 1
        font = _font(size, bold=True)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, anchor="ls", **options)
    origin = ((side - (right - left)) / 2 - left, (side - (bottom - top)) / 2 - top)
    draw.text(origin, text, font=font, fill=text_color_for(color), anchor="ls", **options)
    return image


@functools.lru_cache(maxsize=8)
def _rounded_mask(side: int) -> Image.Image:
    """Alpha of the placeholder's rounded square, drawn four times larger then reduced."""
    big = side * 4
    margin = round(big * PADDING)
    mask = Image.new("L", (big, big), 0)
    box = (margin, margin, big - margin - 1, big - margin - 1)
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=round(big * 0.16), fill=255)
    return mask.resize((side, side), Image.Resampling.LANCZOS)


def render_startup_card(
    name: str,
    tagline: str,
    sector_label: str,
    city_label: str,
    logo: Image.Image | None,
    color: str,
    site_name: str,
) -> Card:
    """Logo tile on the left; name, tagline, sector and city on the right; site band below.
    A palette image (see ``_Canvas``), ready to encode (``Card.png``)."""
    canvas = _card_base(color, site_name)
    body_bottom = SHARE_SIZE[1] - BAND
    left = 64 + 16
    if logo is not None:
        top = (body_bottom - TILE) // 2
        canvas.tile(logo, (left, top))
        left += TILE + 56
    width = SHARE_SIZE[0] - 64 - left
    blocks = [
        (_layout_lines(name, True, 60, width, 2), 60, True, "#111827", 74),
        (_layout_lines(tagline, False, 34, width, 3), 34, False, "#374151", 46),
    ]
    meta = _layout_lines(sector_label, True, 26, width * 0.6, 1)
    city = _layout_lines(city_label, False, 28, width * 0.35, 1)
    height = sum(len(lines) * step for lines, *_, step in blocks) + 24 * len(blocks) + 52
    y = max(40, (body_bottom - height) // 2)
    for lines, size, bold, fill, step in blocks:
        for line in lines:
            canvas.text(line, left, y, _font(size, bold), WHITE, fill)
            y += step
        y += 24
    x: float = left
    if meta:
        font = _font(26, True)
        pill = font.getlength(meta[0].text, **meta[0].options) + 36
        canvas.pill((x, y, x + pill, y + 46), color)
        canvas.text(meta[0], x + 18, y + 9, font, color, text_color_for(color), kept=True)
        x += pill + 20
    if city:
        canvas.text(city[0], x, y + 8, _font(28), WHITE, "#4b5563", kept=True)
    return canvas.card()


def render_post_card(title: str, date_label: str, color: str, site_name: str) -> Card:
    """Date above a large title, site band below (a palette image, see ``_Canvas``)."""
    canvas = _card_base(color, site_name)
    body_bottom = SHARE_SIZE[1] - BAND
    left = 64 + 16
    width = SHARE_SIZE[0] - 64 - left
    date = _layout_lines(date_label, False, 30, width, 1)
    lines = _layout_lines(title, True, 62, width, 4)
    height = 30 + 28 + len(lines) * 76
    y = max(40, (body_bottom - height) // 2)
    if date:
        canvas.text(date[0], left, y, _font(30), WHITE, "#4b5563")
    y += 30 + 28
    for line in lines:
        canvas.text(line, left, y, _font(62, True), WHITE, "#111827")
        y += 76
    return canvas.card()


def render_challenge_card(
    title: str, company: str, deadline_label: str, color: str, site_name: str
) -> Card:
    """The company above a large title, the deadline in a pill of the colour below, site
    band at the bottom (a palette image, see ``_Canvas``)."""
    canvas = _card_base(color, site_name)
    body_bottom = SHARE_SIZE[1] - BAND
    left = 64 + 16
    width = SHARE_SIZE[0] - 64 - left
    who = _layout_lines(company, True, 32, width, 1)
    lines = _layout_lines(title, True, 58, width, 3)
    deadline = _layout_lines(deadline_label, True, 28, width - 40, 1)
    height = 32 + 28 + len(lines) * 72 + 24 + 50
    y = max(40, (body_bottom - height) // 2)
    if who:
        canvas.text(who[0], left, y, _font(32, True), WHITE, "#4b5563")
    y += 32 + 28
    for line in lines:
        canvas.text(line, left, y, _font(58, True), WHITE, "#111827")
        y += 72
    y += 24
    if deadline:
        font = _font(28, True)
        pill = font.getlength(deadline[0].text, **deadline[0].options) + 40
        canvas.pill((left, y, left + pill, y + 50), color)
        canvas.text(deadline[0], left + 20, y + 10, font, color, text_color_for(color))
    return canvas.card()


BAND = 96  # height of the site band at the bottom of a card
TILE = 256  # side of the logo tile
WHITE = "#ffffff"
OUTLINE = "#e5e7eb"
INK_LEVELS = 16  # coverage levels of antialiased text, background and ink included
TILE_COLORS = 64  # palette entries for the logo (the rest: flat colours and text)
SNAP = 3


@dataclass(frozen=True)
class Card:
    """A rendered share card: a palette image that differs from its background (the canvas
    it was copied from) in rows ``drawn`` only (start, end): the other rows' runs are the
    background's, deflated once for every card."""

    image: Image.Image
    drawn: tuple[int, int]
    background: _Canvas

    def png(self) -> bytes:
        top, bottom = self.drawn
        top = min(top, bottom)
        runs = [
            *self.background.deflated(0, top),
            deflate(scanlines(self.image, top, bottom), DRAWN_LEVEL),
            *self.background.deflated(bottom, self.image.height),
        ]
        return palette_png(self.image, [run for run in runs if run.length])


class _Canvas:
    """A card drawn straight into palette indices.

    A card is flat colours, antialiased text of one ink on one known background, and a logo
    tile. Drawing each text line as a coverage mask and mapping coverage to a gradient of
    ``INK_LEVELS`` palette entries gives the palette image directly, exactly and
    deterministically, without quantising 756,000 RGB pixels; only the logo on its tile is
    quantised (to ``TILE_COLORS``). A copy remembers the canvas it was copied from (whose
    runs of rows it keeps, see ``deflated``) and the rows drawn on it since.
    """

    def __init__(self, background: str):
        self.palette: list[tuple[int, int, int]] = []
        self.indices: dict[tuple[int, int, int], int] = {}
        self.gradients: dict[tuple[str, str], bytes] = {}
        self.canvas = Image.new("P", SHARE_SIZE, self.flat(background))
        self.draw = ImageDraw.Draw(self.canvas)
        self.drawn = (SHARE_SIZE[1], 0)
        self.source = self
        self.runs: dict[tuple[int, int], Deflated] = {}
        self.alike: tuple[bytes, int] | None = None

    def flat(self, color: str | tuple[int, int, int]) -> int:
        rgb = ImageColor.getrgb(color)[:3] if isinstance(color, str) else color
        index = self.indices.get(rgb)
        if index is None:
            index = self.indices[rgb] = len(self.palette)
            self.palette.append(rgb)
        return index

    def text(
        self,
        line: _Line,
        left: float,
        top: float,
        font: ImageFont.FreeTypeFont,
        background: str,
        ink: str,
        *,
        kept: bool = False,
    ) -> None:
        """One line of text, on a background of the flat colour ``background``: its coverage,
        rendered once and placed as ``ImageDraw.text`` places it, mapped to a gradient.
        ``kept``: a line many cards have (a sector, a city), whose coverage is kept."""
        start = (math.modf(left)[0], math.modf(top)[0])
        direction, language = line.options.get("direction"), line.options.get("language")
        render = _kept_coverage if kept else _coverage
        coverage, size, offset = render(font, line.text, direction, language, start)
        if not size[0] or not size[1]:
            return
        shade = Image.frombytes("P", size, coverage.translate(self._gradient(background, ink)))
        origin = (int(left) + offset[0], int(top) + offset[1])
        self.canvas.paste(shade, origin, Image.frombytes("L", size, coverage.translate(_INKED)))
        self._touch(origin[1], origin[1] + size[1])

    def pill(self, box: tuple[float, float, float, float], color: str) -> None:
        """A box of the flat colour with round ends."""
        radius = round((box[3] - box[1]) / 2)
        self.draw.rounded_rectangle(box, radius=radius, fill=self.flat(color))
        self._touch(math.floor(box[1]), math.ceil(box[3]) + 1)

    def tile(self, logo: Image.Image, origin: tuple[int, int]) -> None:
        """The white rounded tile, outlined, in flat colours, and the logo centred on it."""
        left, top = origin
        self.canvas.paste(_frame(self.flat(WHITE), self.flat(OUTLINE)), origin)
        offset = (TILE - logo.width) // 2
        self.quantised(_on_white(logo), (left + offset, top + offset))
        self._touch(top, top + TILE)

    def quantised(self, image: Image.Image, origin: tuple[int, int]) -> None:
        """An RGB block, quantised to at most ``TILE_COLORS`` entries of the palette, each
        the flat colour already there that it is near (see ``_snap``), if any."""
        quantised = image.quantize(
            colors=TILE_COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        colours = quantised.getpalette() or []
        flats = list(self.palette)
        lut = bytearray(256)
        used = sorted(i for _, i in quantised.getcolors() or [] if isinstance(i, int))
        for index in used:
            rgb = colours[3 * index : 3 * index + 3]
            lut[index] = self.flat(_snap((rgb[0], rgb[1], rgb[2]), flats))
        indices = quantised.tobytes().translate(lut)
        self.canvas.paste(Image.frombytes("P", image.size, indices), origin)
        self._touch(origin[1], origin[1] + image.height)

    def _gradient(self, background: str, ink: str) -> bytes:
        """Coverage 0–255 → the palette entry of the nearest of ``INK_LEVELS`` blends."""
        if (background, ink) not in self.gradients:
            entries = bytes(self.flat(rgb) for rgb in _blends(background, ink))
            self.gradients[background, ink] = _LEVEL.translate(entries.ljust(256, b"\0"))
        return self.gradients[background, ink]

    def _touch(self, top: int, bottom: int) -> None:
        height = SHARE_SIZE[1]
        self.drawn = (max(0, min(self.drawn[0], top)), min(height, max(self.drawn[1], bottom)))

    def deflated(self, top: int, bottom: int) -> list[Deflated]:
        """Rows ``top`` to ``bottom``, deflated once: those like the first row (white and
        stripe) as a ``repeated_row``, then the others as a run kept here."""
        if self.alike is None:
            self.alike = _leading_alike_rows(self.canvas)
        row, alike = self.alike
        middle = min(max(top, alike), bottom)
        if (middle, bottom) not in self.runs:
            self.runs[middle, bottom] = deflate(scanlines(self.canvas, middle, bottom), KEPT_LEVEL)
        return [repeated_row(row, middle - top), self.runs[middle, bottom]]

    def copy(self) -> _Canvas:
        twin = _Canvas.__new__(_Canvas)
        twin.palette, twin.indices = list(self.palette), dict(self.indices)
        twin.gradients = dict(self.gradients)
        twin.canvas = self.canvas.copy()
        twin.draw = ImageDraw.Draw(twin.canvas)
        twin.drawn, twin.source, twin.runs, twin.alike = (SHARE_SIZE[1], 0), self, {}, None
        return twin

    def card(self) -> Card:
        self.canvas.putpalette([channel for rgb in self.palette for channel in rgb])
        return Card(self.canvas, self.drawn, self.source)


def _coverage(
    font: ImageFont.FreeTypeFont,
    text: str,
    direction: str | None,
    language: str | None,
    start: tuple[float, float],
) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """A line's coverage mask, its size and offset."""
    mask, offset = font.getmask2(
        text, "L", direction=direction, language=language, anchor="la", start=start
    )
    return Image.fromarrow(_Arrow(mask), "L", mask.size).tobytes(), mask.size, offset


_kept_coverage = functools.lru_cache(maxsize=256)(_coverage)


class _Arrow:
    """A mask of ``FreeTypeFont.getmask2`` (Pillow's internal image) as an Arrow array, which
    ``Image.fromarrow`` reads in place: one render per line instead of a bbox and a draw."""

    def __init__(self, mask: Any):
        self.mask = mask

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self.mask.__arrow_c_schema__(), self.mask.__arrow_c_array__(requested_schema)


def _leading_alike_rows(image: Image.Image) -> tuple[bytes, int]:
    """The pixels of the first row, and how many rows from the top have the same."""
    pixels, width = image.tobytes(), image.width
    first = pixels[:width]
    count = 1
    while count < image.height and pixels[count * width : (count + 1) * width] == first:
        count += 1
    return first, count


_INKED = bytes([0] + [255] * 255)  # coverage > 0: the pixels a line of text paints
_LEVEL = bytes(round(alpha * (INK_LEVELS - 1) / 255) for alpha in range(256))


def _snap(rgb: tuple[int, int, int], flats: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """The first of the flat colours within ``SNAP`` of each channel, else ``rgb``: the
    quantiser averages its buckets, and white must stay white (#fefefe is not)."""
    red, green, blue = rgb
    for flat in flats:
        if (
            abs(red - flat[0]) <= SNAP
            and abs(green - flat[1]) <= SNAP
            and abs(blue - flat[2]) <= SNAP
        ):
            return flat
    return rgb


@functools.cache
def _blends(background: str, ink: str) -> list[tuple[int, int, int]]:
    """``INK_LEVELS`` colours from the background (coverage 0) to the ink (full coverage)."""
    back, fore = ImageColor.getrgb(background)[:3], ImageColor.getrgb(ink)[:3]
    steps = INK_LEVELS - 1
    return [
        (
            round(back[0] + (fore[0] - back[0]) * level / steps),
            round(back[1] + (fore[1] - back[1]) * level / steps),
            round(back[2] + (fore[2] - back[2]) * level / steps),
        )
        for level in range(INK_LEVELS)
    ]


@functools.lru_cache(maxsize=8)
def _frame(fill: int, outline: int) -> Image.Image:
    """The tile's rounded square in palette indices, its corners white like the card."""
    frame = Image.new("P", (TILE, TILE), fill)
    box = (0, 0, TILE - 1, TILE - 1)
    ImageDraw.Draw(frame).rounded_rectangle(box, radius=28, fill=fill, outline=outline, width=3)
    return frame


def _on_white(logo: Image.Image) -> Image.Image:
    """The logo over white, in RGB."""
    image = Image.new("RGB", logo.size, WHITE)
    image.paste(logo, (0, 0), logo if logo.mode == "RGBA" else None)
    return image


def _card_base(color: str, site_name: str) -> _Canvas:
    """A fresh copy of the background shared by every card of a colour."""
    return _background(color, site_name).copy()


@functools.lru_cache(maxsize=32)
def _background(color: str, site_name: str) -> _Canvas:
    """White card, coloured stripe and band, the site's name in the band."""
    width, height = SHARE_SIZE
    canvas = _Canvas(WHITE)
    fill = canvas.flat(color)
    canvas.draw.rectangle((0, 0, 15, height - BAND), fill=fill)
    canvas.draw.rectangle((0, height - BAND, width, height), fill=fill)
    site = _layout_lines(site_name, True, 30, width - 128, 1)
    if site:
        top = height - BAND + (BAND - 30) // 2 - 2
        canvas.text(site[0], 64, top, _font(30, True), color, text_color_for(color))
    return canvas
