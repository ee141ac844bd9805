"""Generated pages kept from one build to the next, by what they are made of.

A generated page is one template rendered with view models: frozen dataclasses of text,
numbers and tuples (viewmodels.py), whose ``repr`` spells every value. So a page is a
function of its template set, its title, description and options, and that ``repr``
(``page_key``): a build renders only the pages whose key it has not kept, and takes the
others as the last build left them (a warm build of 2,000 startups rendered 4,000 profiles
again for nothing). The generator's own files (templates, catalogues, code) and the
template engine's version go into every key: any change there renders every page again.
A context whose ``repr`` shows an object's address (no value of its own) is not kept.

Each edition's pages lie in ``<folder>/<lang>.json`` (format, then each key's place in
the blob and what rendering found: options, outline, anchors) and in the blob it names,
``<lang>-<digest>.bin``: the packed bodies one after the other (read whole, and used only
if its content is the one its name says).
Both are written whole, under new names, then the index renamed over the old one: a reader
finds the last complete pair or nothing. A malformed index is no index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from startupdir.images.images import write_atomic
from startupdir.site import urls

FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent  # startupdir/
ENGINE = ("jinja2", "markupsafe", "babel")  # rendering, escaping, numbers and dates


def code_digest(package: Path = PACKAGE) -> str:
    """The generator's files (``__pycache__`` aside) and the template engine's version."""
    digest = hashlib.blake2b(digest_size=16)
    for name in ENGINE:
        digest.update(f"{name} {version(name)}\0".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def page_key(code: str, page: tuple, context: dict[str, Any]) -> str | None:
    """The key of a page (its template, source, title, options…) rendered with
    ``context`` (None: a value that cannot be spelt out, the page is not kept)."""
    try:
        # pickle spells every value of every object, as repr does (fast, in C)
        data = pickle.dumps((code, page, sorted(context.items())), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class PageBodies:
    """The pages the last build generated, by key (``get``), and this build's (``save``)."""

    def __init__(self, folder: Path, code: str | None = None) -> None:
        self.folder = folder
        self.code = code_digest() if code is None else code
        self.indexes: dict[str, dict[str, Any]] = {}
        self.blob_names: dict[str, str] = {}
        for lang in urls.PREFIXES:
            self.indexes[lang], self.blob_names[lang] = self._load(lang)
        self.blobs: dict[str, bytes | None] = {}

    def get(self, key: str | None, lang: str) -> tuple[bytes, Kept] | None:
        """A page's packed body and what rendering found, if the last build kept it."""
        entry = self.indexes.get(lang, {}).get(key) if key else None
        kept = _kept(entry)
        blob = self._blob(lang) if kept is not None else None
        if kept is None or blob is None or kept.end > len(blob):
            return None
        return blob[kept.start : kept.end], kept

    def save(self, pages: Iterable[Any]) -> None:
        """Keep the pages of this build that have a key, each edition's apart; an edition
        whose pages are those kept already is not written again."""
        by_lang: dict[str, dict[str, Any]] = {lang: {} for lang in self.indexes}
        for page in pages:
            if page.key:
                by_lang[urls.language_of(page.src_uri)][page.key] = page
        for lang, kept in by_lang.items():
            if kept.keys() != self.indexes[lang].keys() or not self._intact(lang):
                self._write(lang, kept)

    def _intact(self, lang: str) -> bool:
        """Whether every page of ``lang``'s index can be read back (else it is written
        again, even with the same keys)."""
        blob = self._blob(lang)
        kept = [_kept(entry) for entry in self.indexes[lang].values()]
        return blob is not None and all(k is not None and k.end <= len(blob) for k in kept)

    def _write(self, lang: str, pages: dict[str, Any]) -> None:
        entries: dict[str, Any] = {}
        blob = bytearray()
        for key, page in pages.items():
            entries[key] = {
                "at": [len(blob), len(page.packed)],
                "hide": list(page.hide),
                "toc": list(page.toc),
                "anchors": sorted(page.anchors),
            }
            blob += page.packed
        name = _blob_name(lang, bytes(blob))
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / name, bytes(blob))
        index = {"format": FORMAT, "code": self.code, "blob": name, "pages": entries}
        write_atomic(self.folder / f"{lang}.json", json.dumps(index).encode("utf-8"))
        for old in self.folder.glob(f"{lang}-*.bin"):
            if old.name != name:
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()

    def _load(self, lang: str) -> tuple[dict[str, Any], str]:
        """The last build's index of ``lang`` and its blob's name, if the index is well
        formed and of this code (else nothing)."""
        try:
            index = json.loads((self.folder / f"{lang}.json").read_bytes())
            pages, blob = index["pages"], index["blob"]
            valid = (
                index["format"] == FORMAT
                and index["code"] == self.code
                and isinstance(pages, dict)
                and isinstance(blob, str)
                and Path(blob).name == blob
            )
        except (OSError, ValueError, KeyError, TypeError):
            return {}, ""
        return (pages, blob) if valid else ({}, "")

    def _blob(self, lang: str) -> bytes | None:
        """The blob of ``lang``, read once per process, if its content is that of its name."""
        if lang not in self.blobs:
            name = self.blob_names[lang]
            self.blobs[lang] = _read_blob(self.folder / name, lang) if name else None
        return self.blobs[lang]


@dataclass(frozen=True)
class Kept:
    """Where a kept page's body lies in its blob, and what rendering it found."""

    start: int
    end: int
    hide: tuple[str, ...]
    toc: tuple[dict, ...]
    anchors: frozenset[str]


def _kept(entry: Any) -> Kept | None:
    """An index entry, checked (None: malformed, the page is rendered)."""
    try:
        start, length = entry["at"]
        hide, toc, anchors = entry["hide"], entry["toc"], entry["anchors"]
        strings = all(isinstance(s, str) for s in (*hide, *anchors))
        numbers = all(type(n) is int and n >= 0 for n in (start, length))
        if not (strings and numbers and all(isinstance(t, dict) for t in toc)):
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return Kept(start, start + length, tuple(hide), tuple(toc), frozenset(anchors))


def _read_blob(path: Path, lang: str) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if path.name == _blob_name(lang, data) else None


def _blob_name(lang: str, data: bytes) -> str:
    return f"{lang}-{hashlib.blake2b(data, digest_size=16).hexdigest()}.bin"
