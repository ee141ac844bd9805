"""Logos and share images: checked, normalised, cached by content hash.

Contributors' files are untrusted. ``check_logo`` accepts PNG, JPEG and WebP only, detected
from the content (Pillow opens with an explicit format allowlist, so no other decoder ever
parses the file), within size limits, with decompression-bomb warnings treated as errors and
the pixels fully decoded once to catch truncated files.

SVG is rejected for now: Pillow cannot rasterise it, and a safe SVG allowlist sanitiser is more
risk than value at this stage; contributors are asked for a PNG export instead.

``ImagePipeline`` never serves a contributor's file as is: it writes normalised copies (square,
padded, sRGB, metadata stripped, WebP with a PNG fallback) named by the hash of their content,
and placeholders and Open Graph cards rendered with the shipped DejaVu Sans font. Every result
is cached on disk under a key derived from its inputs and ``PIPELINE_VERSION``: a warm run reads
small JSON manifests and decodes or encodes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import (
    Image,
    ImageColor,
)

from startupdir.images.cards import (
    render_challenge_card,
    render_placeholder,
    render_post_card,
    render_startup_card,
)
from startupdir.images.checks import InvalidLogo, Problem, check_logo, open_checked
from startupdir.images.layout import HAS_RAQM, initials
from startupdir.images.normalise import fit_square, prepare_logo

PIPELINE_VERSION = "4"
INDEX_FILE = "index.json"

LOGO_SIZES = {"card": 96, "header": 192}
LOGO_URL_DIR = "assets/img/logos"
SHARE_URL_DIR = "assets/img/og"
# Outside the "mkdocs" logger tree on purpose: MkDocs' strict mode turns every warning of
# that tree into an error, and a logo whose metadata we ignore still builds.
log = logging.getLogger("startupdir.images")
# Rendering a card or a logo takes milliseconds: a few dozen are worth another process.
PARALLEL_MIN_ITEMS = 48


def one_process(
    render: Callable[[Sequence[Any]], list[Any]],
    items: Sequence[Any],
    workers: int | None = None,
    *,
    min_items: int = 0,
) -> list[Any]:
    """``render(items)`` here: the default ``spread`` of ``startup_images`` (the site
    passes ``startupdir.content.parallel.map_chunks``, of the same signature, which this
    room may not import)."""
    return render(items)


# ---------------------------------------------------------------------------
# Colours


def _hex(color: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*ImageColor.getrgb(color)[:3])


# ---------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class ImageRef:
    """One image of the site: where it is served and which cache files to copy there."""

    url: str
    width: int
    height: int
    fallback_url: str | None = None
    files: Mapping[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class LogoImages:
    """A logo (or its placeholder) at the sizes the site uses."""

    card: ImageRef
    header: ImageRef
    placeholder: bool = False

    @property
    def files(self) -> dict[str, Path]:
        return {**self.card.files, **self.header.files}


@dataclass(frozen=True)
class StartupImages:
    """What a profile's images are made of (one item of ``ImagePipeline.startup_images``)."""

    name: str
    tagline: str
    sector_label: str
    city_label: str
    logo: Path | None
    color: str
    site_name: str


class _NotCached(Exception):
    """Raised by a pipeline in ``cached_only`` mode instead of rendering."""


# ---------------------------------------------------------------------------
# The cached pipeline


