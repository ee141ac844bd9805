"""`startupdir pages --out DIR`: the generated pages as Markdown files, for any engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from startupdir.cli import EXIT_INVALID, EXIT_OK, main
from startupdir.site.history import read_history
from startupdir.site.pages import generate_editions
from startupdir.site.views import Site, Views


def written(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_pages_writes_what_generate_produces(repo_root, sample_directory, tmp_path, capsys, when):
    out = tmp_path / "out"
    assert main(["pages", "--out", str(out), "--root", str(repo_root)]) == EXIT_OK
    identity = sample_directory.identity  # the name and country: directory.yml's
    site = Site(name=identity.name, identity=identity)
    views = Views(sample_directory.taxonomy, sample_directory.startups, site)
    history = read_history(repo_root)  # /nouveautes/ dates additions by the repository's history
    expected = generate_editions(views.editions(), sample_directory, history=history, today=when)
    assert {p.src_uri for p in expected} >= {"startups/atlas-pay.md", "en/startups/atlas-pay.md"}
    files = written(out)
    assert set(files) == {p.src_uri for p in expected}
    for page in expected:
        assert files[page.src_uri] == page.text, page.src_uri
    assert capsys.readouterr().out.startswith(f"{len(expected)} pages écrites dans")


def test_every_page_starts_with_front_matter(repo_root, tmp_path):
    out = tmp_path / "out"
    assert main(["pages", "--out", str(out), "--root", str(repo_root)]) == EXIT_OK
    for rel, text in written(out).items():
        assert rel.endswith(".md"), rel
        assert text.startswith("---\n"), rel
        assert "\n---\n" in text[4:], rel
        assert text.endswith("\n") and "\r" not in text, rel


def test_pages_in_a_real_process(repo_root, sample_directory, tmp_path, when):
    out = tmp_path / "autre moteur"
    result = subprocess.run(
        [sys.executable, "-m", "startupdir", "pages", "--out", str(out)],
        cwd=repo_root,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == EXIT_OK, result.stderr
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    expected = generate_editions(views.editions(), sample_directory, today=when)
    assert set(written(out)) == {p.src_uri for p in expected}
    assert "Traceback" not in result.stderr


def test_pages_refuses_invalid_data_and_writes_nothing(repo, tmp_path, capsys):
    (repo / "startups" / "cassee.yml").write_text("name: Cassée\nfounded: abc\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pages", "--out", str(out), "--root", str(repo)]) == EXIT_INVALID
    assert not out.exists() or written(out) == {}
    assert "startups/cassee.yml" in capsys.readouterr().out


def test_pages_requires_out(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["pages"])
    assert exit_info.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_pages_without_history_date_additions_by_updated(repo, profile_text, tmp_path, capsys):
    """A folder that is not a git repository: /nouveautes/ falls back to `updated`, and
    the command says so in French."""
    (repo / "startups" / "atlas-pay.yml").write_text(profile_text("Atlas Pay"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pages", "--out", str(out), "--root", str(repo)]) == EXIT_OK
    assert "Historique git indisponible" in capsys.readouterr().err
    page = (out / "nouveautes" / "index.md").read_text(encoding="utf-8")
    assert "Ajoutée le 1er janvier 2026" in page  # the profile's `updated`
