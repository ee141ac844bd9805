"""Rendering placeholders and Open Graph share cards (startups, news posts)."""

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
    """Logo tile on the left; name, tagline, sector and city on the right; site band below."""
    card, draw, body_bottom = _card_base(color, site_name)
    left = 64 + 16
    if logo is not None:
        tile = 256
        top = (body_bottom - tile) // 2
        box = (left, top, left + tile, top + tile)
        draw.rounded_rectangle(box, radius=28, fill="#ffffff", outline="#e5e7eb", width=3)
        offset = (tile - logo.width) // 2
        card.paste(logo, (left + offset, top + offset), logo)
        left += tile + 56
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
            _draw_line(draw, line, left, y, _font(size, bold), fill)
            y += step
        y += 24
    x: float = left
    if meta:
        font = _font(26, True)
        pill = font.getlength(meta[0].text, **meta[0].options) + 36
        draw.rounded_rectangle((x, y, x + pill, y + 46), radius=23, fill=color)
        _draw_line(draw, meta[0], x + 18, y + 9, font, text_color_for(color))
        x += pill + 20
    if city:
        _draw_line(draw, city[0], x, y + 8, _font(28), "#4b5563")
    return card.convert("RGB")


def render_post_card(title: str, date_label: str, color: str, site_name: str) -> Image.Image:
    """Date above a large title, site band below."""
    card, draw, body_bottom = _card_base(color, site_name)
    left = 64 + 16
    width = SHARE_SIZE[0] - 64 - left
    date = _layout_lines(date_label, False, 30, width, 1)
    lines = _layout_lines(title, True, 62, width, 4)
    height = 30 + 28 + len(lines) * 76
    y = max(40, (body_bottom - height) // 2)
    if date:
        _draw_line(draw, date[0], left, y, _font(30), "#4b5563")
    y += 30 + 28
    for line in lines:
        _draw_line(draw, line, left, y, _font(62, True), "#111827")
        y += 76
    return card.convert("RGB")


def _card_base(color: str, site_name: str) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    width, height = SHARE_SIZE
    band = 96
    card = Image.new("RGBA", SHARE_SIZE, "#ffffff")
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 15, height - band), fill=color)
    draw.rectangle((0, height - band, width, height), fill=color)
    site = _layout_lines(site_name, True, 30, width - 128, 1)
    if site:
        top = height - band + (band - 30) // 2 - 2
        _draw_line(draw, site[0], 64, top, _font(30, True), text_color_for(color))
    return card, draw, height - band


def _draw_line(
    draw: ImageDraw.ImageDraw,
    line: _Line,
    left: float,
    top: float,
    font: ImageFont.FreeTypeFont,
    fill: str,
) -> None:
    draw.text((left, top), line.text, font=font, fill=fill, anchor="la", **line.options)
