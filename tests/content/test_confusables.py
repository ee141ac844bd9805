"""startupdir.content.confusables: the UTS #39 skeleton, and names that show no letter."""

from __future__ import annotations

import unicodedata

import pytest
from startupdir.content.confusables import (
    DATA,
    DEFAULT_IGNORABLE,
    has_visible_letter_or_digit,
    prototypes,
    skeleton,
)


def test_the_data_is_the_whole_unicode_file():
    table = prototypes()
    assert len(table) == 6565  # every mapping of confusables.txt 17.0.0
    assert "Version: 17.0.0" in DATA.read_text(encoding="utf-8")
    assert (DATA.parent / "LICENSE").read_text(encoding="utf-8").count("UNICODE LICENSE V3") == 1
    # A few prototypes read straight from the Unicode file.
    assert table[0x0430] == "a"  # CYRILLIC SMALL LETTER A
    assert table[0x0410] == "A"  # CYRILLIC CAPITAL LETTER A
    assert table[0x006D] == "rn"  # m
    assert table[0x0031] == "l"  # 1
    assert table[0x0030] == "O"  # 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("paypal", "p\u0430yp\u0430l"),  # Cyrillic a
        ("Scope", "\u0405\u0441\u043e\u0440\u0435"),  # Cyrillic Dze, es, o, er, ie
        ("Atlas", "Atl\u034fas"),  # combining grapheme joiner, default-ignorable
        ("Atlas", "Atlas\ufe0f"),  # variation selector
        ("Atlas", "At\u00adlas"),  # soft hyphen
        ("Café", "Cafe\u0301"),  # NFD on both sides
        ("modern", "rnodern"),
        ("l0l", "1Ol"),
    ],
)
def test_confusables_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("Atlas", "Atlas Pay"), ("Café", "Cafe"), ("a", "b")])
def test_distinct_strings_keep_distinct_skeletons(a, b):
    assert skeleton(a) != skeleton(b)


def test_skeleton_is_in_nfd():
    for text in ("Sahara Solar", "p\u0430yp\u0430l", "Ǆemal", "ﬁnance", "Ωmega"):
        assert unicodedata.is_normalized("NFD", skeleton(text))


def test_default_ignorable_code_points():
    for char in "\u00ad\u034f\u115f\u3164\ufe0f\ufeff\uffa0\U000e0041\U000e0100":
        assert DEFAULT_IGNORABLE.fullmatch(char), f"U+{ord(char):04X}"
    for char in "a \u00a0\u2800\u0301":
        assert not DEFAULT_IGNORABLE.fullmatch(char), f"U+{ord(char):04X}"


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("Atlas Pay", True),
        ("007", True),
        ("نرم\u200cافزار", True),
        ("漢字", True),
        ("\u3164", False),  # HANGUL FILLER: a letter that draws nothing
        ("\u3164\u115f\uffa0", False),
        ("\u2800\u2800", False),  # BRAILLE PATTERN BLANK
        ("!?-_ ★", False),
        ("\u0301\u034f", False),
        ("\u3164a", True),
    ],
)
def test_visible_letter_or_digit(text, visible):
    assert has_visible_letter_or_digit(text) is visible
