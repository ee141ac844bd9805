"""What each language's search index was built from, so that a build sending Pagefind the
same pages keeps the index already in the site instead of building it again.

Pagefind has no incremental mode: any build indexed every page again (a quarter of a warm
build's processor time at 2,000 startups). A record, kept in the project's cache (never
published), lists for one language the digest of every page sent to Pagefind, in order,
and the entry and files of the index Pagefind wrote from them. A later build compares its
pages with the list as they come (search.SiteIndex): while they match, none is sent; at
the first difference, the pages already matched are read back from the site and sent,
then the rest as usual, so the index is the one a full indexing gives (tested).
The index is kept only when every page matched, the same Pagefind wrote it, and all its
files are in the site folder: they are named by their content (the metadata's name covers
every other's), so finding them there is finding that very index, whichever build left it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1  # this file's layout; a record of another is ignored
# Written by every WriteFiles, not named by their content: kept with a reused index.
RUNTIME = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")


def page_digest(path: str, part: str) -> str:
    """A page as Pagefind receives it: its path (its URL) and the part it reads."""
    return hashlib.blake2b(f"{path}\0{part}".encode(), digest_size=16).hexdigest()


def runtime_files(entry: dict[str, Any]) -> list[str]:
    """The files Pagefind writes whole at every WriteFiles for the languages of ``entry``:
    its script and each language's WebAssembly."""
    languages = entry.get("languages", {}).values()
    wasm = {language.get("wasm") or "unknown" for language in languages}
    return [*RUNTIME, *(f"wasm.{name}.pagefind" for name in sorted(wasm - {"unknown"}))]


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:  # pragma: no cover - the dependency is locked
        return ""


@dataclass(frozen=True)
class IndexRecord:
    """One language's index in one site folder: its entry and its pages' digests."""

    lang: str
    pagefind: str  # the version of Pagefind that wrote the index
    config: dict[str, Any]  # and the options it was given
    entry: dict[str, Any]  # Pagefind's entry for this language's index alone
    pages: tuple[str, ...]
    files: tuple[str, ...]  # the index's files, relative to its folder (pagefind/)

    def kept_in(self, folder: Path) -> bool:
        """Whether this index, and the code that reads it, are in ``folder`` (the site's
        pagefind/), whole."""
        names = (*self.files, *runtime_files(self.entry))
        return all((folder / name).is_file() for name in names)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "lang": self.lang,
            "pagefind": self.pagefind,
            "config": self.config,
            "entry": self.entry,
            "pages": list(self.pages),
            "files": list(self.files),
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class IndexRecords:
    """The records of the last indexes written, one file per language in ``folder``."""

    def __init__(self, folder: Path, config: dict[str, Any]) -> None:
        """``config``: the options Pagefind is given for an index."""
        self.folder = folder
        self.pagefind = pagefind_version()
        self.config = config

    def load(self, lang: str) -> IndexRecord | None:
        """The record of ``lang``'s last index, if this Pagefind wrote it with these options;
        None if there is none (first build, another Pagefind or options, an unreadable
        file)."""
        try:
            data = json.loads(self._path(lang).read_text(encoding="utf-8"))
            record = IndexRecord(
                lang=data["lang"],
                pagefind=data["pagefind"],
                config=data["config"],
                entry=data["entry"],
                pages=tuple(data["pages"]),
                files=tuple(data["files"]),
            )
            fits = (
                data["format"] == FORMAT
                and record.lang == lang
                and (record.pagefind, record.config) == (self.pagefind, self.config)
                and set(record.entry["languages"]) == {lang}
                and isinstance(record.entry["languages"][lang], dict)
                and all(isinstance(page, str) for page in record.pages)
                and all(_inside(name) for name in record.files)
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record if fits and self.pagefind else None

    def save(self, lang: str, entry: dict[str, Any], pages: list[str], files: list[str]) -> None:
        """The record of the index just written (replacing the file whole: a build stopped
        while writing leaves the previous record or none, never half of one)."""
        record = IndexRecord(lang, self.pagefind, self.config, entry, tuple(pages), tuple(files))
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(lang)
        staged = path.with_name(f".{path.name}.{os.getpid()}")
        staged.write_text(record.to_json(), encoding="utf-8")
        os.replace(staged, path)

    def _path(self, lang: str) -> Path:
        return self.folder / f"{lang or 'unknown'}.json"


def _inside(name: object) -> bool:
    """A file name of the index: relative, within its folder."""
    return isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/")
