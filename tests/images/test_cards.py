"""Share cards drawn into palette indices and deflated in runs of rows: the text lands where
``ImageDraw.text`` puts it, white stays white, and a card's PNG is its pixels, byte for byte
the same whatever was kept from earlier cards, and no heavier than Pillow's own PNG."""

from __future__ import annotations

import io
import random
import zlib

import pytest
from PIL import Image, ImageColor, ImageDraw
from startupdir.images import cardpng, cards, layout
from startupdir.images.cards import (
    SHARE_SIZE,
    WHITE,
    _Canvas,
    render_challenge_card,
    render_placeholder,
    render_post_card,
    render_startup_card,
)
from startupdir.images.colors import sector_color

SITE = "Annuaire de test"
LINES = [
    "Atlas Pay",
    "Énergie & Éducation à Fès",
    "gypsy quay jq",  # descenders
    "Ångström Ñandú Œuvre ÇÀ",  # accents above capitals
    "«Plateforme» — paiement 100 % mobile…",
    "ff fi fl Tj Wa AV",  # ligatures and kerning
    "x",
]


def drawn_by_pillow(text: str, left: float, top: float, size: int, bold: bool) -> bytes:
    """The coverage ``ImageDraw.text`` gives a line, over the whole card."""
    coverage = Image.new("L", SHARE_SIZE, 0)
    prepared, options = layout.drawable_text(text, bold)
    font = layout._font(size, bold)
    ImageDraw.Draw(coverage).text(
        (left, top), prepared, font=font, fill=255, anchor="la", **options
    )
    return coverage.tobytes()


@pytest.mark.parametrize("text", LINES)
@pytest.mark.parametrize(("size", "bold"), [(60, True), (34, False), (26, True)])
@pytest.mark.parametrize(("left", "top"), [(80, 40), (416.0, 133), (612.75, 301.5)])
@pytest.mark.parametrize("kept", [False, True])
def test_a_line_of_text_is_the_coverage_imagedraw_draws(text, size, bold, left, top, kept):
    canvas = _Canvas(WHITE)
    prepared, options = layout.drawable_text(text, bold)
    font = layout._font(size, bold)
    line = layout._Line(prepared, options)
    canvas.text(line, left, top, font, WHITE, "#111827", kept=kept)
    # Coverage 0 is level 0: the background's own entry, the canvas's fill.
    expected = drawn_by_pillow(text, left, top, size, bold).translate(
        canvas._gradient(WHITE, "#111827")
    )
    assert canvas.canvas.tobytes() == expected


def test_right_to_left_text_is_the_coverage_imagedraw_draws():
    """Whichever layout Pillow has (libraqm, or drawable_text's own reordering without it)."""
    canvas = _Canvas(WHITE)
    prepared, options = layout.drawable_text("دارجة للذكاء", True)
    canvas.text(layout._Line(prepared, options), 300.5, 80, layout._font(60, True), WHITE, "#000")
    expected = drawn_by_pillow("دارجة للذكاء", 300.5, 80, 60, True)
    assert canvas.canvas.tobytes() == expected.translate(canvas._gradient(WHITE, "#000"))


def test_text_paints_only_its_inked_pixels():
    """A line overlapping another one's box keeps the other's pixels where it has no ink."""
    canvas = _Canvas(WHITE)
    font = layout._font(60, True)
    canvas.text(layout._Line("gypsy", {}), 80, 40, font, WHITE, "#111827")
    canvas.text(layout._Line("ÉÀ", {}), 80, 80, font, WHITE, "#111827")
    first = drawn_by_pillow("gypsy", 80, 40, 60, True)
    second = drawn_by_pillow("ÉÀ", 80, 80, 60, True)
    both = bytes(b or a for a, b in zip(first, second, strict=True))
    assert canvas.canvas.tobytes() == both.translate(canvas._gradient(WHITE, "#111827"))


def test_white_snaps_to_white_and_near_colours_to_the_first_flat_one():
    canvas = _Canvas(WHITE)
    red = canvas.flat((200, 30, 40))
    canvas.flat((202, 31, 41))  # within SNAP of red, but later in the palette
    tile = Image.new("RGB", (8, 4), (254, 253, 255))
    ImageDraw.Draw(tile).rectangle((0, 2, 7, 2), fill=(201, 32, 38))
    ImageDraw.Draw(tile).rectangle((0, 3, 7, 3), fill=(20, 120, 220))
    canvas.quantised(tile, (0, 0))
    assert canvas.canvas.getpixel((0, 0)) == canvas.flat(WHITE) == 0
    assert canvas.canvas.getpixel((0, 2)) == red
    blue = canvas.canvas.getpixel((0, 3))
    assert canvas.palette[blue] == (20, 120, 220)  # nothing near: a colour of its own


