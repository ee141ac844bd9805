"""Logos and share images: checked, normalised, cached by content hash.

Contributors' files are untrusted. ``check_logo`` accepts PNG, JPEG and WebP only, detected
from the content (Pillow opens with an explicit format allowlist, so no other decoder ever
parses the file), within size limits, with decompression-bomb warnings treated as errors and
the pixels fully decoded once to catch truncated files.

SVG is rejected for now: Pillow cannot rasterise it, and a safe SVG allowlist sanitiser is more
risk than value at this stage; contributors are asked for a PNG export instead.

``ImagePipeline`` never serves a contributor's file as is: it writes normalised copies (square,
padded, sRGB, metadata stripped, WebP with a PNG fallback) named by the hash of their content,
and placeholders and Open Graph cards rendered with the shipped DejaVu Sans font. Every file
lies flat in one folder of the cache, named by its content; what each result is made of (its
manifest) is kept under a key derived from its inputs and ``PIPELINE_VERSION`` in one index,
written once per build: a warm run reads that index and lists the folder (and the cache) once,
and decodes, encodes or writes nothing. The pipeline that lists them also sweeps them of what
no build reads any more (``sweep``: interrupted writes, older versions' folders).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import (
    Image,
    ImageColor,
)

from startupdir.images.cards import (
    Card,
    render_challenge_card,
    render_placeholder,
    render_post_card,
    render_startup_card,
)
from startupdir.images.checks import InvalidLogo, Problem, check_logo, open_checked
from startupdir.images.layout import HAS_RAQM, initials
from startupdir.images.normalise import fit_square, prepare_logo
from startupdir.images.sweep import TEMP_PREFIX, file_system_now, list_names, sweep

PIPELINE_VERSION = "8"
INDEX_FILE = "index.json"
FILES_DIR = "files"  # every image of the cache, flat, named by its content
# zlib's default for the logos' PNG copies, pinned so a Pillow upgrade cannot change their
# bytes (nor their names). Share cards are deflated by cards.Card.png (see cardpng).
PNG_COMPRESS_LEVEL = 6

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
    both stay at 0 when every result comes from the cache. ``present`` holds the names of the
    files in the cache's folder: an index entry whose files are not all there is ignored.
    Without ``present``, the pipeline lists the folder, and sweeps it and the cache first.
    """

    def __init__(
        self,
        cache_dir: Path,
        index: dict[str, Any] | None = None,
        present: set[str] | None = None,
    ):
        self.cache_dir = Path(cache_dir)
        self.files_dir = self.cache_dir / FILES_DIR
        self.decoded = 0
        self.encoded = 0
        self.hits = 0
        self.present = self._take_stock() if present is None else present
        self.index = self._load_index() if index is None else index
        self.added: dict[str, dict[str, Any]] = {}
        self.cached_only = False  # raise _NotCached rather than render (see _each)

    def fresh(self) -> ImagePipeline:
        """A pipeline on the same cache, index and files, with its own counters and additions
        (for a chunk of work that may run in another process), merged back by absorb()."""
        return ImagePipeline(self.cache_dir, index=self.index, present=self.present)

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
        for manifest in work["added"].values():
            self.present.update(_names_of(manifest))
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
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return [(message, hint) for message, hint in manifest["problems"]]
        self.decoded += 1
        problems = check_logo(src)
        self._keep(key, {"problems": problems})
        return problems

    def logo(self, src: Path) -> LogoImages:
        """Normalised copies of a logo; raises ``InvalidLogo`` if ``check_logo`` rejects it."""
        data = src.read_bytes()
        key = _cache_key("logo", _sha256(data))
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return self._logo_from(manifest)
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
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return self._logo_from(manifest)
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
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"])
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
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"])
        return self._store_card(key, render_post_card(title, date_label, color, site_name))

    def share_card_challenge(
        self, title: str, company: str, deadline_label: str, site_name: str, color: str
    ) -> ImageRef:
        """The 1200 × 630 Open Graph image of an open-innovation challenge."""
        color = _hex(color)
        inputs = (title, company, deadline_label, site_name, color, HAS_RAQM)
        key = _cache_key("share-challenge", *inputs)
        manifest = self.index.get(key)
        if manifest is not None:
            self.hits += 1
            return self._ref_from(manifest["images"]["card"])
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
                "url": self._put(webp, ".webp", LOGO_URL_DIR),
                "fallback_url": self._put(png, ".png", LOGO_URL_DIR),
                "width": image.width,
                "height": image.height,
            }
        manifest = {"images": entries, "placeholder": placeholder}
        self._keep(key, manifest)
        return self._logo_from(manifest)

    def _store_card(self, key: str, card: Card) -> ImageRef:
        # Rendered as a palette image (cards._Canvas): a third of full RGB, as sharp.
        png = card.png()
        self.encoded += 1
        entry = {
            "url": self._put(png, ".png", SHARE_URL_DIR),
            "fallback_url": None,
            "width": card.image.width,
            "height": card.image.height,
        }
        self._keep(key, {"images": {"card": entry}})
        return self._ref_from(entry)

    def _encode(self, image: Image.Image, kind: str, *, lossless: bool = False) -> bytes:
        buffer = io.BytesIO()
        if kind == "WEBP" and lossless:
            image.save(buffer, "WEBP", lossless=True, quality=60, method=3)
        elif kind == "WEBP":
            image.save(buffer, "WEBP", quality=90)
        else:
            image.save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL)
        self.encoded += 1
        return buffer.getvalue()

    def _put(self, data: bytes, suffix: str, url_dir: str) -> str:
        """The file's address; written to the cache unless a file of that content is there."""
        name = _sha256(data)[:16] + suffix
        if name not in self.present:
            write_atomic(self.files_dir / name, data)
            self.present.add(name)
        return f"{url_dir}/{name}"

    def _keep(self, key: str, manifest: dict[str, Any]) -> None:
        """Record a result for this build and for save() (no file of its own)."""
        self.index[key] = self.added[key] = manifest

    def _take_stock(self) -> set[str]:
        """The names in the cache's folder, once the leftovers older than this build are
        removed from it and from the cache (the folder and the index are never leftovers)."""
        names = list_names(self.files_dir)
        try:
            started = file_system_now(self.cache_dir)
        except FileNotFoundError:
            return names  # a first build: nothing left over
        sweep(self.cache_dir, list_names(self.cache_dir), started)
        return names - sweep(self.files_dir, names, started)

    def _read_index(self) -> dict[str, Any]:
        try:
            data = json.loads((self.cache_dir / INDEX_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != PIPELINE_VERSION:
            return {}
        manifests = data.get("manifests")
        return manifests if isinstance(manifests, dict) else {}

    def _load_index(self) -> dict[str, Any]:
        """The saved manifests whose files are all in the cache (a missing one: rebuilt)."""
        return {
            key: manifest
            for key, manifest in self._read_index().items()
            if self.present.issuperset(_names_of(manifest))
        }

    def save(self) -> None:
        """Merge this run's manifests into the cache's index, in one write: the only record
        of what each cached file is (a build that stops before it renders again next time,
        and finds its files already written)."""
        if not self.added:
            return
        manifests = {**self._read_index(), **self.added}
        data = {"version": PIPELINE_VERSION, "manifests": manifests}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_atomic(self.cache_dir / INDEX_FILE, text.encode())
        self.added = {}

    def _logo_from(self, manifest: dict[str, Any]) -> LogoImages:
        images = manifest["images"]
        return LogoImages(
            card=self._ref_from(images["card"]),
            header=self._ref_from(images["header"]),
            placeholder=bool(manifest.get("placeholder")),
        )

    def _ref_from(self, entry: dict[str, Any]) -> ImageRef:
        urls = [entry["url"]] + ([entry["fallback_url"]] if entry.get("fallback_url") else [])
        return ImageRef(
            url=entry["url"],
            width=entry["width"],
            height=entry["height"],
            fallback_url=entry.get("fallback_url"),
            files={url: self.files_dir / _name_of(url) for url in urls},
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


def _names_of(manifest: dict[str, Any]) -> list[str]:
    """The cache files a manifest's images are made of (none for a logo check's verdict)."""
    return [
        _name_of(url)
        for entry in manifest.get("images", {}).values()
        for url in (entry["url"], entry.get("fallback_url"))
        if url
    ]


def _name_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _cache_key(kind: str, *inputs: Any) -> str:
    payload = json.dumps([PIPELINE_VERSION, kind, *inputs], ensure_ascii=False)
    return _sha256(payload.encode())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write through one new temporary file (mode 0o644 less the umask, a random name no
    other writer picks) renamed over ``path``: a reader, or a build after a crash, never
    finds a partial file under the final name, at worst a stray ``.tmp-`` file nobody reads
    (a later build sweeps it)."""
    temporary = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")
    handle = _create(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _create(path: Path) -> int:
    """Create ``path`` for writing (and its folder, the first time), failing if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        return os.open(path, flags, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o644)