class ImagePipeline:
    """Produces the site's images, cached under ``cache_dir`` by a hash of their inputs.

    ``decoded`` and ``encoded`` count images actually decoded and encoded by this instance:
    both stay at 0 when every result comes from the cache.
    """

    def __init__(self, cache_dir: Path, index: dict[str, Any] | None = None):
        self.cache_dir = Path(cache_dir)
        self.decoded = 0
        self.encoded = 0
        self.hits = 0
        self.index = self._load_index() if index is None else index
        self.added: dict[str, dict[str, Any]] = {}
        self.cached_only = False  # raise _NotCached rather than render (see _each)

    def fresh(self) -> ImagePipeline:
        """A pipeline on the same cache and index, with its own counters and additions
        (for a chunk of work that may run in another process), merged back by absorb()."""
        return ImagePipeline(self.cache_dir, index=self.index)

    def work(self) -> dict[str, Any]:
        """What this pipeline did, small enough to send back from another process."""
        return {
            "added": self.added,
            "decoded": self.decoded,
            "encoded": self.encoded,
            "hits": self.hits,
        }

    def absorb(self, work: dict[str, Any]) -> None:
        self.index.update(work["added"])
        self.added.update(work["added"])
        self.decoded += work["decoded"]
        self.encoded += work["encoded"]
        self.hits += work["hits"]

    # Logos ------------------------------------------------------------------

    def check_logo(self, src: Path) -> list[Problem]:
        """``check_logo`` with its verdict cached by the file's content."""
        try:
            data = src.read_bytes()
        except OSError:
            return check_logo(src)
        key = _cache_key("check", _sha256(data))
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return [(message, hint) for message, hint in manifest["problems"]]
        self.decoded += 1
        problems = check_logo(src)
        self._write_manifest(key, {"problems": problems, "files": {}})
        return problems

    def logo(self, src: Path) -> LogoImages:
        """Normalised copies of a logo; raises ``InvalidLogo`` if ``check_logo`` rejects it."""
        data = src.read_bytes()
        key = _cache_key("logo", _sha256(data))
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return self._logo_from(manifest, key)
        self._render_allowed()
        self.decoded += 1
        image, problems = open_checked(io.BytesIO(data), len(data))
        if image is None:
            raise InvalidLogo(src, problems)
        ignored: list[str] = []
        prepared = prepare_logo(image, ignored)
        for what in ignored:
            log.warning(
                "%s : %s illisibles, ignorées (le logo est publié sans elles) — réenregistrez "
                "l'image avec un logiciel de dessin pour les corriger",
                src.as_posix(),
                what,
            )
        renders = {role: fit_square(prepared, side) for role, side in LOGO_SIZES.items()}
        return self._store_logo(key, renders, placeholder=False, lossless=False)

    def placeholder(self, name: str, color: str) -> LogoImages:
        """A logo made of the name's initials on the colour; same bytes for the same input."""
        letters = initials(name)
        color = _hex(color)
        key = _cache_key("placeholder", letters, color)
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return self._logo_from(manifest, key)
        renders = {
            role: render_placeholder(letters, color, side) for role, side in LOGO_SIZES.items()
        }
        return self._store_logo(key, renders, placeholder=True, lossless=True)

    # Share cards ------------------------------------------------------------

    def share_card_startup(
        self,
        name: str,
        tagline: str,
        sector_label: str,
        city_label: str,
        logo: LogoImages | None,
        color: str,
        site_name: str,
    ) -> ImageRef:
        """The 1200 × 630 Open Graph image of a profile."""
        color = _hex(color)
        logo_url = logo.header.url if logo else None
        inputs = [name, tagline, sector_label, city_label, logo_url, color, site_name, HAS_RAQM]
        key = _cache_key("share-startup", *inputs)
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"], key)
        self._render_allowed()
        # No logo: the placeholder is drawn in memory, not encoded as files nobody serves.
        logo_image = self._load_logo_png(logo) or render_placeholder(
            initials(name), color, LOGO_SIZES["header"]
        )
        card = render_startup_card(
            name, tagline, sector_label, city_label, logo_image, color, site_name
        )
        return self._store_card(key, card)

    def share_card_post(self, title: str, date_label: str, site_name: str, color: str) -> ImageRef:
        """The 1200 × 630 Open Graph image of a news post (site name and colour: the
        directory's identity)."""
        color = _hex(color)
        key = _cache_key("share-post", title, date_label, site_name, color, HAS_RAQM)
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"], key)
        return self._store_card(key, render_post_card(title, date_label, color, site_name))

    def share_card_challenge(
        self, title: str, company: str, deadline_label: str, site_name: str, color: str
    ) -> ImageRef:
        """The 1200 × 630 Open Graph image of an open-innovation challenge."""
        color = _hex(color)
        inputs = (title, company, deadline_label, site_name, color, HAS_RAQM)
        key = _cache_key("share-challenge", *inputs)
        manifest = self._read_manifest(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"], key)
        card = render_challenge_card(title, company, deadline_label, color, site_name)
        return self._store_card(key, card)

    # Many at once, on every core ---------------------------------------------

    def startup_images(
        self,
        items: Sequence[StartupImages],
        *,
        spread: Callable[..., list[Any]] = one_process,
        workers: int | None = None,
        min_items: int = PARALLEL_MIN_ITEMS,
    ) -> list[tuple[LogoImages | None, ImageRef]]:
        """Each profile's normalised logo (None without one) and share card, in order.

        What the cache lacks goes through ``spread(render, items, workers, min_items=…)``:
        with ``map_chunks``, on every core. Each result depends on its own inputs only, so
        the files are the same bytes as in one process.
        """
        paths = sorted({item.logo for item in items if item.logo is not None})
        made = self._each(_logo_of, paths, spread, workers, min_items)
        logos = dict(zip(paths, made, strict=True))
        cards = self._each(
            _card_of,
            [(item, None if item.logo is None else logos[item.logo]) for item in items],
            spread,
            workers,
            min_items,
        )
        return [
            (None if item.logo is None else logos[item.logo], card)
            for item, card in zip(items, cards, strict=True)
        ]

    def _each(
        self,
        call: Callable[[ImagePipeline, Any], Any],
        items: Sequence[Any],
        spread: Callable[..., list[Any]],
        workers: int | None,
        min_items: int,
    ) -> list[Any]:
        """``call(self, item)`` for each item: cache hits here, the rest across processes."""
        results: list[Any] = [None] * len(items)
        missing: list[int] = []
        self.cached_only = True
        try:
            for position, item in enumerate(items):
                try:
                    results[position] = call(self, item)
                except _NotCached:
                    missing.append(position)
        finally:
            self.cached_only = False

        def render(chunk: Sequence[int]) -> list[tuple[list[Any], dict[str, Any]]]:
            pipeline = self.fresh()  # may run in a forked process: results travel back
            return [([call(pipeline, items[position]) for position in chunk], pipeline.work())]

        done = iter(missing)
        for part, work in spread(render, missing, workers, min_items=min_items):
            self.absorb(work)
            for result in part:
                results[next(done)] = result
        return results

    def _render_allowed(self) -> None:
        if self.cached_only:
            raise _NotCached

    # Storage ----------------------------------------------------------------

    def _store_logo(
        self, key: str, renders: dict[str, Image.Image], *, placeholder: bool, lossless: bool
    ) -> LogoImages:
        entries = {}
        for role, image in renders.items():
            webp = self._encode(image, "WEBP", lossless=lossless)
            png = self._encode(image, "PNG")
            entries[role] = {
                "url": self._put(key, webp, ".webp", LOGO_URL_DIR),
                "fallback_url": self._put(key, png, ".png", LOGO_URL_DIR),
                "width": image.width,
                "height": image.height,
            }
        manifest = {"images": entries, "placeholder": placeholder}
        self._write_manifest(key, {**manifest, "files": _files_of(entries.values())})
        return self._logo_from(manifest, key)

    def _store_card(self, key: str, card: Image.Image) -> ImageRef:
        # Rendered as a palette image (cards._Canvas): a third of full RGB, as sharp.
        png = self._encode(card, "PNG")
        entry = {
            "url": self._put(key, png, ".png", SHARE_URL_DIR),
            "fallback_url": None,
            "width": card.width,
            "height": card.height,
        }
        self._write_manifest(key, {"images": {"card": entry}, "files": _files_of([entry])})
        return self._ref_from(entry, key)

    def _encode(self, image: Image.Image, kind: str, *, lossless: bool = False) -> bytes:
        buffer = io.BytesIO()
        if kind == "WEBP" and lossless:
            image.save(buffer, "WEBP", lossless=True, quality=60, method=3)
        elif kind == "WEBP":
            image.save(buffer, "WEBP", quality=90)
        else:
            image.save(buffer, "PNG")
        self.encoded += 1
        return buffer.getvalue()

    def _put(self, key: str, data: bytes, suffix: str, url_dir: str) -> str:
        name = _sha256(data)[:16] + suffix
        write_atomic(self.cache_dir / key / name, data)
        return f"{url_dir}/{name}"

    def _write_manifest(self, key: str, content: dict[str, Any]) -> None:
        payload = {"version": PIPELINE_VERSION, **content}
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        write_atomic(self.cache_dir / key / "manifest.json", text.encode())
        self.index[key] = self.added[key] = payload

    def _read_manifest(self, key: str) -> dict[str, Any] | None:
        folder = self.cache_dir / key
        manifest = self.index.get(key)
        if manifest is None:
            try:
                manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
            except (OSError, ValueError):
                return None
            if not isinstance(manifest, dict) or manifest.get("version") != PIPELINE_VERSION:
                return None
        base = str(folder)
        if not all(
            os.path.isfile(os.path.join(base, n)) for n in manifest.get("files", {}).values()
        ):
            self.index.pop(key, None)
            return None
        if key not in self.index:
            self.index[key] = self.added[key] = manifest
        return manifest

    def _load_index(self) -> dict[str, Any]:
        try:
            data = json.loads((self.cache_dir / INDEX_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != PIPELINE_VERSION:
            return {}
        manifests = data.get("manifests")
        return manifests if isinstance(manifests, dict) else {}

    def save(self) -> None:
        """Merge this run's manifests into the cache's index: a warm build then reads one
        file instead of one manifest per image (each manifest stays the reference)."""
        if not self.added:
            return
        manifests = {**self._load_index(), **self.added}
        data = {"version": PIPELINE_VERSION, "manifests": manifests}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_atomic(self.cache_dir / INDEX_FILE, text.encode())
        self.added = {}

    def _logo_from(self, manifest: dict[str, Any], key: str) -> LogoImages:
        images = manifest["images"]
        return LogoImages(
            card=self._ref_from(images["card"], key),
            header=self._ref_from(images["header"], key),
            placeholder=bool(manifest.get("placeholder")),
        )

    def _ref_from(self, entry: dict[str, Any], key: str) -> ImageRef:
        urls = [entry["url"]] + ([entry["fallback_url"]] if entry.get("fallback_url") else [])
        folder = self.cache_dir / key
        return ImageRef(
            url=entry["url"],
            width=entry["width"],
            height=entry["height"],
            fallback_url=entry.get("fallback_url"),
            files={url: folder / url.rsplit("/", 1)[1] for url in urls},
        )

    def _load_logo_png(self, logo: LogoImages | None) -> Image.Image | None:
        if logo is None:
            return None
        url = logo.header.fallback_url or logo.header.url
        with Image.open(logo.header.files[url], formats=["PNG", "WEBP"]) as image:
            image.load()
            self.decoded += 1
            return image.convert("RGBA")


def _logo_of(pipeline: ImagePipeline, path: Path) -> LogoImages:
    return pipeline.logo(path)


def _card_of(pipeline: ImagePipeline, job: tuple[StartupImages, LogoImages | None]) -> ImageRef:
    item, logo = job
    return pipeline.share_card_startup(
        item.name,
        item.tagline,
        item.sector_label,
        item.city_label,
        logo,
        item.color,
        item.site_name,
    )


def _files_of(entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    files = {}
    for entry in entries:
        for url in (entry["url"], entry.get("fallback_url")):
            if url:
                files[url] = url.rsplit("/", 1)[1]
    return files


def _cache_key(kind: str, *inputs: Any) -> str:
    payload = json.dumps([PIPELINE_VERSION, kind, *inputs], ensure_ascii=False)
    return _sha256(payload.encode())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
