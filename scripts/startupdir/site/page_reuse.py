"""Built pages taken as the last build wrote them, when nothing they are made of changed.

Material renders a generated page from the page itself (its generated body, which
page_cache.py keys by what it is made of, its title, URLs, share image, twin in the other
edition and tab) and from what every page shares: the configuration, both navigations, the
theme's files, the generator's code, the engines' versions, the directory's identity, the
footer. ``site_digest`` spells the shared part once per build, ``output_key`` a page's whole
recipe. Each language's record, ``.cache/pages/<lang>-built.json``, holds each written
page's key and the digest of its bytes: a page whose key is the record's, and whose file in
the output folder has those bytes (whichever build left it there), is not rendered again
(writing.py adopts the file). Only generated pages outside the navigation are candidates: a
page in the navigation has neighbours, which would be part of its recipe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import entry_points, version
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from startupdir.images.images import write_atomic

FORMAT = 1
ENGINES = ("jinja2", "markupsafe")  # besides every package of MkDocs plugins and themes
# Where this build runs, not what it builds (startupdir build renders into a new folder).
PLACES = frozenset({"config_file_path", "site_dir", "dev_addr", "watch"})


def site_digest(config: Mapping, navigations: list, shared: Any, code: str) -> str:
    """What every page is rendered with: ``config`` (as loaded, every value spelt out),
    ``navigations``, ``shared`` (values the plugin gives every page), ``code`` (the
    generator's files), the engines' versions and the files of the directory's theme."""
    parts = {
        "code": code,
        "engines": engine_versions(),
        "config": {k: plain(v) for k, v in config.items() if k not in PLACES},
        "navigations": [[outline(item) for item in nav.items] for nav in navigations],
        "shared": plain(shared),
        "theme": tree_digest(config["theme"].custom_dir),
    }
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=20).hexdigest()


def engine_versions() -> list[str]:
    """The template engine's version and that of every installed package of MkDocs plugins
    or themes (MkDocs, Material, any other a configuration may name)."""
    packages = {
        f"{point.dist.name} {point.dist.version}"
        for group in ("mkdocs.plugins", "mkdocs.themes")
        for point in entry_points(group=group)
        if point.dist is not None
    }
    return sorted(packages | {f"{name} {version(name)}" for name in ENGINES})


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: mappings, sequences, plugins (their configuration),
    functions by their name, anything else by its repr (an object without a repr of its
    own by its type: it holds nothing a page prints)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, BasePlugin):
        return plain(value.config)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(plain(v)) for v in value)
    if isinstance(value, ModuleType):  # a hook of mkdocs.yml: its code
        return tree_digest(value.__file__) if value.__file__ else value.__name__
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def outline(item) -> Any:
    """A navigation entry: its kind, title, URL and children."""
    if isinstance(item, Section):
        return ["section", item.title, [outline(child) for child in item.children]]
    if isinstance(item, Page):
        return ["page", item.title, item.url, item.file.src_uri]
    if isinstance(item, Link):
        return ["link", item.title, item.url]
    return [type(item).__qualname__, getattr(item, "title", None), getattr(item, "url", None)]


def tree_digest(place: str | None) -> str:
    """Every file under ``place`` (the directory's theme overrides), or the file it is,
    by path and content."""
    digest = hashlib.blake2b(digest_size=16)
    top = Path(place) if place else None
    files = [] if top is None else [top] if top.is_file() else sorted(top.rglob("*"))
    for path in files:
        if path.is_file() and top is not None:
            digest.update(path.relative_to(top).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def output_key(site: str, page, recipe: Mapping[str, Any]) -> str | None:
    """A generated page's key: ``site``, its generated body's key (page_cache.py), its
    source, URLs and title, and ``recipe`` (what the plugin adds: share image, twin, tab).
    None for a page whose body has no key."""
    item = getattr(page, "item", None)
    if item is None or not item.key:
        return None
    parts = [
        site,
        item.key,
        page.file.src_uri,
        page.url,
        page.title,
        page.canonical_url,
        page.edit_url,
        plain(recipe),
    ]
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=20).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def read_digest(path: str) -> str | None:
    """The digest of a file's bytes (None: no such file)."""
    try:
        with open(path, "rb") as stream:
            return file_digest(stream.read())
    except OSError:
        return None


class BuiltRecords:
    """Each language's built pages: ``{dest_uri: [key, digest of the bytes]}``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, lang: str) -> Path:
        return self.folder / f"{lang}-built.json"

    def load(self, lang: str) -> dict[str, tuple[str, str]]:
        """The record of ``lang`` (empty when missing or malformed)."""
        try:
            data = json.loads(self.path(lang).read_bytes())
            pages = data["pages"] if data["format"] == FORMAT else {}
            return {
                str(dest): (key, digest)
                for dest, (key, digest) in pages.items()
                if isinstance(key, str) and isinstance(digest, str)
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def save(self, lang: str, pages: Mapping[str, tuple[str, str]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "pages": {dest: list(kd) for dest, kd in pages.items()}}
        write_atomic(self.path(lang), json.dumps(data, sort_keys=True).encode("utf-8"))
