"""The site's two editions in MkDocs: the English navigation, the edition of a page, its
interface strings for the theme partials, and each page's twin in the other edition."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from startupdir.site import urls
from startupdir.site.i18n import catalogue


def page_language(page) -> str:
    """The edition of a page (theme partials: ``sd_lang(page)``); French for none (404)."""
    return urls.language_of(page.url) if page is not None and page.url else "fr"


def translate(lang: str, key: str, **params) -> str:
    """An interface string of an edition, as text (theme partials: ``sd_t(lang, key)``,
    escaped there with ``| e`` where it goes into markup)."""
    return catalogue(lang).t(key, **params)


def english_navigation(entries, french: Navigation, files: Files) -> Navigation:
    """The English edition's navigation: its pages already exist (MkDocs made a Page for
    every file outside the French navigation)."""
    if entries is None:
        twins = (urls.twin_source(p.file.src_uri) for p in french.items if isinstance(p, Page))
        entries = [{None: twin} for twin in twins if twin]
    items = []
    for entry in entries:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise PluginError(
                f"english_nav : entrée non reconnue ({entry!r}) ; écrivez « - Titre: page.md »."
            )
        ((title, path),) = entry.items()
        file = files.get_file_from_path(path)
        if file is None or not isinstance(file.page, Page):
            raise PluginError(
                f"english_nav : la page {path} n'existe pas ; indiquez un fichier sous content/en/."
            )
        if title:
            file.page.title = title
        items.append(file.page)
    return Navigation(items, items)


def twin_links(page, files: Files, site_url: str) -> dict:
    """The page in the other edition: the language switch's target (the same page when it
    exists, else the other edition's news or home page) and, for a real twin, the hreflang
    links of both (French as the default)."""
    lang = urls.language_of(page.url)
    src = page.file.src_uri
    other = "fr" if lang == "en" else "en"
    twin = urls.twin_source(src)
    exists = twin is not None and files.get_file_from_path(twin) is not None
    if twin is None or not exists:
        in_news = src.startswith((urls.NEWS, urls.EN_NEWS))
        news = urls.TWIN_SOURCES[urls.NEWS + "index.md"] if lang == "fr" else urls.NEWS + "index.md"
        twin = news if in_news else urls.home_source(other)
    target = files.get_file_from_path(twin)
    # A file's URL (a post's is Material's blog's); "./" is MkDocs' URL of the home page.
    target_url = target.url.removeprefix("./") if target is not None else urls.home(other)
    alternates = []
    if exists and target is not None:
        french = page.url if lang == "fr" else target_url
        alternates = [
            {"lang": lang, "url": urls.absolute(site_url, page.url)},
            {"lang": other, "url": urls.absolute(site_url, target_url)},
            {"lang": "x-default", "url": urls.absolute(site_url, french)},
        ]
    return {"sd_switch": {"lang": other, "url": target_url}, "sd_alternates": alternates}
