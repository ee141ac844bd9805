"""`startupdir build`: validate, build into a temporary folder, swap it in on success.

A failed build (invalid data, broken link in strict mode) leaves the previous site as it was.
The site a build replaces is kept beside it (``.site.previous`` for ``site``, hidden) and the
next build writes into it: its files are overwritten in place rather than deleted and created
again (site/output.py says why).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(Exception):
    pass


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so that two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out if out.isdigit() else "0"


def build_site(
    root: Path, site_dir: Path | None = None, config_file: str = "mkdocs.yml", strict: bool = True
) -> Path:
    """Build the site into ``site_dir`` atomically; raise BuildFailed with the reason."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    spare = spare_of(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    reused = spare.is_dir()
    if reused:
        os.replace(spare, tmp)  # onto the empty folder mkdtemp made
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the served site must not be
    try:
        config = load_config(str(root / config_file), site_dir=str(tmp), strict=strict)
        # MkDocs reuses plugin objects within a process: reset them to "build" (not "serve").
        config.plugins.on_startup(command="build", dirty=False)
        try:
            _quiet_build(config)
        finally:
            _shutdown(config)
        _swap(tmp, site_dir, spare)
    except (PluginError, ConfigurationError, Abort) as exc:
        _set_aside(tmp, spare, reused)
        # MkDocs wraps a plugin's error in Abort; the reason (the validator's report) is inside.
        cause = exc.__context__ if isinstance(exc.__context__, BuildError) else exc
        raise BuildFailed(str(cause)) from None
    except BaseException:
        _set_aside(tmp, spare, reused)
        raise
    return site_dir


def _shutdown(config) -> None:
    """MkDocs' last event, as `mkdocs build` sends it: Material's blog removes there the
    temporary folder it writes its generated pages to. Its reused object writes into the
    same folder again at the next build (and creates it), so every build ends with it
    removed; a build that generated nothing there has no folder to remove."""
    with contextlib.suppress(FileNotFoundError):
        config.plugins.on_shutdown()


def _quiet_build(config) -> None:
    """Run MkDocs; its warnings (strict mode turns them into failures) go to stderr."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
    with contextlib.redirect_stdout(io.StringIO()):
        mkdocs_build(config)


def spare_of(site_dir: Path) -> Path:
    """Where the site a build replaced waits for the next build (hidden, beside it)."""
    return site_dir.with_name(f".{site_dir.name}.previous")


def _swap(new: Path, target: Path, spare: Path) -> None:
    """``new`` becomes the site; the site it replaces, the spare."""
    if target.exists():
        shutil.rmtree(spare, ignore_errors=True)
        target.rename(spare)
    new.rename(target)


def _set_aside(tmp: Path, spare: Path, reused: bool) -> None:
    """After a failed build: a reused spare is still one (the next build overwrites and
    sweeps it); a new folder goes."""
    if reused and not spare.exists():
        tmp.rename(spare)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
