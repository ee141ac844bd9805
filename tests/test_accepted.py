"""What `startupdir validate` accepts, `startupdir build` builds.

- Every description the validator accepts, from the corpora (naughty strings, CNCF
  landscape) and from hostile structures built on them (lists and quotes nested at and past
  the limit), carries the HTML the build prints, and renders to it again without error,
  even with little stack left; every refusal is a located French problem.
- No value of the naughty strings corpus, in any field, crashes the validator.
- A repository holding the sample data, every valid fixture, the hostile profiles and
  profiles made of every accepted corpus description validates, then builds in strict
  mode, each description on its page as the validator rendered it.
"""

from __future__ import annotations

import inspect
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from startupdir.content.load import parse
from startupdir.content.model import Startup
from startupdir.content.schema import INVALID, Context, check_object
from startupdir.content.schema_text import Markdown
from startupdir.content.text import MAX_NESTING, Rendered, markdown_to_html, render_checked
from startupdir.content.validate import load_directory
from startupdir.content.yamltext import YamlProblem, decode

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
STRINGS = [s for s in json.loads((CORPORA / "naughty-strings" / "blns.json").read_text()) if s]
FIXTURES = HERE / "fixtures"


def landscape_descriptions() -> list[str]:
    data = yaml.load(
        (CORPORA / "cncf-landscape" / "landscape.yml").read_text(encoding="utf-8"),
        Loader=yaml.CSafeLoader,
    )
    return [
        str(item["description"])
        for category in data["landscape"]
        for sub in category.get("subcategories") or []
        for item in sub.get("items") or []
        if item.get("description")
    ]


def nested(text: str, depth: int, how: str) -> str:
    """``text`` placed ``depth`` lists or quotes deep, written the way ``how`` says."""
    if how == "markers":
        return "- " * depth + text
    if how == "quotes":
        return "> " * depth + text
    if how == "indented":
        return "".join("    " * level + "- niveau\n" for level in range(depth - 1)) + (
            "    " * (depth - 1) + "- " + text
        )
    # "mixed": ordered lists and quotes in turn
    return "".join(("1. ", "> ")[level % 2] for level in range(depth)) + text


def descriptions() -> list[str]:
    texts = STRINGS + landscape_descriptions()[:300]
    out = list(texts)
    for index, text in enumerate(STRINGS):
        how = ("markers", "quotes", "indented", "mixed")[index % 4]
        for depth in (2, MAX_NESTING, MAX_NESTING + 1, 40):
            out.append(nested(text.replace("\n", " "), depth, how))
    return out


def check_description(text: str, taxonomy, when):
    """The validator's check of ``text`` as description.fr: (value, problems)."""
    quoted = yaml.safe_dump(text, default_style='"', width=float("inf"), allow_unicode=True)
    root, _ = parse(f"description: {quoted}")
    ctx = Context("startups/x.yml", taxonomy, when)
    value = Markdown(3000).check(root.items[0][1], "description.fr", ctx)
    return value, ctx.problems


