"""Logo checks, normalised copies, placeholders, share cards and the on-disk cache.

Every fixture is generated here with Pillow (or crafted byte by byte for the bombs).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageColor, ImageDraw
from startupdir.images import bench, checks, images, layout, normalise
from startupdir.images.checks import InvalidLogo, check_logo
from startupdir.images.colors import PALETTE as SECTOR_PALETTE
from startupdir.images.colors import contrast as contrast_ratio
from startupdir.images.colors import sector_color, text_color_for
from startupdir.images.images import ImagePipeline
from startupdir.images.layout import initials

SITE = "Annuaire de test"  # share cards: the directory identity's name and colour
BRAND = "#0b4f71"
SEND_RASTER = "envoyez un PNG, un JPEG ou un WebP d'au moins 128 px de côté"

# ---------------------------------------------------------------------------
# Fixture builders


def save(image: Image.Image, path: Path, fmt: str, **options) -> Path:
    image.save(path, fmt, **options)
    return path


def noise(size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int, *, real_pixels: bool) -> bytes:
    """A 1-bit PNG claiming width × height; its pixels compress to almost nothing."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * ((width + 7) // 8 + 1)
    pixels = zlib.compress(row * height, 9) if real_pixels else zlib.compress(row * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def quadrants(size=(300, 200)) -> Image.Image:
    """Blue image whose top-left quadrant is red."""
    image = Image.new("RGB", size, (0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1] // 2 - 1), fill=(255, 0, 0))
    return image


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def is_close(pixel, expected, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=False))


@pytest.fixture
def pipeline(tmp_path: Path) -> ImagePipeline:
    return ImagePipeline(tmp_path / "cache")


# ---------------------------------------------------------------------------
# check_logo: rejected files


def test_tiny_image_is_rejected_with_its_size(tmp_path):
    path = save(Image.new("RGB", (64, 64), "red"), tmp_path / "tiny.png", "PNG")
    assert check_logo(path) == [
        (
            "image trop petite (64 × 64 px, minimum 128 px de côté)",
            "envoyez une version plus grande du logo, idéalement 512 × 512 px",
        )
    ]


def test_one_pixel_image_is_rejected(tmp_path):
    path = save(Image.new("RGBA", (1, 1)), tmp_path / "dot.png", "PNG")
    [(message, _)] = check_logo(path)
    assert message == "image trop petite (1 × 1 px, minimum 128 px de côté)"


def test_too_wide_image_is_rejected(tmp_path):
    path = save(Image.new("L", (5000, 200)), tmp_path / "wide.png", "PNG")
    [(message, _)] = check_logo(path)
    assert message == "image trop grande (5000 × 200 px, maximum 4096 px de côté)"


@pytest.mark.parametrize(
    ("width", "real_pixels"),
    [(50_000, False), (10_000, True)],
    ids=["bomb-error", "bomb-warning"],
)
def test_decompression_bomb_is_rejected_without_decoding(tmp_path, width, real_pixels):
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png(width, width, real_pixels=real_pixels))
    assert path.stat().st_size < 64 * 1024
    [(message, hint)] = check_logo(path)
    assert "bombe de décompression" in message
    assert "4096 × 4096 px" in hint


def test_file_over_one_mebibyte_is_rejected(tmp_path):
    path = save(noise((600, 600)), tmp_path / "heavy.png", "PNG")
    assert path.stat().st_size > checks.MAX_FILE_BYTES
    [(message, _)] = check_logo(path)
    assert message.startswith("fichier trop lourd (1,0")
    assert message.endswith(" Mo, maximum 1 Mo)")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_file_is_rejected(tmp_path, fmt):
    whole = io.BytesIO()
    noise((300, 300)).save(whole, fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) * 6 // 10])
    assert check_logo(path) == [
        (
            "image tronquée ou corrompue",
            "réenregistrez l'image en PNG, JPEG ou WebP depuis votre logiciel, puis renvoyez-la",
        )
    ]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "PNG"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 garbage", "WebP"),
    ],
)
def test_corrupt_header_is_rejected(tmp_path, content, name):
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    [(message, _)] = check_logo(path)
    assert message == f"image {name} corrompue"


