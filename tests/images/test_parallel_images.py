"""Share cards and logos rendered on every core: the same files, byte for byte, as on one
core; cards are palette PNGs of 1200 × 630. (Timings belong to `make bench`, not here.)"""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from startupdir.content import parallel
from startupdir.content.parallel import map_chunks
from startupdir.images import images
from startupdir.images.cards import INK_LEVELS, TILE_COLORS, render_post_card
from startupdir.images.checks import InvalidLogo
from startupdir.images.colors import sector_color
from startupdir.images.images import ImagePipeline, StartupImages

SITE = "Annuaire de test"
ONE_CORE = 10**9  # a minimum item count no test reaches: map_chunks stays in this process


@pytest.fixture
def forking(monkeypatch):
    """Fork even if another test left a thread running (the children run pure code)."""
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


def logo_files(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for index, (fmt, suffix) in enumerate((("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"))):
        mode = "RGB" if fmt == "JPEG" else "RGBA"
        image = Image.new(mode, (300, 200 + 40 * index), "white" if mode == "RGB" else (0,) * 4)
        draw = ImageDraw.Draw(image)
        draw.ellipse((20, 20, 180, 180), fill=sector_color(index))
        draw.rectangle((150, 60, 280, 140), fill=(240, 180, 20))
        path = folder / f"logo-{index}.{suffix}"
        image.save(path, fmt)
        paths.append(path)
    return paths


def requests(logos: list[Path]) -> list[StartupImages]:
    names = ["Atlas Pay", "Kitab Kids", "دارجة AI", "Éole Énergie", "Argania Lab", "Souk 東"]
    return [
        StartupImages(
            name,
            f"Accroche de {name}, " * (index + 1),
            "Fintech" if index % 2 else "Agritech",
            "Casablanca",
            logos[index % 4] if index % 4 < len(logos) else None,  # shared logos, and none
            sector_color(index),
            SITE,
        )
        for index, name in enumerate(names + [n + " 2" for n in names])
    ]


def files_of(results) -> dict[str, bytes]:
    out = {}
    for logo, card in results:
        for ref in ([logo.card, logo.header] if logo else []) + [card]:
            out.update({url: path.read_bytes() for url, path in ref.files.items()})
    return out


def cache_bytes(cache: Path) -> dict[str, bytes]:
    return {
        path.relative_to(cache).as_posix(): path.read_bytes()
        for path in cache.rglob("*")
        if path.is_file()
    }


def test_every_core_gives_the_bytes_of_one_core(tmp_path, forking, monkeypatch):
    items = requests(logo_files(tmp_path / "logos"))
    one = ImagePipeline(tmp_path / "one")
    serial = one.startup_images(items, spread=map_chunks, min_items=ONE_CORE)

    real_card_of = images._card_of

    def recording(pipeline, job):
        (tmp_path / f"pid-{os.getpid()}").touch()  # a child's memory dies with it: a file
        return real_card_of(pipeline, job)

    monkeypatch.setattr(images, "_card_of", recording)
    many = ImagePipeline(tmp_path / "many")
    spread = many.startup_images(items, spread=map_chunks, workers=2, min_items=2)

    children = {p.name for p in tmp_path.glob("pid-*")} - {f"pid-{os.getpid()}"}
    assert children, "no card was rendered in another process"
    assert [(lo and lo.card.url, card.url) for lo, card in spread] == [
        (lo and lo.card.url, card.url) for lo, card in serial
    ]
    assert files_of(spread) == files_of(serial)
    assert (many.encoded, many.decoded) == (one.encoded, one.decoded)
    assert many.added.keys() == one.added.keys()  # the children's manifests came back
    assert many.present == one.present  # and the names of the files they wrote
    one.save()
    many.save()
    assert cache_bytes(tmp_path / "many") == cache_bytes(tmp_path / "one")  # index included


def test_a_warm_run_forks_nothing_and_encodes_nothing(tmp_path, forking):
    items = requests(logo_files(tmp_path / "logos"))
    cold = ImagePipeline(tmp_path / "cache")
    first = cold.startup_images(items, spread=map_chunks, workers=2, min_items=2)
    cold.save()
    sizes: list[int] = []

    def counting(render, chunk, workers=None, **options):
        sizes.append(len(chunk))
        return map_chunks(render, chunk, workers, **options)

    warm = ImagePipeline(tmp_path / "cache")
    assert warm.startup_images(items, spread=counting, workers=2, min_items=2) == first
    assert (warm.encoded, warm.decoded) == (0, 0)
    assert sizes == [0, 0]  # logos, then cards: nothing missing, nothing sent away


def test_cards_are_palette_pngs_of_the_open_graph_size(tmp_path):
    items = requests(logo_files(tmp_path / "logos"))
    pipeline = ImagePipeline(tmp_path / "cache")
    results = pipeline.startup_images(items, min_items=ONE_CORE)
    post = pipeline.share_card_post("Lancement de la saison 3", "1er mars 2026", SITE, "#0b4f71")
    for ref in [card for _, card in results] + [post]:
        path = ref.files[ref.url]
        with Image.open(path) as card:
            assert (card.format, card.mode, card.size) == ("PNG", "P", (1200, 630))
            assert (ref.width, ref.height) == (1200, 630)
            colours = len(card.getpalette() or []) // 3
            assert colours <= 4 + 6 * (INK_LEVELS - 1) + TILE_COLORS <= 256
            rgb = card.convert("RGB")
        assert rgb.getpixel((1190, 10)) == (255, 255, 255)  # white stays white
        band = rgb.getpixel((5, 620))
        assert band != (255, 255, 255)
        assert path.stat().st_size < 40_000


def test_a_card_file_is_the_rendered_card_deflated_at_the_pinned_levels(tmp_path):
    """Levels pinned, not zlib's defaults: a card's bytes (and name) follow from its inputs."""
    card = ImagePipeline(tmp_path).share_card_post("Titre", "1er mars 2026", SITE, "#0b4f71")
    data = card.files[card.url].read_bytes()
    rendered = render_post_card("Titre", "1er mars 2026", "#0b4f71", SITE)
    assert rendered.png() == data
    with Image.open(io.BytesIO(data)) as image:
        assert image.tobytes() == rendered.image.tobytes()


def test_a_card_with_a_logo_keeps_the_logo_colours(tmp_path):
    source = tmp_path / "red.png"
    Image.new("RGB", (256, 256), (200, 30, 40)).save(source)
    pipeline = ImagePipeline(tmp_path / "cache")
    [(logo, card)] = pipeline.startup_images(
        [StartupImages("Rouge", "Accroche", "Fintech", "Fès", source, "#0b5c8a", SITE)]
    )
    assert logo is not None
    with Image.open(card.files[card.url]) as image:
        centre = image.convert("RGB").getpixel((80 + 128, 139 + 128))
    assert all(abs(a - b) <= 4 for a, b in zip(centre, (200, 30, 40), strict=True))


def test_a_rejected_logo_travels_back_from_a_worker():
    error = InvalidLogo(Path("startups/logos/x.png"), [("trop petit", "agrandissez")])
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.problems, str(again)) == (error.path, error.problems, str(error))
