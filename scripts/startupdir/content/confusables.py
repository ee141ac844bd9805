"""Names that look the same: confusable skeletons (Unicode Technical Standard #39, §4).

Two strings are confusable when their skeletons are equal. skeleton(X): remove the
default-ignorable code points, NFD, replace each character by its prototype from the
Unicode data file confusables.txt (assets/unicode/, Unicode License v3), NFD again.
"Аtlas Pay" with a Cyrillic А, or "Atlas\u034f Pay" with a combining grapheme joiner,
has the skeleton of "Atlas Pay".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).parent / "assets" / "unicode" / "confusables.txt"

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt; the same in Unicode 15 and 17):
# nothing is drawn for them, so "Atlas Pay" and "Atlas Pay\ufe0f" look identical.
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


@functools.cache
def prototypes() -> dict[int, str]:
    """Code point -> prototype string, as str.translate wants it."""
    table = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        source, target = line.split(";")
        table[int(source, 16)] = "".join(chr(int(code, 16)) for code in target.split())
    return table


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``."""
    text = unicodedata.normalize("NFD", DEFAULT_IGNORABLE.sub("", text))
    return unicodedata.normalize("NFD", text.translate(prototypes()))


def has_visible_letter_or_digit(text: str) -> bool:
    """True when ``text`` shows at least one letter or digit: not only spaces, symbols,
    marks, or fillers such as U+3164 HANGUL FILLER (a letter that draws nothing)."""
    return any(unicodedata.category(char)[0] in "LN" for char in DEFAULT_IGNORABLE.sub("", text))
