"""Rendering placeholders and Open Graph share cards (startups, news posts, challenges)."""

from __future__ import annotations

import functools

from PIL import (
    Image,
    ImageColor,
    ImageDraw,
    ImageFont,
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
) -> Image.Image:
    """Logo tile on the left; name, tagline, sector and city on the right; site band below.
    A palette image (see ``_Canvas``), ready to encode."""
    canvas = _card_base(color, site_name)
    body_bottom = SHARE_SIZE[1] - BAND
    left = 64 + 16
    if logo is not None:
        top = (body_bottom - TILE) // 2
        canvas.flat(OUTLINE)
        canvas.tile(_logo_tile(logo), (left, top))
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
        canvas.draw.rounded_rectangle((x, y, x + pill, y + 46), radius=23, fill=canvas.flat(color))
        canvas.text(meta[0], x + 18, y + 9, font, color, text_color_for(color))
        x += pill + 20
    if city:
        canvas.text(city[0], x, y + 8, _font(28), WHITE, "#4b5563")
    return canvas.image()


def render_post_card(title: str, date_label: str, color: str, site_name: str) -> Image.Image:
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
    return canvas.image()


def render_challenge_card(
    title: str, company: str, deadline_label: str, color: str, site_name: str
) -> Image.Image:
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
        box = (left, y, left + pill, y + 50)
        canvas.draw.rounded_rectangle(box, radius=25, fill=canvas.flat(color))
        canvas.text(deadline[0], left + 20, y + 10, font, color, text_color_for(color))
    return canvas.image()


BAND = 96  # height of the site band at the bottom of a card
TILE = 256  # side of the logo tile
WHITE = "#ffffff"
OUTLINE = "#e5e7eb"
INK_LEVELS = 16  # coverage levels of antialiased text, background and ink included
TILE_COLORS = 64  # palette entries for the logo tile (the rest: flat colours and text)
SNAP = 3


class _Canvas:
    """A card drawn straight into palette indices (mode "L" until ``image()``).

    A card is flat colours, antialiased text of one ink on one known background, and a logo
    tile. Drawing each text line as a coverage mask and mapping coverage to a gradient of
    ``INK_LEVELS`` palette entries gives the palette image directly, exactly and
    deterministically, without quantising 756,000 RGB pixels; only the 256 × 256 tile is
    quantised (to ``TILE_COLORS``).
    """

    def __init__(self, background: str):
        self.palette: list[tuple[int, int, int]] = []
        self.indices: dict[tuple[int, int, int], int] = {}
        self.gradients: dict[tuple[str, str], list[int]] = {}
        self.canvas = Image.new("L", SHARE_SIZE, self.flat(background))
        self.draw = ImageDraw.Draw(self.canvas)

    def flat(self, color: str | tuple[int, int, int]) -> int:
        rgb = ImageColor.getrgb(color)[:3] if isinstance(color, str) else color
        if rgb not in self.indices:
            self.indices[rgb] = len(self.palette)
            self.palette.append(rgb)
        return self.indices[rgb]

    def text(
        self,
        line: _Line,
        left: float,
        top: float,
        font: ImageFont.FreeTypeFont,
        background: str,
        ink: str,
    ) -> None:
        """One line of text, on a background of the flat colour ``background``."""
        box = self.draw.textbbox((left, top), line.text, font=font, anchor="la", **line.options)
        x0, y0 = int(box[0]) - 1, int(box[1]) - 1
        size = (int(box[2]) + 2 - x0, int(box[3]) + 2 - y0)
        coverage = Image.new("L", size, 0)
        ImageDraw.Draw(coverage).text(
            (left - x0, top - y0), line.text, font=font, fill=255, anchor="la", **line.options
        )
        shade = coverage.point(self._gradient(background, ink))
        self.canvas.paste(shade, (x0, y0), coverage.point(_INKED, "1"))

    def tile(self, tile: Image.Image, origin: tuple[int, int]) -> None:
        """An RGB block, quantised to at most ``TILE_COLORS`` entries of the palette."""
        quantised = tile.quantize(
            colors=TILE_COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        colours = quantised.getpalette() or []
        lut = [0] * 256
        used = sorted(i for _, i in quantised.getcolors() or [] if isinstance(i, int))
        for index in used:
            rgb = colours[3 * index : 3 * index + 3]
            lut[index] = self.flat(self._snap((rgb[0], rgb[1], rgb[2])))
        indices = Image.frombytes("L", tile.size, quantised.tobytes())
        self.canvas.paste(indices.point(lut), origin)

    def _snap(self, rgb: tuple[int, int, int]) -> tuple[int, int, int]:
        """A flat colour already in the palette within ``SNAP`` of each channel, else ``rgb``:
        the quantiser averages its buckets, and white must stay white (#fefefe is not)."""
        for known in self.palette:
            if all(abs(a - b) <= SNAP for a, b in zip(rgb, known, strict=True)):
                return known
        return rgb

    def _gradient(self, background: str, ink: str) -> list[int]:
        """Coverage 0–255 → the palette entry of the nearest of ``INK_LEVELS`` blends."""
        if (background, ink) not in self.gradients:
            entries = [self.flat(rgb) for rgb in _blends(background, ink)]
            self.gradients[background, ink] = [entries[level] for level in _LEVEL]
        return self.gradients[background, ink]

    def copy(self) -> _Canvas:
        twin = _Canvas.__new__(_Canvas)
        twin.palette, twin.indices = list(self.palette), dict(self.indices)
        twin.gradients = dict(self.gradients)
        twin.canvas = self.canvas.copy()
        twin.draw = ImageDraw.Draw(twin.canvas)
        return twin

    def image(self) -> Image.Image:
        card = Image.frombytes("P", SHARE_SIZE, self.canvas.tobytes())
        card.putpalette([channel for rgb in self.palette for channel in rgb])
        return card


_INKED = [0] + [255] * 255  # coverage > 0: the pixels a line of text paints
_LEVEL = [round(alpha * (INK_LEVELS - 1) / 255) for alpha in range(256)]


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


def _logo_tile(logo: Image.Image) -> Image.Image:
    """The white rounded tile with the logo centred on it, in RGB."""
    tile = Image.new("RGB", (TILE, TILE), WHITE)
    draw = ImageDraw.Draw(tile)
    draw.rounded_rectangle(
        (0, 0, TILE - 1, TILE - 1), radius=28, fill=WHITE, outline=OUTLINE, width=3
    )
    offset = (TILE - logo.width) // 2
    tile.paste(logo, (offset, offset), logo if logo.mode == "RGBA" else None)
    return tile


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