def with_headroom(frames: int, action):
    """``action()`` with only ``frames`` stack frames left above the caller: a build
    renders from deep inside MkDocs, far deeper than a test does."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        return action()
    finally:
        sys.setrecursionlimit(limit)


@pytest.fixture(scope="module")
def verdicts(taxonomy, when):
    return [(text, *check_description(text, taxonomy, when)) for text in descriptions()]


def test_corpora_are_exercised(verdicts):
    accepted = [v for _, v, _ in verdicts if v is not INVALID]
    deep = [p for _, _, problems in verdicts for p in problems if "imbriquées" in p.message]
    assert len(accepted) > 1000 and len(deep) > 300


def test_every_accepted_description_renders_as_the_build_renders_it(verdicts):
    for text, value, problems in verdicts:
        if value is INVALID:
            continue
        assert problems == [] and type(value) is Rendered, text
        assert markdown_to_html(value, "fr") == value.html  # what the build prints
        # Rendered again from the bare text, with 200 frames to spare: same HTML.
        html, refusals = with_headroom(200, lambda v=value: render_checked(str(v), "fr"))
        assert html == value.html, text
        assert refusals == [], text


def test_every_refused_description_is_a_located_french_problem(verdicts):
    for text, value, problems in verdicts:
        if value is not INVALID:
            continue
        assert len(problems) == 1, text
        (problem,) = problems
        assert problem.field == "description.fr" and problem.line >= 1 and problem.col >= 1
        assert problem.message and problem.hint, text
        assert "interne" not in problem.message, text


def test_nesting_past_the_limit_is_refused_and_at_the_limit_accepted(taxonomy, when):
    for how in ("markers", "quotes", "indented", "mixed"):
        at_limit, _ = check_description(nested("texte", MAX_NESTING, how), taxonomy, when)
        assert type(at_limit) is Rendered, how
        past, problems = check_description(nested("texte", MAX_NESTING + 1, how), taxonomy, when)
        assert past is INVALID, how
        assert [p.message for p in problems] == [
            "listes ou citations imbriquées sur plus de 8 niveaux"
        ]


# ---------------------------------------------------------------------------
# Every field, every naughty string: a verdict, never a crash

PROFILE = {
    "name": '"Nom"',
    "tagline": "{fr: Accroche}",
    "description": "{fr: Texte}",
    "website": "https://exemple.example",
    "founded": "2020",
    "sectors": "[fintech]",
    "city": "rabat",
    "stage": "idea",
    "employees": "3",
    "updated": "2026-01-01",
}
# Where a value goes: field, and the YAML written there (VALUE stands for the value).
PLACES = {
    "name": ("name", "VALUE"),
    "tagline": ("tagline", "{fr: VALUE}"),
    "description": ("description", "{fr: Texte, en: VALUE}"),
    "website": ("website", "VALUE"),
    "founded": ("founded", "VALUE"),
    "employees": ("employees", "VALUE"),
    "status": ("status", "VALUE"),
    "sectors": ("sectors", "[VALUE]"),
    "city": ("city", "VALUE"),
    "markets": ("markets", "[VALUE]"),
    "business_model": ("business_model", "[VALUE]"),
    "hiring": ("hiring", "VALUE"),
    "seeking_investment": ("seeking_investment", "{round: seed, amount_mad: VALUE}"),
    "programs": ("programs", "[{id: technopark-incubation, year: VALUE}]"),
    "founders": ("founders", "[{name: VALUE, role: VALUE, linkedin: VALUE}]"),
    "contact": ("contact", "{email: VALUE}"),
    "links": ("links", "{linkedin: VALUE, x: VALUE}"),
    "logo": ("logo", "VALUE"),
    "maintainers": ("maintainers", "[VALUE]"),
    "updated": ("updated", "VALUE"),
}
EXTRA_VALUES = [
    "7" * 5000,
    "0" * 4000 + "12",
    "_".join(["123"] * 1500),
    "logos/" + "x" * 400 + ".png",
    "logos/" + "d/" * 1500 + "x.png",
    "https://" + "a" * 64 + ".example",
    "https://[::1]:99999/",
    "2026-02-30",
    "٢٠٢٦-٠١-٠١",
    "contact@exemple.ma\n",
]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_no_value_crashes_the_validator(place, taxonomy, when, repo_root):
    checked = 0
    for value in STRINGS + EXTRA_VALUES:
        quoted = yaml.safe_dump(
            value, default_style='"', width=float("inf"), allow_unicode=True
        ).strip()
        fields = dict(PROFILE)
        key, template = PLACES[place]
        fields[key] = template.replace("VALUE", quoted)
        text = "".join(f"{k}: {v}\n" for k, v in fields.items())
        try:
            root, _ = parse(decode(text.encode("utf-8")))
        except YamlProblem:
            continue
        ctx = Context("startups/x.yml", taxonomy, when, repo_root / "startups")
        result = check_object(Startup, root, "", ctx)  # raises on a crash
        checked += 1
        assert (result is INVALID) == bool(ctx.problems), (place, value)
        for problem in ctx.problems:
            assert problem.line >= 1 and problem.col >= 1, (place, value)
            assert "interne" not in problem.message, (place, value)
    assert checked > 400


# ---------------------------------------------------------------------------
# Accepted, then built

CORPUS_PROFILE = {
    "website": "https://corpus.example",
    "founded": 2019,
    "sectors": ["saas"],
    "city": "casablanca",
    "stage": "seed",
    "employees": 7,
    "updated": "2026-10-01",
}


@pytest.fixture(scope="module")
def accepted_repo(tmp_path_factory, copy_repo, verdicts):
    """The sample data, every valid fixture, the hostile profiles and one profile per
    three accepted corpus descriptions (fr, en, ar)."""
    root = copy_repo(tmp_path_factory.mktemp("accepted") / "repo")
    startups = root / "startups"
    for path in sorted((FIXTURES / "valid").glob("*.yml")):
        shutil.copy(path, startups / f"fixture-{path.name}")
    for logo in (FIXTURES / "valid" / "logos").iterdir():
        shutil.copy(logo, startups / "logos" / logo.name)
    for path in sorted((FIXTURES / "hostile" / "startups").glob("*.yml")):
        shutil.copy(path, startups / path.name)
    accepted = list(dict.fromkeys(str(v) for _, v, _ in verdicts if v is not INVALID))
    for number, start in enumerate(range(0, len(accepted), 3)):
        texts = dict(zip(("fr", "en", "ar"), accepted[start : start + 3], strict=False))
        profile = {
            "name": f"Corpus {number:04d}",
            "tagline": {"fr": "Profil fait de descriptions du corpus"},
            "description": texts,
            **CORPUS_PROFILE,
        }
        text = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=10_000)
        (startups / f"corpus-{number:04d}.yml").write_text(text, encoding="utf-8")
    return root


def test_everything_validate_accepts_builds(accepted_repo, build, tmp_path, when):
    directory, report = load_directory(accepted_repo, when=when)
    assert report.ok, [p.as_text() for p in report.sorted()][:20]
    slugs = {s.slug for s in directory.startups}
    assert {f"fixture-{p.stem}" for p in (FIXTURES / "valid").glob("*.yml")} <= slugs
    assert len([s for s in slugs if s.startswith("corpus-")]) > 300
    site = build(accepted_repo, tmp_path / "site")
    for startup in directory.startups:
        page = (site / "startups" / startup.slug / "index.html").read_text(encoding="utf-8")
        for _, text in startup.description.items():
            assert type(text) is Rendered
            assert text.html in page, startup.slug


def test_the_build_renders_each_description_once(site_repo, build, tmp_path, monkeypatch):
    """The validator renders; the build prints what it rendered (no second Markdown pass)."""
    from startupdir.content import text as text_module

    rendered = []
    convert = text_module._convert
    monkeypatch.setattr(
        text_module,
        "_convert",
        lambda text, prefix="md": rendered.append(text) or convert(text, prefix),
    )
    build(site_repo, tmp_path / "site")
    descriptions = [
        text
        for path in sorted((site_repo / "startups").glob("*.yml"))
        for text in yaml.safe_load(path.read_text(encoding="utf-8"))["description"].values()
    ]
    assert len(descriptions) > 40
    # The challenges' problems are the same Markdown subset, rendered once too.
    descriptions += [
        text
        for path in sorted((site_repo / "challenges").glob("*.yml"))
        for text in yaml.safe_load(path.read_text(encoding="utf-8"))["problem"].values()
    ]
    assert sorted(rendered) == sorted(t.strip() + "\n" for t in descriptions)