@pytest.mark.parametrize("fmt", ["GIF", "TIFF"])
def test_raster_formats_outside_the_allowlist_are_rejected(tmp_path, fmt):
    path = save(Image.new("RGB", (200, 200), "red"), tmp_path / "logo.png", fmt)
    assert check_logo(path) == [(f"format d'image non accepté ({fmt})", SEND_RASTER)]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        (b'  <svg viewBox="0 0 10 10"><script>alert(1)</script></svg>', "SVG"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n", "EPS"),
        (b"%PDF-1.7\n", "PDF"),
    ],
)
def test_vector_formats_are_rejected_with_an_export_hint(tmp_path, content, name):
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    [(message, hint)] = check_logo(path)
    assert message == f"format d'image non accepté ({name})"
    assert hint.startswith("exportez le logo en PNG")


def test_unknown_and_empty_files_are_rejected(tmp_path):
    unknown = tmp_path / "logo.webp"
    unknown.write_bytes(b"not an image at all")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert check_logo(unknown) == [
        ("fichier non reconnu comme une image PNG, JPEG ou WebP", SEND_RASTER)
    ]
    assert check_logo(empty) == [("fichier vide", SEND_RASTER)]
    assert check_logo(tmp_path / "missing.png")[0][0] == "fichier introuvable ou illisible"


def test_animated_image_is_rejected(tmp_path):
    frames = [Image.new("RGB", (200, 200), color) for color in ("red", "blue")]
    path = tmp_path / "anim.webp"
    frames[0].save(path, "WEBP", save_all=True, append_images=frames[1:])
    assert check_logo(path) == [("image animée non acceptée", "envoyez une image fixe")]


# ---------------------------------------------------------------------------
# Accepted logos and their normalised copies


def assert_clean_outputs(logo: images.LogoImages) -> None:
    for ref, side in ((logo.card, 96), (logo.header, 192)):
        assert (ref.width, ref.height) == (side, side)
        assert ref.url.startswith("assets/img/logos/") and ref.url.endswith(".webp")
        assert ref.fallback_url.endswith(".png")
        for url in (ref.url, ref.fallback_url):
            path = ref.files[url]
            assert images._sha256(path.read_bytes())[:16] == Path(url).stem
            image = opened(path)
            assert image.size == (side, side)
            assert "exif" not in image.info and "icc_profile" not in image.info
            assert not image.getexif()


def test_wrong_extension_is_fine(tmp_path, pipeline):
    path = save(quadrants((256, 256)), tmp_path / "logo.jpg", "PNG")
    assert check_logo(path) == []
    assert_clean_outputs(pipeline.logo(path))


def test_cmyk_jpeg_becomes_rgb(tmp_path, pipeline):
    path = save(Image.new("CMYK", (200, 200), (0, 255, 255, 0)), tmp_path / "cmyk.jpg", "JPEG")
    assert check_logo(path) == []
    logo = pipeline.logo(path)
    assert_clean_outputs(logo)
    header = opened(logo.header.files[logo.header.url]).convert("RGB")
    assert is_close(header.getpixel((96, 96)), (255, 0, 0))
    assert header.getpixel((2, 2)) == (255, 255, 255)


