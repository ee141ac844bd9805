"""Checking a contributed logo: PNG, JPEG or WebP only, detected from the content, within
size and dimension limits, decoded once to catch truncated files; problems in French."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import IO

from PIL import (
    Image,
)

ACCEPTED_FORMATS = ["PNG", "JPEG", "WEBP"]
MAX_FILE_BYTES = 1024 * 1024
MIN_SIDE = 128
MAX_SIDE = 4096

_SEND_RASTER = "envoyez un PNG, un JPEG ou un WebP d'au moins 128 px de côté"
_EXPORT_VECTOR = (
    "exportez le logo en PNG sur fond transparent, d'au moins 512 px de côté "
    "(les formats vectoriels ne sont pas acceptés pour l'instant)"
)
_RESAVE = "réenregistrez l'image en PNG, JPEG ou WebP depuis votre logiciel, puis renvoyez-la"

_SIGNATURES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"%PDF", "PDF"),
    (b"8BPS", "PSD"),
    (b"BM", "BMP"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_VECTOR_FORMATS = {"SVG", "EPS", "PDF"}

Problem = tuple[str, str]


class InvalidLogo(ValueError):
    """Raised by the pipeline for a logo that ``check_logo`` would reject."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + " ; ".join(message for message, _ in problems))

    def __reduce__(self):  # raised in a worker process, it travels back whole
        return InvalidLogo, (self.path, self.problems)


def check_logo(path: Path) -> list[Problem]:
    """Problems of a logo file as (message, hint) pairs in French; empty when accepted.

    Never raises: an unexpected error while reading becomes a problem.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return [("fichier introuvable ou illisible", "vérifiez le chemin du logo")]
    try:
        with path.open("rb") as stream:
            return open_checked(stream, size)[1]
    except Exception:
        return [("image illisible ou corrompue", _RESAVE)]


def open_checked(stream: IO[bytes], size: int) -> tuple[Image.Image | None, list[Problem]]:
    """The fully loaded image and no problem, or None and the reasons to reject it."""
    if size == 0:
        return None, [("fichier vide", _SEND_RASTER)]
    problems = []
    if size > MAX_FILE_BYTES:
        problems.append(
            (
                f"fichier trop lourd ({_format_megabytes(size)} Mo, maximum 1 Mo)",
                "compressez l'image ou réduisez-la, 512 px de côté suffisent",
            )
        )
    head = stream.read(2048)
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return None, [*problems, _describe_bomb()]
        except Exception:
            return None, [*problems, _describe_format(head)]
        problems += _check_dimensions(image)
        if problems:
            return None, problems
        try:
            image.verify()
            stream.seek(0)
            image = Image.open(stream, formats=ACCEPTED_FORMATS)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return None, [_describe_bomb()]
        except Exception:
            return None, [("image tronquée ou corrompue", _RESAVE)]
    return image, []


def _format_megabytes(size: int) -> str:
    return f"{size / MAX_FILE_BYTES:.2f}".replace(".", ",")


def _describe_bomb() -> Problem:
    return (
        "image aux dimensions démesurées (risque de bombe de décompression)",
        f"envoyez une image d'au plus {MAX_SIDE} × {MAX_SIDE} px",
    )


def _describe_format(head: bytes) -> Problem:
    name = sniff_format(head)
    if name in ("PNG", "JPEG", "WebP"):
        return (f"image {name} corrompue", _RESAVE)
    if name is None:
        return ("fichier non reconnu comme une image PNG, JPEG ou WebP", _SEND_RASTER)
    hint = _EXPORT_VECTOR if name in _VECTOR_FORMATS else _SEND_RASTER
    return (f"format d'image non accepté ({name})", hint)


def sniff_format(head: bytes) -> str | None:
    """A format name for the first bytes of a file, for messages only (never to decode)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text:
        return "SVG"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "AVIF" if brand.startswith(b"avi") else "HEIC"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    return None


def _check_dimensions(image: Image.Image) -> list[Problem]:
    width, height = image.size
    shown = f"{width} × {height} px"
    if min(width, height) < MIN_SIDE:
        return [
            (
                f"image trop petite ({shown}, minimum {MIN_SIDE} px de côté)",
                "envoyez une version plus grande du logo, idéalement 512 × 512 px",
            )
        ]
    if max(width, height) > MAX_SIDE:
        return [
            (
                f"image trop grande ({shown}, maximum {MAX_SIDE} px de côté)",
                "réduisez-la : 1024 px de côté suffisent",
            )
        ]
    if image.format in ("PNG", "WEBP") and getattr(image, "n_frames", 1) > 1:
        return [("image animée non acceptée", "envoyez une image fixe")]
    return []
