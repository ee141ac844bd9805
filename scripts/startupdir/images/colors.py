"""Sector colours: one accessible palette, used by chips, placeholders, cards and charts."""

from __future__ import annotations

from functools import cache

# Each colour keeps a contrast ratio of at least 4.5:1 with white text.
PALETTE = (
    "#0b5c8a",
    "#a0182d",
    "#1d6b3a",
    "#7a2d82",
    "#8a3b12",
    "#005f5f",
    "#3d4ea8",
    "#8c2f5c",
    "#5b5a00",
    "#00607a",
    "#6b4226",
    "#b03a00",
    "#2f6b1d",
    "#7d3c98",
    "#1f5f8b",
    "#8b1e3f",
    "#395b64",
    "#4a5a12",
)


def sector_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@cache
def text_color_for(background: str) -> str:
    """White when it reaches 4.5:1 on the colour, else the more contrasted of white and #1a1a1a."""
    on_white, on_dark = contrast(background, "#ffffff"), contrast(background, "#1a1a1a")
    return "#ffffff" if on_white >= 4.5 or on_white >= on_dark else "#1a1a1a"
