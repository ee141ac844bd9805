"""startupdir.site.explorer: the explorer's JSON (shape, listed startups only, values decoded back
to the model) and its size budget at 10,000 synthetic startups, measured with gzip."""

from __future__ import annotations

import gzip
import json
import re
import shutil

import pytest
from bench import synthesise
from startupdir.content.model import BUSINESS_MODELS
from startupdir.content.validate import load_directory
from startupdir.site.explorer import explorer_data, explorer_json, size_report
from startupdir.site.plugin import THEME_DIR
from startupdir.site.views import ImageLogo, ImageSize, Views

BUDGET = 300_000  # bytes of gzipped JSON at 10,000 startups
FIRST_LOAD = 400_000  # the budget for JSON and script together
COLUMNS = {
    "n",
    "s",
    "t",
    "T",
    "X",
    "S",
    "c",
    "g",
    "N",
    "P",
    "b",
    "r",
    "R",
    "M",
    "h",
    "a",
    "y",
    "m",
    "l",
}


@pytest.fixture(scope="module")
def views(repo_root, when) -> Views:
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    logo = ImageLogo(
        card=ImageSize("l/a.webp", "l/a.png", 48, 48),
        header=ImageSize("l/b.webp", "", 96, 96),
    )
    return Views(directory.taxonomy, directory.startups, logos={"atlas-pay": logo})


@pytest.fixture(scope="module")
def data(views) -> dict:
    return explorer_data(views)


def test_shape(data, views):
    assert data["v"] == 2
    assert data["u"] == "startups/{slug}/"
    assert data["en"]["u"] == "en/startups/{slug}/"
    assert set(data["d"]) == COLUMNS
    assert all(len(column) == len(views.listed) for column in data["d"].values())
    tx = views.taxonomy
    for key, vocabulary in (("s", "sectors"), ("c", "cities"), ("g", "stages"), ("n", "needs")):
        assert [row[0] for row in data["f"][key]] == tx.ids(vocabulary)
        assert [row[1] for row in data["f"][key]] == [
            tx.label(vocabulary, i) for i in tx.ids(vocabulary)
        ]
    assert [row[0] for row in data["f"]["p"]] == tx.ids("programs")
    assert [row[2] for row in data["f"]["s"]] == [views.colors[i] for i in tx.ids("sectors")]
    assert data["f"]["s"][0][3] == f"secteurs/{tx.ids('sectors')[0]}/"
    assert [row[0] for row in data["f"]["b"]] == list(BUSINESS_MODELS)


def test_only_listed_startups_in_directory_order(data, views):
    closed = {s.slug for s in views.startups if s.status == "closed"}
    assert closed and not closed & set(data["d"]["s"])
    assert data["d"]["s"] == [s.slug for s in views.listed]
    assert data["d"]["n"] == [s.name for s in views.listed]


def test_values_decode_to_the_model(data, views):
    d, f = data["d"], data["f"]

    def ids(key, indices):
        return [f[key][i][0] for i in indices]

    for i, st in enumerate(views.listed):
        assert d["t"][i] == st.tagline.fr
        assert ids("s", d["S"][i]) == list(st.sectors)
        assert f["c"][d["c"][i]][0] == st.city
        assert f["g"][d["g"][i]][0] == st.stage
        assert ids("n", d["N"][i]) == list(st.needs)
        assert set(ids("p", d["P"][i])) == {p.id for p in st.programs}
        assert ids("b", d["b"][i]) == list(st.business_model)
        assert d["r"][i] == int(st.raising)
        assert d["T"][i] == (st.tagline.en or "")
        assert bool(d["X"][i]) == bool(st.description.en)
        seeking = st.seeking_investment
        assert ids("g", d["R"][i]) == ([seeking.round] if seeking else [])
        assert d["M"][i] == ((seeking.amount_mad or 0) if seeking else 0)
        assert d["h"][i] == int(bool(st.hiring))
        assert d["a"][i] == int(st.status == "acquired")
        assert d["y"][i] == st.founded
        assert d["m"][i] == st.updated.isoformat()
        logo = views.logo(st)
        if logo.kind == "placeholder":
            assert d["l"][i] == logo.initials
            assert logo.css == f"sd-s-{st.sectors[0]}"
        else:
            assert d["l"][i] == {"u": "l/a.webp", "f": "l/a.png", "w": 48, "h": 48}


def test_rounds_and_amounts_of_the_sample(data, views):
    """The sample has raising startups with and without an amount, and not raising ones."""
    d = data["d"]
    with_amount = [i for i, st in enumerate(views.listed) if st.raising and d["M"][i]]
    without = [i for i, st in enumerate(views.listed) if st.raising and not d["M"][i]]
    assert with_amount and without
    assert all(
        d["R"][i] == [] and d["M"][i] == 0 for i, st in enumerate(views.listed) if not st.raising
    )


def test_json_bytes_are_compact_and_deterministic(views):
    raw = explorer_json(views)
    assert raw == explorer_json(views)
    assert raw.endswith(b"\n") and b"\n" not in raw[:-1]
    assert json.loads(raw) == explorer_data(views)
    compact = json.dumps(
        explorer_data(views), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    assert raw == (compact + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def synthetic_views(tmp_path_factory, repo_root, when) -> Views:
    """10,000 profiles from bench.synthesise, validated like real ones."""
    root = tmp_path_factory.mktemp("synthetic")
    synthesise(root, 10_000, repo_root, repo_root / "tests" / "corpora")
    shutil.rmtree(root / "content", ignore_errors=True)  # its news posts cite sample startups
    directory, report = load_directory(root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return Views(directory.taxonomy, directory.startups)


def test_size_budget_at_10000_startups(synthetic_views, repo_root):
    report = size_report(synthetic_views)
    assert report["startups"] == 10_000
    assert report["gzip"] < BUDGET, report
    script = (THEME_DIR / "assets/javascripts/explorer.js").read_bytes()
    assert report["gzip"] + len(gzip.compress(script, 9)) < FIRST_LOAD


def test_the_readme_lists_every_url_parameter_of_the_explorer(repo_root):
    script = (THEME_DIR / "assets/javascripts/explorer.js").read_text(encoding="utf-8")
    params = set(re.findall(r'(?:param|from|to): "([a-z_]+)"', script)) | {"q", "tri"}
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("The explorer's address is an interface") :]
    paragraph = paragraph[: paragraph.index("Example:")]
    assert set(re.findall(r"`([a-z_]+)(?:=1)?`", paragraph)) - {"nom", "annee", "maj"} == params
    assert {"tour", "montant_min", "montant_max", "secteur", "levee"} <= params
