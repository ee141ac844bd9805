"""Material's page shell rendered once per folder of generated pages.

Thousands of profile pages sit outside the navigation in one folder: their menu, tab
bar, header, footer and script blocks are byte-identical (same relative links, nothing
active), except the page title in the header. The override templates ask this cache
before rendering a block (partials/sd-shell.html); a test compares the built site, byte
for byte, with the one Material renders without these overrides.
"""

from __future__ import annotations

from markupsafe import Markup

HEADER_TOPIC = 'data-md-component="header-topic"'
TOPIC_SPAN = '<span class="md-ellipsis">'
SWITCH = 'data-sd-switch href="{}"'  # the language switch's link (partials/header.html)
SLOT = "\x00"  # stands for the language switch's link; never in a page (the reader refuses it)


class ShellCache:
    """Rendered shell blocks by (block, folder key); one instance per build."""

    def __init__(self):
        self.blocks: dict[tuple[str, str], str] = {}
        self.headers: dict[str, tuple[str, str]] = {}  # around the title, SLOT for the switch
        self.reused = 0

    def has(self, block: str, key) -> bool:
        if not key:
            return False
        if block == "header":
            return key in self.headers
        return (block, key) in self.blocks

    def get(self, block: str, key) -> Markup:
        self.reused += 1
        return Markup(self.blocks[(block, key)])

    def keep(self, block: str, key, html) -> Markup:
        if key:
            self.blocks[(block, key)] = str(html)
        return Markup(html)

    def header(self, key, title: str, switch: str = "") -> Markup:
        before, after = self.headers[key]
        self.reused += 1
        return Markup((before + title + after).replace(SLOT, switch))

    def keep_header(self, key, html, title: str, switch: str = "") -> Markup:
        """The header around its page-specific parts: the title in the topic bar, and the
        link of the language switch (the same page in the other edition)."""
        text = str(html)
        start = text.find(HEADER_TOPIC)
        link = SWITCH.format(switch)
        if switch and text.count(link) != 1:
            return Markup(text)
        if key and title and start >= 0:
            opening = text.find(TOPIC_SPAN, start)
            at = opening + len(TOPIC_SPAN) if opening >= 0 else -1
            while 0 <= at < len(text) and text[at].isspace():
                at += 1
            if at >= 0 and text.startswith(title, at):
                parts = (text[:at], text[at + len(title) :])
                if switch:
                    slot = SWITCH.format(SLOT)
                    parts = (parts[0].replace(link, slot), parts[1].replace(link, slot))
                self.headers[key] = parts
        return Markup(text)