def test_palette_png_keeps_its_transparency(tmp_path, pipeline):
    image = Image.new("P", (240, 240), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    ImageDraw.Draw(image).rectangle((40, 40, 199, 199), fill=1)
    path = save(image, tmp_path / "palette.png", "PNG", transparency=0)
    assert check_logo(path) == []
    logo = pipeline.logo(path)
    assert_clean_outputs(logo)
    for url in (logo.header.url, logo.header.fallback_url):
        header = opened(logo.header.files[url]).convert("RGBA")
        assert header.getpixel((3, 3))[3] == 0
        assert is_close(header.getpixel((96, 96)), (255, 0, 0, 255))


def test_exif_rotated_jpeg_is_turned_upright_and_stripped(tmp_path, pipeline):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Appareil de test"
    path = save(quadrants(), tmp_path / "rotated.jpg", "JPEG", exif=exif.tobytes(), quality=95)
    assert opened(path).getexif()[0x0112] == 6
    logo = pipeline.logo(path)
    assert_clean_outputs(logo)
    header = opened(logo.header.files[logo.header.fallback_url]).convert("RGB")
    # Upright the source is 200 × 300: fitted to 107 × 161 px, at x 42–149, y 15–176.
    # Its red quadrant, top-left in the file, must now be top-right.
    assert is_close(header.getpixel((122, 55)), (255, 0, 0))
    assert is_close(header.getpixel((69, 55)), (0, 0, 255))
    assert header.getpixel((10, 96)) == (255, 255, 255)


def test_non_square_logo_is_padded_into_a_square(tmp_path, pipeline):
    path = save(Image.new("RGBA", (400, 200), (0, 128, 0, 255)), tmp_path / "wide.png", "PNG")
    assert check_logo(path) == []
    logo = pipeline.logo(path)
    assert_clean_outputs(logo)
    header = opened(logo.header.files[logo.header.url]).convert("RGBA")
    assert header.getpixel((96, 96))[3] == 255
    assert header.getpixel((96, 20))[3] == 0  # above the content: transparent padding
    assert header.getpixel((5, 96))[3] == 0  # the 8 % side padding
    assert header.getpixel((20, 96))[3] == 255


def test_webp_source_is_accepted(tmp_path, pipeline):
    path = save(quadrants((256, 256)), tmp_path / "logo.webp", "WEBP")
    assert check_logo(path) == []
    assert_clean_outputs(pipeline.logo(path))


def test_pipeline_refuses_a_rejected_logo(tmp_path, pipeline):
    path = save(Image.new("RGB", (64, 64)), tmp_path / "tiny.png", "PNG")
    with pytest.raises(InvalidLogo) as error:
        pipeline.logo(path)
    assert error.value.problems == check_logo(path)


# ---------------------------------------------------------------------------
# Placeholders and colours


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Atlas Pay", "AP"),
        ("éco vert énergie", "ÉV"),
        ("Flouss", "F"),
        ("bab-port digital", "BP"),
        ("3D Print", "3P"),
        ("🚀🚀", "?"),
        ("", "?"),
        ("東京 Tech", "?"),
        ("دارجة AI", "د"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_placeholder_is_deterministic(tmp_path):
    first = ImagePipeline(tmp_path / "one").placeholder("Atlas Pay", sector_color(0))
    second = ImagePipeline(tmp_path / "two").placeholder("Atlas Pay", sector_color(0))
    assert first.placeholder and first.header.url == second.header.url
    for url, path in first.files.items():
        assert path.read_bytes() == second.files[url].read_bytes()
    assert_clean_outputs(first)
    header = opened(first.header.files[first.header.fallback_url]).convert("RGBA")
    assert header.getpixel((40, 40))[:3] == ImageColor.getrgb(sector_color(0))


def test_placeholders_differ_by_initials_and_colour(pipeline):
    base = pipeline.placeholder("Atlas Pay", "#1d4ed8").header.url
    assert pipeline.placeholder("Argan Pulse", "#1D4ED8").header.url == base
    assert pipeline.placeholder("Bab Port", "#1d4ed8").header.url != base
    assert pipeline.placeholder("Atlas Pay", sector_color(1)).header.url != base
    assert pipeline.placeholder("🚀", "#1d4ed8").header.url != base


def test_sector_palette_is_accessible_with_white_text():
    assert len(SECTOR_PALETTE) == len(set(SECTOR_PALETTE)) == 18
    for color in SECTOR_PALETTE:
        assert contrast_ratio("#ffffff", color) >= 4.5, color
        assert text_color_for(color) == "#ffffff"
    assert sector_color(18) == sector_color(0)


def test_text_colour_follows_contrast():
    assert text_color_for("#ffeb3b") == "#1a1a1a"
    assert text_color_for("#000000") == "#ffffff"
    assert contrast_ratio("#1a1a1a", "#ffeb3b") >= 4.5


# ---------------------------------------------------------------------------
# Share cards


def test_startup_share_card(tmp_path, pipeline):
    logo = pipeline.logo(save(quadrants((256, 256)), tmp_path / "logo.png", "PNG"))
    card = pipeline.share_card_startup(
        "Atlas Pay", "Paiement mobile " * 30, "Fintech", "Casablanca", logo, sector_color(0), SITE
    )
    assert card.url.startswith("assets/img/og/") and card.url.endswith(".png")
    assert (card.width, card.height) == (1200, 630)
    assert opened(card.files[card.url]).size == (1200, 630)


def test_post_share_card(pipeline):
    card = pipeline.share_card_post(
        "Lancement de la saison 3 " * 10, "12 février 2026", SITE, BRAND
    )
    assert opened(card.files[card.url]).size == (1200, 630)


def test_share_card_renders_accents(pipeline):
    assert layout.has_glyph("é") and layout.has_glyph("É", bold=True)
    assert not layout.has_glyph("東")

    def pixels(name: str) -> bytes:
        card = pipeline.share_card_startup(
            name, "Accroche", "Fintech", "Fès", None, "#1d4ed8", SITE
        )
        return opened(card.files[card.url]).tobytes()

    accented, plain, empty = pixels("é"), pixels("e"), pixels("")
    assert accented != plain and accented != empty


def test_share_card_survives_missing_glyphs_and_arabic(pipeline):
    logo = pipeline.placeholder("دارجة AI", sector_color(3))
    card = pipeline.share_card_startup(
        "دارجة AI 🚀", "Assistant vocal 東京", "IA", "Rabat", logo, sector_color(3), SITE
    )
    assert opened(card.files[card.url]).size == (1200, 630)


def test_arabic_is_shaped_or_left_off(monkeypatch):
    text, options = layout.drawable_text("دارجة")
    if layout.HAS_RAQM:
        assert (text, options) == ("دارجة", {"direction": "rtl", "language": "ar"})
    monkeypatch.setattr(layout, "HAS_RAQM", False)
    assert layout.drawable_text("Darija دارجة AI") == ("Darija AI", {})


def test_long_text_is_wrapped_and_ellipsised():
    font = layout._font(34)
    lines = layout.wrap_text("mot " * 200, font, 500, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 500 for line in lines)
    [single] = layout.wrap_text("x" * 400, font, 500, 1)
    assert single.endswith("…") and font.getlength(single) <= 500


# ---------------------------------------------------------------------------
# Cache


def build_everything(pipeline: ImagePipeline, sources: list[Path]) -> list:
    results = [pipeline.logo(path) for path in sources]
    results.append(pipeline.placeholder("Kitab Kids", sector_color(5)))
    results += [pipeline.check_logo(path) for path in sources]
    results.append(
        pipeline.share_card_startup(
            "Atlas Pay", "Paiement", "Fintech", "Casablanca", results[0], sector_color(0), SITE
        )
    )
    results.append(pipeline.share_card_post("Nouvelle saison", "1er mars 2026", SITE, BRAND))
    return results


def cache_files(cache: Path) -> dict[str, tuple[int, int]]:
    """Each file under the cache, by relative path: its inode and modification time."""
    return {
        path.relative_to(cache).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in cache.rglob("*")
        if path.is_file()
    }


def image_files(results: list) -> set[str]:
    refs = [r for r in results if isinstance(r, images.ImageRef)]
    refs += [ref for r in results if isinstance(r, images.LogoImages) for ref in (r.card, r.header)]
    return {f"{images.FILES_DIR}/{Path(url).name}" for ref in refs for url in ref.files}


@pytest.fixture
def creations(monkeypatch) -> list[str]:
    """Paths of the files and folders created from now on (os.open with O_CREAT, mkdir;
    a folder ends with a slash)."""
    made: list[str] = []
    real_open, real_mkdir = os.open, os.mkdir

    def opening(path, flags, *args, **kwargs):
        handle = real_open(path, flags, *args, **kwargs)
        if flags & os.O_CREAT:
            made.append(os.fspath(path))
        return handle

    def making(path, *args, **kwargs):
        real_mkdir(path, *args, **kwargs)
        made.append(os.fspath(path) + "/")

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "mkdir", making)
    return made


def test_warm_cache_encodes_nothing(tmp_path):
    sources = [
        save(quadrants((256, 256)), tmp_path / "a.png", "PNG"),
        save(quadrants((300, 200)), tmp_path / "b.jpg", "JPEG"),
    ]
    cold = ImagePipeline(tmp_path / "cache")
    first = build_everything(cold, sources)
    cold.save()
    assert cold.encoded > 0 and cold.decoded > 0
    warm = ImagePipeline(tmp_path / "cache")
    second = build_everything(warm, sources)
    assert (warm.encoded, warm.decoded) == (0, 0)
    assert second == first
    assert not list((tmp_path / "cache").rglob(".tmp-*"))


def test_the_cache_is_one_index_and_one_flat_file_per_image(tmp_path):
    sources = [save(quadrants((256, 256)), tmp_path / "a.png", "PNG")]
    cold = ImagePipeline(tmp_path / "cache")
    first = build_everything(cold, sources)
    cold.save()
    names = image_files(first)
    assert len(names) == 4 + 4 + 2  # logo and placeholder: 2 sizes × WebP and PNG; 2 cards
    assert cache_files(tmp_path / "cache").keys() == names | {images.INDEX_FILE}
    warm = ImagePipeline(tmp_path / "cache")
    assert build_everything(warm, sources) == first
    assert (warm.encoded, warm.decoded, warm.hits) == (0, 0, 5)


def test_a_cold_run_creates_one_file_per_card_and_a_warm_run_none(tmp_path, creations):
    items = [
        images.StartupImages(f"Start {n}", "Accroche", "Fintech", "Fès", None, "#1d4ed8", SITE)
        for n in range(5)
    ]
    cold = ImagePipeline(tmp_path / "cache")
    cards = [card for _, card in cold.startup_images(items)]
    cold.save()
    cache = tmp_path / "cache"
    written = {f"{images.FILES_DIR}/{Path(card.url).name}" for card in cards}
    assert len(written) == 5
    files = [Path(p).name for p in creations if not p.endswith("/")]
    assert len(files) == 5 + 1 and all(name.startswith(".tmp-") for name in files)
    assert cache_files(cache).keys() == written | {images.INDEX_FILE}
    assert len([p for p in creations if p.endswith("/")]) <= 2  # the cache and its folder
    creations.clear()
    before = cache_files(cache)
    warm = ImagePipeline(cache)
    assert [card for _, card in warm.startup_images(items)] == cards
    warm.save()
    assert (warm.encoded, creations, cache_files(cache)) == (0, [], before)


def test_cache_files_are_readable_by_all(tmp_path):
    previous = os.umask(0o022)
    try:
        card = ImagePipeline(tmp_path / "cache").share_card_post("Titre", "1er mars", SITE, BRAND)
    finally:
        os.umask(previous)
    assert card.files[card.url].stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "index",
    ['{"version": "5", "manif', '{"version": "4", "manifests": {}}'],
    ids=["truncated", "older-version"],
)
def test_an_unusable_index_renders_again_and_rewrites_no_image(tmp_path, index):
    sources = [save(quadrants((256, 256)), tmp_path / "a.png", "PNG")]
    cold = ImagePipeline(tmp_path / "cache")
    first = build_everything(cold, sources)
    cold.save()
    (tmp_path / "cache" / images.INDEX_FILE).write_text(index, "utf-8")
    before = cache_files(tmp_path / "cache")
    warm = ImagePipeline(tmp_path / "cache")
    assert build_everything(warm, sources) == first
    assert warm.encoded > 0  # only the index says what a file is
    after = cache_files(tmp_path / "cache")
    assert {k: v for k, v in after.items() if k != images.INDEX_FILE} == {
        k: v for k, v in before.items() if k != images.INDEX_FILE
    }
    warm.save()  # the index is whole again
    assert ImagePipeline(tmp_path / "cache").index.keys() == cold.index.keys()