def test_the_logo_tile_is_white_outlined_in_flat_colours_around_the_logo():
    canvas = _Canvas(WHITE)
    logo = Image.new("RGBA", (192, 192), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((10, 10, 180, 180), fill=(200, 30, 40, 255))
    canvas.tile(logo, (80, 139))
    rgb = canvas.card().image.convert("RGB")
    assert rgb.getpixel((80 + 128, 139 + 1)) == ImageColor.getrgb(cards.OUTLINE)
    assert rgb.getpixel((80 + 20, 139 + 128)) == (255, 255, 255)  # between outline and logo
    assert rgb.getpixel((80 + 128, 139 + 128)) == (200, 30, 40)
    assert canvas.drawn == (139, 139 + cards.TILE)


def varied_cards() -> list[cards.Card]:
    rng = random.Random(5)
    words = [
        "plateforme",
        "énergie",
        "solaire",
        "paiement",
        "mobile",
        "Fès",
        "données",
        "santé",
        "gypse",
        "où",
    ]
    made = []
    for index in range(12):
        color = sector_color(index)
        name = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))).title()
        tagline = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        logo = render_placeholder(layout.initials(name), color, 192)
        made.append(render_startup_card(name, tagline, "Fintech", "Fès", logo, color, SITE))
    made.append(render_startup_card("Sans logo", "", "", "", None, "#0b5c8a", SITE))
    made.append(render_post_card("Lancement de la saison 3 " * 4, "1er mars 2026", "#0b4f71", SITE))
    made.append(render_post_card("", "", "#0b4f71", ""))  # nothing drawn on the background
    made.append(render_challenge_card("Défi logistique", "Atlas", "avant le 3 mai", "#1d6b3a", ""))
    return made


def test_a_card_png_decodes_to_its_pixels_and_palette():
    for card in varied_cards():
        with Image.open(io.BytesIO(card.png())) as image:
            assert (image.format, image.mode, image.size) == ("PNG", "P", SHARE_SIZE)
            assert image.tobytes() == card.image.tobytes()
            assert image.getpalette() == card.image.getpalette()


def test_a_card_png_is_the_same_bytes_whatever_was_kept_before():
    first = [card.png() for card in varied_cards()]
    cards._background.cache_clear()
    cards._kept_coverage.cache_clear()
    cardpng.repeated_row.cache_clear()
    assert [card.png() for card in reversed(varied_cards())] == first[::-1]


def test_cards_weigh_at_most_five_percent_more_than_pillows_png():
    ours = theirs = 0
    for card in varied_cards():
        ours += len(card.png())
        buffer = io.BytesIO()
        card.image.save(buffer, "PNG", compress_level=6)
        theirs += buffer.tell()
    assert ours <= theirs * 1.05


def test_adler32_of_runs_end_to_end_is_the_whole_ones():
    data = random.Random(1).randbytes(70_000)
    for cut in (0, 1, 65_521, 69_999):
        first, second = zlib.adler32(data[:cut]), zlib.adler32(data[cut:])
        assert cardpng._adler32_combine(first, second, len(data) - cut) == zlib.adler32(data)


def greedy_lines(text: str, font, width: float, max_lines: int) -> list[str]:
    """Line breaking measured word by word, the rule ``wrap_text`` follows."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], layout._ellipsize(lines[max_lines - 1], font, width, {})]


def test_wrapped_lines_are_those_of_word_by_word_breaking():
    rng = random.Random(2)
    words = ["plateforme", "énergie", "où", "AV", "Ta", "ffi", "x" * 70, "Œuvre", "—", "gypse"]
    for size in (60, 34, 12):
        font = layout._font(size)
        for _ in range(60):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
            width, max_lines = rng.choice((30, 300, 744)), rng.randint(1, 4)
            assert layout.wrap_text(text, font, width, max_lines) == greedy_lines(
                text, font, width, max_lines
            )
