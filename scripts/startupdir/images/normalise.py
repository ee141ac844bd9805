"""Logo normalisation: the pixels of an accepted logo made upright, sRGB, trimmed, and
fitted on a padded square (the cached pipeline, ``images``, stores the results)."""

from __future__ import annotations

import io

from PIL import (
    Image,
    ImageChops,
    ImageOps,
)

from startupdir.images.cards import PADDING


def prepare_logo(image: Image.Image, ignored: list[str] | None = None) -> Image.Image:
    """Upright, sRGB, RGBA when the source has transparency (else RGB), margins trimmed.
    Metadata that cannot be read is skipped; ``ignored`` receives what, in French."""
    ignored = [] if ignored is None else ignored
    image = _transpose(image, ignored)
    image = _to_rgb_family(image, ignored)
    return _trim_margins(image)


def fit_square(image: Image.Image, side: int) -> Image.Image:
    """The image fitted on a square canvas with padding: transparent, or white when opaque."""
    inner = round(side * (1 - 2 * PADDING))
    scale = inner / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    background = (0, 0, 0, 0) if image.mode == "RGBA" else (255, 255, 255)
    canvas = Image.new(image.mode, (side, side), background)
    canvas.paste(resized, ((side - size[0]) // 2, (side - size[1]) // 2))
    return canvas


def _transpose(image: Image.Image, ignored: list[str]) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - any corrupt EXIF block: the image is kept upright as is
        ignored.append("données EXIF (orientation)")
        return image


def _to_rgb_family(image: Image.Image, ignored: list[str]) -> Image.Image:
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if image.mode.startswith("I"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK"):
        image = _icc_to_srgb(image, icc, ignored)
    return image.convert("RGBA" if has_alpha else "RGB")


def _icc_to_srgb(image: Image.Image, icc: bytes, ignored: list[str]) -> Image.Image:
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, target, outputMode="RGB") or image
    except Exception:  # noqa: BLE001 - any corrupt ICC profile: the colours are kept as they are
        ignored.append("données de couleur (profil ICC)")
        return image


def _trim_margins(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        mask = image.getchannel("A").point(lambda alpha: 255 if alpha > 8 else 0)
    else:
        white = Image.new("RGB", image.size, (255, 255, 255))
        distance = ImageChops.difference(image, white).convert("L")
        mask = distance.point(lambda value: 255 if value > 16 else 0)
    box = mask.getbbox()
    return image.crop(box) if box else image
