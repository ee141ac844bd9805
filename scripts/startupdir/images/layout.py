"""Text on generated images: initials, fonts, glyph coverage, bidirectional text, line
wrapping and ellipsis with the shipped DejaVu Sans font."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from PIL import (
    Image,
    ImageDraw,
    ImageFont,
    features,
)

FONT_DIR = Path(__file__).parent / "assets" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
HAS_RAQM = features.check("raqm")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_WORD_SEPARATORS = re.compile(r"[\s\-‐–—_/.,;:&+·]+")
_NOTDEF_PROBE = "\U0010fffd"


def initials(name: str) -> str:
    """First letter of the first two words, upper-case; "?" when nothing legible remains."""
    letters = []
    for word in _WORD_SEPARATORS.split(unicodedata.normalize("NFC", name)):
        letter = next((c for c in word if unicodedata.category(c)[0] in "LN"), None)
        if letter:
            upper = letter.upper()
            letters.append(upper if len(upper) == 1 else letter)
        if len(letters) == 2:
            break
    if any(_is_rtl(letter) for letter in letters):
        letters = letters[:1]
    if not letters or not all(has_glyph(letter, bold=True) for letter in letters):
        return "?"
    return "".join(letters)


@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


@functools.lru_cache(maxsize=4096)
def has_glyph(char: str, bold: bool = False) -> bool:
    """Whether the shipped font draws this character (rather than its empty box)."""
    return _glyph_pixels(char, bold) != _glyph_pixels(_NOTDEF_PROBE, bold)


@functools.lru_cache(maxsize=4096)
def _glyph_pixels(char: str, bold: bool) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((16, 8), char, font=_font(32, bold), fill=255)
    return image.tobytes()


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _is_arabic(char: str) -> bool:
    return "ARABIC" in unicodedata.name(char, "")


class TextOptions(TypedDict, total=False):
    """The ``ImageDraw.text`` keyword arguments right-to-left text needs."""

    direction: str
    language: str


@dataclass(frozen=True)
class _Line:
    text: str
    options: TextOptions


def drawable_text(text: str, bold: bool = False) -> tuple[str, TextOptions]:
    """Text ready for the card and the ``ImageDraw.text`` options it needs.

    Characters the font lacks are dropped; right-to-left text is shaped by libraqm when
    Pillow has it, and left off otherwise (drawn unshaped it would be wrong).
    """
    text = _BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", text))
    text = "".join(c for c in text if c.isspace() or has_glyph(c, bold))
    if not any(_is_rtl(c) for c in text):
        return " ".join(text.split()), {}
    if not HAS_RAQM:
        return " ".join("".join(c for c in text if not _is_rtl(c)).split()), {}
    text = " ".join(text.split())
    strong = next((c for c in text if unicodedata.bidirectional(c) in ("L", "R", "AL")), "")
    if strong and _is_rtl(strong):
        options: TextOptions = {"direction": "rtl"}
        if any(_is_arabic(c) for c in text):
            options["language"] = "ar"
        return text, options
    return text, {"direction": "ltr"}


def wrap_text(
    text: str,
    font: ImageFont.FreeTypeFont,
    width: float,
    max_lines: int,
    **options: Unpack[TextOptions],
) -> list[str]:
    """Greedy line breaking; the last kept line ends with "…" when text was cut.

    A line takes as many words as fit, and grows with every word: rather than measuring it
    once a word, ``_words_that_fit`` guesses the count from the text's width per character
    and measures around the guess (about two measures a line).
    """
    words = text.split()
    whole = " ".join(words)
    length = font.getlength(whole, **options)
    if length <= width:
        return [whole] if words else []
    per_line = len(whole) * width / length  # characters a line holds, about
    lines: list[str] = []
    fragment = ""  # the end of a word wider than a line, which starts the next line
    position = 0
    while position < len(words) and len(lines) <= max_lines:
        start = [fragment] if fragment else []
        count = _words_that_fit(start, words[position:], font, width, per_line, options)
        if not start and not count:
            pieces = _cut_word(words[position], font, width, options)
            lines += pieces[:-1]
            fragment = pieces[-1]
            position += 1
            continue
        fragment = " ".join(start + words[position : position + count])
        position += count
        if position < len(words):
            lines.append(fragment)
            fragment = ""
    if fragment:
        lines.append(fragment)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]  # the lines past max_lines are only known to exist
    kept[-1] = _ellipsize(kept[-1], font, width, options)
    return kept


def _words_that_fit(
    start: list[str],
    words: list[str],
    font: ImageFont.FreeTypeFont,
    width: float,
    per_line: float,
    options,
) -> int:
    """How many of ``words`` fit on a line after ``start`` (which fits, or is empty)."""

    def fits(count: int) -> bool:
        return font.getlength(" ".join(start + words[:count]), **options) <= width

    count, used = 0, sum(len(part) + 1 for part in start)
    while count < len(words) and used + len(words[count]) <= per_line:
        used += len(words[count]) + 1
        count += 1
    if count and not fits(count):
        count -= 1
        while count and not fits(count):
            count -= 1
        return count
    while count < len(words) and fits(count + 1):
        count += 1
    return count


def _cut_word(word: str, font: ImageFont.FreeTypeFont, width: float, options) -> list[str]:
    """A word wider than a line, in pieces that fit (but single characters), the last one
    left to start the next line."""
    pieces = []
    while len(word) > 1 and font.getlength(word, **options) > width:
        cut = _longest_prefix(word, font, width, options)
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, width: float, options) -> int:
    cut = len(text) - 1
    while cut > 1 and font.getlength(text[:cut], **options) > width:
        cut -= 1
    return cut


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: float, options) -> str:
    words = line.split(" ")
    while len(words) > 1 and font.getlength(" ".join(words) + "…", **options) > width:
        words.pop()
    line = " ".join(words)
    while line and font.getlength(line + "…", **options) > width:
        line = line[:-1]
    return line.rstrip(" ,;:.-–—") + "…"


def _layout_lines(text: str, bold: bool, size: int, width: float, max_lines: int) -> list[_Line]:
    prepared, options = drawable_text(text, bold)
    lines = wrap_text(prepared, _font(size, bold), width, max_lines, **options)
    return [_Line(line, options) for line in lines]
