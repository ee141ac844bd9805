"""The generated block of the « À propos / Presse » page (marker `<!-- startupdir:presse -->`):
the key figures counted from the data, the pinned announcement post, the contacts from
directory.yml and the site's logos to download (the images of the directory's
`overrides/assets/images/`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from startupdir.content import french
from startupdir.content.render import environment
from startupdir.site import urls
from startupdir.site.news import NewsLink
from startupdir.site.pages import compact
from startupdir.site.views import Views

MARKER = "<!-- startupdir:presse -->"
STATISTICS = "statistiques.md"
IMAGES = "assets/images"  # in the theme's custom_dir, served at the same path
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
NBSP = "\u00a0"


@dataclass(frozen=True)
class Download:
    name: str
    url: str  # from the site root
    details: str  # « PNG, 512 × 512 px, 12 Ko »


def size_text(size: int) -> str:
    return f"{french.number(max(1, round(size / 1024)))}{NBSP}Ko"


def downloads(custom_dir: str | Path | None) -> list[Download]:
    """The site's logos and icons, by file name."""
    if not custom_dir:
        return []
    folder = Path(custom_dir) / IMAGES
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format or path.suffix.lstrip(".").upper()
        details = (
            f"{kind}, {french.number(width)}{NBSP}×{NBSP}{french.number(height)}"
            f"{NBSP}px, {size_text(path.stat().st_size)}"
        )
        out.append(Download(path.name, f"{IMAGES}/{path.name}", details))
    return out


def about_block(
    views: Views, announcements: list[NewsLink], files: list[Download], base: str
) -> str:
    identity = views.site.identity
    html = (
        environment("startupdir.site")
        .get_template("about.html.j2")
        .render(
            base=base,
            t=views.tr.html,
            lang=views.lang,
            statistics_url=urls.source_to_url(
                urls.TWIN_SOURCES[STATISTICS] if views.lang == "en" else STATISTICS
            ),
            figures=views.figures(),
            announcements=announcements,
            contact=identity.contact if identity else "",
            press=identity.press if identity else "",
            downloads=files,
        )
    )
    return compact(html)