def test_damaged_cache_entry_is_rebuilt(tmp_path):
    source = save(quadrants((256, 256)), tmp_path / "a.png", "PNG")
    cold = ImagePipeline(tmp_path / "cache")
    logo = cold.logo(source)
    cold.save()  # the index lists the entry: it must still notice the missing file
    missing = logo.header.files[logo.header.url]
    content = missing.read_bytes()
    missing.unlink()
    before = cache_files(tmp_path / "cache")
    again = ImagePipeline(tmp_path / "cache")
    assert again.logo(source) == logo
    assert again.encoded == 4
    assert missing.read_bytes() == content
    assert cache_files(tmp_path / "cache").items() > before.items()  # the others untouched


def test_a_failed_write_leaves_neither_the_file_nor_its_temporary(tmp_path, monkeypatch):
    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        ImagePipeline(tmp_path / "cache").share_card_post("Titre", "1er mars", SITE, BRAND)
    assert list((tmp_path / "cache").rglob("*")) == [tmp_path / "cache" / images.FILES_DIR]


def test_a_build_killed_mid_write_leaves_nothing_a_later_build_trusts(tmp_path):
    """A process killed between writing a card and naming it leaves a temporary file: the
    next build neither serves nor skips it, and writes the whole card under its name."""
    cache = tmp_path / "cache"
    child = os.fork()
    if child == 0:  # the killed build: dies once the card's bytes are half written

        def killed(stream_write):
            def write(data):
                stream_write(data[: len(data) // 2])
                os._exit(9)

            return write

        real_fdopen = os.fdopen

        def fdopen(handle, *args, **kwargs):
            stream = real_fdopen(handle, *args, **kwargs)
            stream.write = killed(stream.write)
            return stream

        os.fdopen = fdopen
        ImagePipeline(cache).share_card_post("Titre", "1er mars", SITE, BRAND)
        os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 9
    [leftover] = (cache / images.FILES_DIR).iterdir()
    assert leftover.name.startswith(".tmp-")
    later = ImagePipeline(cache)
    card = later.share_card_post("Titre", "1er mars", SITE, BRAND)
    assert later.encoded == 1
    expected = ImagePipeline(tmp_path / "clean").share_card_post("Titre", "1er mars", SITE, BRAND)
    assert card.files[card.url].read_bytes() == expected.files[expected.url].read_bytes()
    assert leftover.name.endswith(Path(card.url).name)  # the same name, but only temporary


def test_changed_content_gets_new_names(tmp_path, pipeline):
    path = save(quadrants((256, 256)), tmp_path / "a.png", "PNG")
    before = pipeline.logo(path).header.url
    save(quadrants((256, 256)).transpose(Image.Transpose.FLIP_LEFT_RIGHT), path, "PNG")
    assert pipeline.logo(path).header.url != before


def test_bench_reports_cold_and_warm_figures(tmp_path):
    figures = bench.bench_logos(6, tmp_path)
    assert figures["n"] == 6 and figures["rejected"] == 0
    assert figures["encoded_cold"] > 0
    assert (figures["encoded_warm"], figures["decoded_warm"]) == (0, 0)
    assert {"logos_cold_s", "logos_warm_s", "check_cold_s", "check_warm_s"} <= figures.keys()


def test_a_logo_with_a_corrupt_colour_profile_builds_with_a_warning(tmp_path, pipeline, caplog):
    """An unreadable ICC profile used to be dropped silently: the logo still builds, and
    the build says, in French and with the file, what was ignored."""
    path = tmp_path / "profil-casse.jpg"
    Image.new("RGB", (256, 256), "#1d4ed8").save(path, "JPEG", icc_profile=b"pas un profil" * 20)
    with caplog.at_level("WARNING", logger="startupdir.images"):
        logo = pipeline.logo(path)
    assert logo.header.url and not logo.placeholder
    (record,) = [r for r in caplog.records if r.name == "startupdir.images"]
    assert record.getMessage().startswith(f"{path.as_posix()} : données de couleur (profil ICC)")
    assert not record.name.startswith("mkdocs")  # MkDocs' strict mode does not fail on it


def test_a_logo_with_corrupt_exif_data_builds_with_a_warning(
    tmp_path, pipeline, caplog, monkeypatch
):
    """Pillow 13 reads most broken EXIF blocks with a Python warning; a block it cannot
    read at all makes exif_transpose raise, as simulated here on a real EXIF-carrying JPEG."""
    path = tmp_path / "exif-casse.jpg"
    Image.new("RGB", (256, 256), "#1d4ed8").save(path, "JPEG", exif=b"Exif\x00\x00II*\x00\xff\xff")

    def broken(image, **kwargs):
        raise SyntaxError("EXIF illisible")

    monkeypatch.setattr(normalise.ImageOps, "exif_transpose", broken)
    with caplog.at_level("WARNING", logger="startupdir.images"):
        logo = pipeline.logo(path)
    assert logo.header.url and not logo.placeholder
    messages = [r.getMessage() for r in caplog.records if r.name == "startupdir.images"]
    assert messages and "données EXIF (orientation) illisibles" in messages[0]
