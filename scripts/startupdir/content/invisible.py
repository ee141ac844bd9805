"""Invisible and special characters in what contributors paste, and how to speak of them.

Descriptions, taglines and news posts are pasted from word processors and web pages,
which leave characters nobody sees. Free text (``prose``) is normalised when it is read:

- a tabulation becomes spaces (one space in a one-line text; in a multi-line text, up to
  the next multiple of four columns, as CommonMark and Python-Markdown read a tabulation
  where it shapes a block: code spans and blocks included, so the conversion is the same
  everywhere);
- U+FEFF, U+200B, U+2060 and U+00AD are dropped: they draw nothing (the soft hyphen only
  at a line break the browser chooses);
- U+2028 and U+0085 (NEL) are line breaks, U+2029 a paragraph break (at the end of a
  line, where the line already breaks, they add nothing but the paragraph break; in a
  one-line text, a space, as YAML folds a line break);
- a joiner (U+200D ZWJ, U+200C ZWNJ) is kept where a script needs it (``joiner_needed``)
  and dropped elsewhere.

Bidirectional controls (``BIDI``) are refused everywhere: they reorder what is shown, and
can make a reviewer read something else than what is published. Every other control,
format, private-use, surrogate or unassigned character is refused too. In names,
identifiers, addresses and accounts (``strict``), every invisible character is refused,
as before; ``fixable`` says which ones ``startupdir validate --fix`` can remove.

Messages name what the contributor can see (``describe``, ``where``), never only a code point.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TAB = "\t"
ZWNJ, ZWJ = "\u200c", "\u200d"
JOINERS = frozenset((ZWNJ, ZWJ))
DROPPED = frozenset("\u00ad\u200b\u2060\ufeff")
BREAKS = {"\u2028": "\n", "\u0085": "\n", "\u2029": "\n\n"}
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_RE = re.compile("[" + "".join(sorted(BIDI)) + "]")
TAB_SIZE = 4  # CommonMark's and Python-Markdown's tab stop
_REFUSED_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"))

# ---------------------------------------------------------------------------
# Joiners: where a script needs them


# Scripts whose letters join their neighbours (ArabicShaping.txt): Arabic, Syriac, N'Ko,
# Mongolian, Phags-pa, Manichaean, Psalter Pahlavi, Hanifi Rohingya, Sogdian, Old Uyghur,
# Chorasmian, Adlam.
_JOINING_SCRIPTS = re.compile(
    "[\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u07c0-\u07ff\u0860-\u08ff\u1800-\u18af"
    "\ua840-\ua87f\U00010ac0-\U00010aff\U00010b80-\U00010baf\U00010d00-\U00010d3f"
    "\U00010f30-\U00010fdf\U0001e900-\U0001e95f]"
)
# Pictographic emoji (emoji-data.txt's Extended_Pictographic, its BMP symbols and the
# U+1F000–U+1FAFF planes): what a ZWJ sequence such as 👩‍💻 or 🏳️‍🌈 is made of.
_PICTOGRAPHIC = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328"
    "\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297"
    "\u3299\U0001f000-\U0001faff]"
)
# What may follow an emoji before the ZWJ: emoji presentation, a skin tone.
_EMOJI_MODIFIER = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")


def _joining_letter(char: str) -> bool:
    return (
        bool(char) and unicodedata.category(char)[0] == "L" and bool(_JOINING_SCRIPTS.match(char))
    )


def _letter_beside(text: str, pos: int, step: int) -> str:
    """The character next to ``pos`` in direction ``step``, combining marks (harakat,
    vowel signs) skipped; "" at either end."""
    pos += step
    while 0 <= pos < len(text) and unicodedata.category(text[pos]) in ("Mn", "Me"):
        pos += step
    return text[pos] if 0 <= pos < len(text) else ""


def joiner_needed(text: str, pos: int) -> bool:
    """Whether the joiner ``text[pos]`` (U+200C or U+200D) changes how the text is drawn.

    1. Right after a virama (a combining mark of class 9: Devanagari, Bengali, Tamil,
       Malayalam, Sinhala…): half forms, conjuncts, chillus (RFC 5892, ContextJ).
    2. Between two letters of a joining script (Arabic, Syriac, N'Ko, Mongolian, Adlam…),
       combining marks between them skipped: Persian « نرم‌افزار ».
    3. ZWJ only: between two pictographic emoji, the first one optionally followed by
       U+FE0F or a skin tone: 👩‍💻, 👩🏽‍💻, 🏳️‍🌈.
    Anywhere else (« Atlas‍Pay », an emoji beside a letter) it draws nothing."""
    before = text[pos - 1] if pos > 0 else ""
    if before and unicodedata.combining(before) == 9:
        return True
    if _joining_letter(_letter_beside(text, pos, -1)) and _joining_letter(
        _letter_beside(text, pos, 1)
    ):
        return True
    if text[pos] != ZWJ or pos + 1 >= len(text) or not _PICTOGRAPHIC.match(text[pos + 1]):
        return False
    if before and _EMOJI_MODIFIER.match(before):
        before = text[pos - 2] if pos > 1 else ""
    return bool(before) and bool(_PICTOGRAPHIC.match(before))


# ---------------------------------------------------------------------------
# Naming characters by what the contributor sees

# char -> (French name, feminine)
_NAMES: dict[str, tuple[str, bool]] = {
    "\t": ("tabulation", True),
    "\n": ("saut de ligne", False),
    "\x00": ("caractère nul", False),
    "\x08": ("retour arrière", False),
    "\x0b": ("tabulation verticale", True),
    "\x0c": ("saut de page", False),
    "\x1b": ("caractère d'échappement", False),
    "\x7f": ("caractère de suppression", False),
    "\u00a0": ("espace insécable", False),
    "\u202f": ("espace insécable étroit", False),
    "\u2002": ("espace demi-cadratin", False),
    "\u2003": ("espace cadratin", False),
    "\u2007": ("espace tabulaire", False),
    "\u2008": ("espace de ponctuation", False),
    "\u2009": ("espace fin", False),
    "\u200a": ("espace ultrafin", False),
    "\u205f": ("espace mathématique", False),
    "\u3000": ("espace idéographique", False),
    "\u200b": ("espace sans largeur, invisible", False),
    "\ufeff": ("espace insécable sans largeur, invisible", False),
    "\u2060": ("liant de mots invisible", False),
    "\u00ad": ("trait d'union conditionnel, invisible sauf en fin de ligne", False),
    ZWNJ: ("antiliant invisible", False),
    ZWJ: ("liant invisible", False),
    "\u2028": ("retour à la ligne invisible (séparateur de ligne)", False),
    "\u2029": ("saut de paragraphe invisible (séparateur de paragraphe)", False),
    "\u0085": ("retour à la ligne invisible (caractère NEL)", False),
    "\u202e": ("caractère invisible qui inverse le sens du texte", False),
    "\u202d": ("caractère invisible qui impose le sens de gauche à droite au texte", False),
    "\u202b": ("caractère invisible qui fait écrire le texte de droite à gauche", False),
    "\u2067": ("caractère invisible qui fait écrire le texte de droite à gauche", False),
    "\u202a": ("caractère invisible qui fait écrire le texte de gauche à droite", False),
    "\u2066": ("caractère invisible qui fait écrire le texte de gauche à droite", False),
    "\u2068": ("caractère invisible qui change le sens d'écriture du texte", False),
    "\u202c": ("caractère invisible qui termine un changement de sens du texte", False),
    "\u2069": ("caractère invisible qui termine un changement de sens du texte", False),
    "\u200e": ("marque de sens invisible, qui peut déplacer la ponctuation voisine", True),
    "\u200f": ("marque de sens invisible, qui peut déplacer la ponctuation voisine", True),
    "\u061c": ("marque de sens invisible, qui peut déplacer la ponctuation voisine", True),
}


def describe(char: str) -> tuple[str, bool]:
    """What ``char`` looks like (or does), in French, with its code point; and whether
    the noun is feminine (« supprimez-la »)."""
    code = f"U+{ord(char):04X}"
    if char in ("\t", "\n"):
        return _NAMES[char]
    if char in _NAMES:
        name, feminine = _NAMES[char]
    else:
        category = unicodedata.category(char)
        feminine = category == "Cs"
        name = {
            "Cc": "caractère de contrôle invisible",
            "Cf": "caractère de mise en forme invisible",
            "Co": "caractère à usage privé, dessiné selon la police ou pas du tout",
            "Cs": "moitié de caractère isolée",
            "Zs": "espace spécial",
            "Zl": "retour à la ligne invisible",
            "Zp": "saut de paragraphe invisible",
        }.get(category, "caractère non attribué par Unicode, sans dessin")
        if category == "Cn" and (ord(char) & 0xFFFE == 0xFFFE or 0xFDD0 <= ord(char) <= 0xFDEF):
            name = "non-caractère Unicode, sans dessin"
    if name.endswith(")"):
        return f"{name[:-1]}, {code})", feminine
    return f"{name} ({code})", feminine


def _visible(text: str) -> str:
    """``text`` as it looks: blanks of every kind as spaces, invisible characters left out."""
    return "".join(
        " " if _whitespace_like(c) else c for c in text if _whitespace_like(c) or c.isprintable()
    )


def _head(text: str) -> str:
    word = text.split(" ", 1)[0]
    return word if len(word) <= 30 else word[:29] + "…"


def _tail(text: str) -> str:
    word = text.rsplit(" ", 1)[-1]
    return word if len(word) <= 30 else "…" + word[-29:]


def where(text: str, pos: int) -> str:
    """How to put the cursor on the invisible character ``text[pos]`` (its line only):
    just before the visible text that follows it, or just after the one that precedes it."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    before = _visible(text[start:pos])
    after = _visible(text[pos + 1 : len(text) if end < 0 else end])
    if after[:1].strip() and text[pos] not in BIDI:
        # After a bidirectional control, the text is shown reordered: count on what precedes.
        return (
            f"placez le curseur juste avant « {_head(after)} », "
            "puis appuyez une fois sur Retour arrière"
        )
    word = before.rstrip(" ")
    if word:
        spaces = len(before) - len(word)
        tail = (
            ""
            if not spaces
            else " et l'espace qui suit"
            if spaces == 1
            else f" et les {spaces} espaces qui suivent"
        )
        return (
            f"placez le curseur juste après « {_tail(word)} »{tail}, "
            "puis appuyez une fois sur Suppr"
        )
    if after.strip():
        return (
            f"placez le curseur juste avant « {_head(after.strip())} », "
            "puis appuyez une fois sur Retour arrière"
        )
    return "effacez ce qui précède sur la ligne, puis retapez-le"


def explain(text: str, pos: int, col: int) -> tuple[str, str]:
    """(message, hint) for a refused character ``text[pos]`` shown at column ``col``."""
    char = text[pos]
    if char == "\n":
        return "saut de ligne interdit", "écrivez ce texte sur une seule ligne"
    name, feminine = describe(char)
    pronoun = "la" if feminine else "le"
    if char == TAB:
        return (
            f"{name} à la colonne {col}",
            f"remplacez-{pronoun} par un espace simple : {where(text, pos)}, puis tapez un espace",
        )
    return f"{name} à la colonne {col}", f"supprimez-{pronoun} : {where(text, pos)}"


# ---------------------------------------------------------------------------
# Reading a value


@dataclass(frozen=True)
class Scan:
    """What free or strict text becomes: the normalised ``text`` and, for each of its
    characters, the position it comes from (``origin``; one more entry for the end), or
    the position of the first refused character (``refused``) and whether
    ``startupdir validate --fix`` removes it (``fixable``)."""

    text: str = ""
    origin: tuple[int, ...] = ()
    refused: int | None = None
    fixable: bool = False


def _whitespace_like(char: str) -> bool:
    return char == TAB or char in BREAKS or unicodedata.category(char) == "Zs"


def scan(text: str, *, multiline: bool, prose: bool, keep_refused: bool = False) -> Scan:
    """Normalise ``text`` (free text) or find its first refused character.

    ``prose``: descriptions, taglines, post texts; otherwise a name, where every invisible
    character is refused (``fixable`` when --fix can drop it, or turn it into a space).
    ``keep_refused``: leave refused characters in place and go on (the fixer's view)."""
    out: list[str] = []
    origin: list[int] = []
    column = 0
    for pos, char in enumerate(text):
        if char == " " or char.isprintable() or (char == "\n" and multiline):
            out.append(char)
            origin.append(pos)
            column = 0 if char == "\n" else column + 1
            continue
        harmless = char in DROPPED or char in JOINERS or char == TAB or char in BREAKS
        if unicodedata.category(char) == "Zs" or (char in JOINERS and joiner_needed(text, pos)):
            replacement = char
        elif char == "\n" or not harmless or (not prose and not keep_refused):
            if not keep_refused:
                return Scan(refused=pos, fixable=harmless and char != "\n")
            replacement = char
        elif char == TAB:
            replacement = " " * (TAB_SIZE - column % TAB_SIZE) if multiline else " "
        elif char in BREAKS and multiline:
            # One that ends its line adds nothing to the line break that follows (a
            # paragraph separator still makes it a paragraph break).
            end = text.find("\n", pos)
            ends_line = not text[pos + 1 : None if end < 0 else end].strip(" \t")
            replacement = BREAKS[char][1:] if ends_line else BREAKS[char]
        elif char in BREAKS:
            replacement = " "
        else:  # DROPPED, and joiners no script needs here: nothing is drawn
            replacement = ""
        out.append(replacement)
        origin.extend([pos] * len(replacement))
        if "\n" in replacement:
            column = 0
        else:
            column += len(replacement)
    origin.append(len(text))
    return Scan("".join(out), tuple(origin))


def normalise(text: str, *, multiline: bool) -> str:
    """``text`` read as free text, refused characters left in place (the fixer's view)."""
    return scan(text, multiline=multiline, prose=True, keep_refused=True).text


def strict_fixable(value: str, pos: int) -> bool:
    """Whether --fix removes the invisible ``value[pos]`` of an address, identifier or
    account: an invisible character that draws nothing, anywhere; a tabulation, special
    space or invisible line break before or after the value."""
    char = value[pos]
    if char in DROPPED or (char in JOINERS and not joiner_needed(value, pos)):
        return True
    if not _whitespace_like(char):
        return False
    return not value[:pos].strip() or not value[pos + 1 :].strip()


def strict_fix(value: str) -> str:
    """An address, identifier or account once --fix has removed what it removes."""
    text = "".join(
        c
        for i, c in enumerate(value)
        if not (c in DROPPED or (c in JOINERS and not joiner_needed(value, i)))
    )
    start, end = trim_bounds(text)
    return text[start:end]


def trim_bounds(text: str) -> tuple[int, int]:
    """Where ``text`` starts and ends once the blanks around it (spaces, tabulations,
    special spaces, invisible line breaks) are left out."""
    start, end = 0, len(text)
    while start < end and _whitespace_like(text[start]):
        start += 1
    while end > start and _whitespace_like(text[end - 1]):
        end -= 1
    return start, end


def first_refused_strict(value: str) -> int | None:
    """Position of the first character an address or identifier may not hold
    (controls, format and separator characters, special spaces), or None."""
    if value.isprintable():
        return None
    return next(pos for pos, char in enumerate(value) if char != " " and not char.isprintable())


def origin(node, text: str, pos: int) -> tuple[str, int]:
    """``pos`` in ``text`` (what a field read of ``node``: normalised, maybe stripped),
    given back in the text as it was typed, when the field normalised it: so that every
    problem is reported where the contributor sees it."""
    if node.normal is None:
        return text, pos
    typed, found = node.normal
    shift = len(found.text) - len(found.text.lstrip())
    if text != found.text and not found.text[shift:].startswith(text.rstrip()):
        return text, pos
    at = min(pos + (0 if text == found.text else shift), len(found.origin) - 1)
    return typed, found.origin[at]


def bidi_positions(text: str) -> list[int]:
    return [m.start() for m in BIDI_RE.finditer(text)]


def refusal_at(text: str, pos: int) -> tuple[int, int, str, str]:
    """(line, column; 0-based line), message and hint for the refused ``text[pos]`` of a
    whole text (a file, a post's body)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    col = pos - start + 1
    message, hint = explain(text[start : None if end < 0 else end], col - 1, col)
    return text.count("\n", 0, pos), col, message, hint
