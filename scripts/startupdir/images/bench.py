"""The logo pipeline's figures: synthetic logos through ``ImagePipeline`` cold, then warm."""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

from startupdir.images.colors import sector_color
from startupdir.images.images import ImagePipeline
from startupdir.images.layout import _font


def bench_logos(n: int, workdir: Path) -> dict[str, float | int]:
    """Synthesise n logos of varied sizes and time the pipeline cold, then warm.

    The warm run uses a new ``ImagePipeline`` on the cache the cold one saved, as a rebuild
    would.
    """
    workdir = Path(workdir)
    sources = workdir / "logos"
    cache = workdir / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    paths = synthesise_logos(n, sources)
    figures: dict[str, float | int] = {"n": n, "synthesis_s": time.perf_counter() - started}
    figures["source_bytes"] = sum(path.stat().st_size for path in paths)
    started = time.perf_counter()
    for path in paths:
        hashlib.sha256(path.read_bytes()).digest()
    figures["read_and_hash_s"] = time.perf_counter() - started
    for run in ("cold", "warm"):
        pipeline = ImagePipeline(cache)
        started = time.perf_counter()
        rejected = sum(1 for path in paths if pipeline.check_logo(path))
        figures[f"check_{run}_s"] = time.perf_counter() - started
        started = time.perf_counter()
        outputs = [pipeline.logo(path) for path in paths]
        figures[f"logos_{run}_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for index in range(n):
            pipeline.placeholder(f"Startup {index}", sector_color(index))
        figures[f"placeholders_{run}_s"] = time.perf_counter() - started
        figures[f"encoded_{run}"] = pipeline.encoded
        figures[f"decoded_{run}"] = pipeline.decoded
        figures["rejected"] = rejected
        pipeline.save()
    unique = {url: path for images in outputs for url, path in images.files.items()}
    figures["output_bytes"] = sum(path.stat().st_size for path in unique.values())
    return figures


def synthesise_logos(n: int, folder: Path) -> list[Path]:
    """Deterministic fake logos: shapes and letters, PNG with alpha, JPEG or WebP."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    sizes = (128, 200, 256, 320, 400, 512, 512, 600, 800, 1024)
    paths = []
    for index in range(n):
        width = rng.choice(sizes)
        height = rng.choice((width, width, width // 2 if width >= 256 else width))
        kind = ("PNG", "PNG", "JPEG", "WEBP")[index % 4]
        mode = "RGB" if kind == "JPEG" else "RGBA"
        background = (255, 255, 255) if mode == "RGB" else (0, 0, 0, 0)
        image = Image.new(mode, (width, height), background)
        draw = ImageDraw.Draw(image)
        color = ImageColor.getrgb(sector_color(index))
        draw.ellipse((width * 0.1, height * 0.1, width * 0.5, height * 0.9), fill=color)
        draw.rectangle((width * 0.55, height * 0.3, width * 0.9, height * 0.7), fill=color[::-1])
        draw.text(
            (width * 0.55, height * 0.75), f"L{index}", font=_font(max(12, height // 8)), fill=color
        )
        path = folder / f"logo-{index:05d}.{kind.lower()}"
        image.save(path, kind, **({"quality": 88} if kind != "PNG" else {}))
        paths.append(path)
    return paths
