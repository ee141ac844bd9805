"""The hostile news-post routes shared by the post validation tests (content/) and the
built-site tests (site/): fixture names, and an HTML balance checker."""

from __future__ import annotations

from html.parser import HTMLParser

from startupdir.content import posthtml

# Ways into the published page that a check of the Markdown source cannot see: one
# invalid fixture each, also built with the text checks off (test_news_site.py) to show
# that the cleaning alone neutralises them.
ROUTES = (
    "reference-in-quote",
    "reference-in-list",
    "attribute-list-brace",
    "newline-in-scheme",
    "mermaid-diagram",
    "image-elsewhere",
    "image-srcset",
    "style-background",
    "link-ping",
    "video-elsewhere",
    "plaintext",
    "unclosed-textarea",
    "closing-layout-tags",
    "reserved-heading-id",
)
# Links that MkDocs' strict build (validation: links: warn) would stop on, in English.
BUILD_WARNINGS = (
    "absolute-link",
    "missing-page",
    "directory-link",
    "missing-anchor",
    "missing-anchor-other-post",
    "link-to-draft",
)


class Balance(HTMLParser):
    """Every end tag closes the innermost open element; nothing is left open."""

    VOID = posthtml.VOID

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.feed(text)
        self.close()
        self.errors += [f"<{t}> left open" for t in self.open]

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()
