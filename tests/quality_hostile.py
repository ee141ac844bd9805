"""Hostile fixtures for the quality suite (tests/test_quality.py): profiles and a news post
whose fields carry the script-bearing strings of the Big List of Naughty Strings that the
validator accepts, plus sanitiser bypass attempts in descriptions.

The files live in tests/fixtures/hostile/ so they can be read and reviewed; this module
writes them (``python tests/quality_hostile.py``) and the suite checks they are up to date,
so a change of the validator or of the corpus shows up as a failing test, not as silent
loss of coverage. Only values the validator accepts are written: a refused value would
stop the whole build, and refusal is the validator's own tests' business (test_corpora.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BLNS = ROOT / "tests" / "corpora" / "naughty-strings" / "blns.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
WHEN = dt.date(2026, 11, 26)
# A minimal profile whose name, tagline and description take hostile values as YAML scalars
# (the corpus tests of the validator and of the pages fill it).
NAUGHTY_PROFILE = """\
name: {name}
tagline:
  fr: {tagline}
description:
  fr: {description}
website: https://exemple.example
founded: 2020
sectors: [fintech]
city: rabat
stage: idea
employees: 3
updated: 2026-01-01
"""

# A string is "script-bearing" when it could start or smuggle code in some context.
SCRIPT_BEARING = re.compile(
    r"script|alert|prompt|confirm|\bon\w+\s*=|<|>|javascript|vbscript|data:|&#|&\w+;"
    r"|expression|\{\{|\$\{",
    re.I,
)

# Names built by hand: entity-escaped markup must come out literally; the raw markup is
# expected to be refused (and is then left out).
EXTRA_NAMES = (
    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><img src=x onerror=alert(1)>',
    "Atlas\u202ePay",
)

# Sanitiser bypass attempts in descriptions. Those the validator refuses are kept out of
# the fixtures (BYPASS_REFUSED records them); the accepted ones are built and must stay inert.
BYPASS = (
    "[x](javascript&#58;alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<javascript:alert(1)>",
    "[x](JaVaScRiPt:alert(1))",
    "[[x](javascript:alert(1))](https://ok.example)",
    "[x]([y](javascript:alert(1)))",
    '![x](x" onerror="alert(1))',
    '[x](x" onerror="alert(1))',
    "[x](&#106;avascript:alert(1))",
    "[x](java%73cript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/x.js)",
    "<img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    # accepted by the validator: quotes in titles, autolinks and targets, entities
    '[titre](https://ok.example "t\\" onmouseover=\\"alert(1)")',
    '[titre](https://ok.example "a" onmouseover=alert(1))',
    "[titre](https://ok.example 'a' onmouseover='alert(1)')",
    '[ligne](https://ok.example\n"t" onclick=alert(1))',
    '<https://ok.example/"onmouseover="alert(1)>',
    "<https://ok.example/'onmouseover='alert(1)>",
    '<mailto:a@b.example"onmouseover="alert(1)>',
    '[ref][r]\n\n[r]: https://ok.example "t\\" onclick=\\"alert(1)"',
    '[guillemet](https://ok.example/"onmouseover="alert(1))',
    "[pourcent](https://ok.example/%22onmouseover=%22alert(1))",
    "[entité](https://ok.example/&quot;onmouseover=&quot;alert(1))",
    "[balise](https://ok.example/&lt;script&gt;alert(1)&lt;/script&gt;)",
    '[hôte](https://"onmouseover="alert(1)".example)',
    "[courriel](mailto:x@y.example?subject=%22%3E%3Cscript%3Ealert(1)%3C/script%3E)",
    "[javascript:alert(1)](https://ok.example)",
    '[attr](https://ok.example){: href="javascript:alert(1)" onclick="alert(1)"}',
    '[attr](https://ok.example){: onclick="alert(1)" }',
    'Paragraphe.\n{: tabindex="0" autofocus onfocus="alert(1)" }',
    '[focus](https://ok.example){: autofocus onfocus="alert(1)" }',
    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&lt;img src=x onerror=alert(1)&gt;",
    "${alert(1)} {{ 7*7 }} {% raw %}",
)

ARABIC = "نص تجريبي عدائي للاختبار"

PROFILE_BASE = {
    "website": "https://hostile.example",
    "founded": 2020,
    "sectors": ["fintech"],
    "city": "rabat",
    "stage": "idea",
    "employees": 4,
    "needs": ["financing"],
    "updated": "2026-11-01",
}


def blns() -> list[str]:
    return json.loads(BLNS.read_text(encoding="utf-8"))


def yaml_text(data: dict) -> str:
    """Block YAML with every string double-quoted (the exact string is what is read back)."""

    class Dumper(yaml.SafeDumper):
        pass

    def string(dumper, value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')

    Dumper.add_representer(str, string)
    text = yaml.dump(
        data,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=False,
    )
    return re.sub(r'^(\s*(?:- )?)"([a-z_]+)":', r"\1\2:", text, flags=re.M)


class Checker:
    """The validator's own checks (schema.check_object on the hardened YAML tree)."""

    def __init__(self):
        from startupdir.content.problems import Report
        from startupdir.content.validate import load_taxonomy

        self.taxonomy = load_taxonomy(ROOT, Report(), WHEN)

    def problems(self, profile: dict) -> list[str]:
        from startupdir.content.load import parse
        from startupdir.content.model import Startup
        from startupdir.content.schema import INVALID, Context, check_object
        from startupdir.content.yamltext import YamlProblem, decode

        try:
            node, soft = parse(decode(yaml_text(profile).encode("utf-8")))
        except YamlProblem as exc:
            return [exc.message]
        ctx = Context("startups/hostile.yml", self.taxonomy, WHEN, ROOT / "startups")
        value = check_object(Startup, node, "", ctx)
        found = [p.message for p in soft] + [f"{p.field}: {p.message}" for p in ctx.problems]
        if value is INVALID and not found:
            found.append("refusé")
        return found

    def accepts(self, field: str, value: str) -> bool:
        profile = {
            "name": "Cas de test",
            "tagline": {"fr": "Accroche"},
            "description": {"fr": "Texte"},
            **PROFILE_BASE,
            "founders": [{"name": "Fondatrice", "role": "CEO"}],
        }
        if field == "name":
            profile["name"] = value
        elif field == "tagline":
            profile["tagline"] = {"fr": value}
        elif field == "description":
            profile["description"] = {"fr": value}
        elif field == "founder":
            profile["founders"] = [{"name": value, "role": "CEO"}]
        elif field == "role":
            profile["founders"] = [{"name": "Fondatrice", "role": value}]
        return not self.problems(profile)


def candidates() -> list[str]:
    """Script-bearing naughty strings, then the hand-made names (order kept, no repeat)."""
    found = [s for s in blns() if s.strip() and SCRIPT_BEARING.search(s)]
    return list(dict.fromkeys([*found, *EXTRA_NAMES]))


def accepted_names(checker: Checker) -> list[str]:
    from startupdir.content.validate import name_key

    names, keys = [], set()
    for value in candidates():
        key = name_key(value)
        if key not in keys and checker.accepts("name", value):
            names.append(value)
            keys.add(key)
    return names


def bypass_split(checker: Checker) -> tuple[list[str], list[str]]:
    accepted, refused = [], []
    for attempt in BYPASS:
        (accepted if checker.accepts("description", attempt) else refused).append(attempt)
    return accepted, refused


def profiles(checker: Checker | None = None) -> dict[str, str]:
    """File name -> YAML text of every hostile profile."""
    checker = checker or Checker()
    names = accepted_names(checker)
    bypass, _ = bypass_split(checker)
    n = len(names)
    out = {}
    for i, name in enumerate(names):

        def pick(field, offset, default, i=i):
            value = names[(i + offset) % n]
            return value if checker.accepts(field, value) else default

        chunk = bypass[i::n] or [bypass[i % len(bypass)]]
        own = name if checker.accepts("description", name) else "Texte."
        profile = {
            "name": name,
            "tagline": {"fr": pick("tagline", 1, "Accroche"), "ar": ARABIC},
            "description": {
                "fr": "\n\n".join(["Profil hostile de test.", own, *chunk]) + "\n",
                "en": "\n\n".join(["Hostile test profile.", pick("description", 2, "Text.")])
                + "\n",
                "ar": "\n\n".join([ARABIC, pick("description", 3, ARABIC)]) + "\n",
            },
            **PROFILE_BASE,
            "hiring": bool(i % 2),
            "founders": [
                {"name": pick("founder", 4, "Fondatrice"), "role": pick("role", 5, "CEO")},
            ],
            "contact": {"email": f"contact{i}@hostile.example"},
        }
        problems = checker.problems(profile)
        assert not problems, (name, problems)
        out[f"hostile-{i:02d}.yml"] = yaml_text(profile)
    return out


POST_NAME = "2026-11-25-hostile.md"
# The title may not hold "<" or entities (the validator says so); quotes and code may.
POST_TITLE = "\"';alert(123);t='\" onfocus=JaVaSCript:alert(123) autofocus {{ 7*7 }} ${alert(1)}"
POST_DESCRIPTION = (
    '" onfocus=JaVaSCript:alert(123) autofocus &lt;script&gt;alert(&#39;123&#39;);&lt;/script&gt;'
    " < / script >< script >alert(123)< / script > {{ 7*7 }}"
)


# Accepted by the news validator, but MkDocs' strict link validation then stops the build
# ("unrecognized relative link"): harmless in a browser, kept out of the fixture post.
POST_BUILD_BREAKERS = (
    "[x]([y](javascript:alert(1)))",
    '![x](x" onerror="alert(1))',
    '[x](x" onerror="alert(1))',
)


@functools.cache
def _site_sources():
    from startupdir.content.postcheck import site_sources

    return site_sources(ROOT, None, [], WHEN)


def post_accepts(line: str) -> bool:
    """The news validator's check of a post's text: its source, and its HTML as MkDocs
    renders it (nothing the cleaning removes, no link the strict build refuses)."""
    from startupdir.content.postcheck import check_text
    from startupdir.content.schema import INVALID, Context

    ctx = Context(f"content/actualites/posts/{POST_NAME}", None, WHEN, ROOT)
    body = f"# Titre\n\n{line}\n"
    title = check_text(body, 1, ctx, f"actualites/posts/{POST_NAME}", _site_sources())
    return title is not INVALID and not ctx.problems


def post(startups: list[str]) -> str:
    meta = {
        "date": "2026-11-25",
        "authors": ["equipe"],
        "categories": ["Startups"],
        "description": POST_DESCRIPTION,
        "startups": startups,
    }
    front = yaml_text(meta).replace('date: "2026-11-25"', "date: 2026-11-25")
    body = "\n\n".join(
        [
            f"# {POST_TITLE}",
            "Actualité hostile de test : rien de ce qui suit ne doit s'exécuter.",
            "<!-- more -->",
            *[b for b in BYPASS if post_accepts(b) and b not in POST_BUILD_BREAKERS],
            f"[Le premier profil hostile](../../startups/{startups[0]}.md)",
        ]
    )
    return f"---\n{front}---\n\n{body}\n"


# A post written by hand with what a check of the Markdown source cannot see (definitions
# hidden in quotes and lists, attribute lists, a scheme cut by a newline, mermaid, images,
# srcset, style, ping and video from elsewhere, unclosed or stray tags). The validator
# refuses it: the quality build publishes it with the checks of a post's text switched off
# (post_text_unchecked), so the browser shows what the cleaning alone makes of it.
ROUTES_POST_NAME = "2026-11-24-sorties-de-route.md"
ROUTES_POST_TITLE = "Sorties de route : ce que le nettoyage retire"


@contextlib.contextmanager
def post_text_unchecked():
    """The news validator without its checks of a post's text (source and rendered HTML),
    for builds in this process: whatever a post holds is published, through the cleaning
    alone. Front matter, file names and the other files stay checked."""
    import pytest
    from startupdir.content import postload
    from startupdir.content import posts as news

    def title_only(body, start_line, ctx, *args, **kwargs):
        match = news._TITLE.search(body)
        return match.group(1).strip() if match else news.INVALID

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postload, "check_text", title_only)
        yield


def fixture_files(kind: str) -> list[Path]:
    """The fixture files of one kind ("startups" or "posts"), sorted."""
    return sorted(p for p in (FIXTURES / kind).iterdir() if p.suffix in (".yml", ".md"))


def strings(path: Path) -> list[str]:
    """Every string value of a fixture profile."""
    out, todo = [], [yaml.safe_load(path.read_text(encoding="utf-8"))]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return out


def fixture_name(slug: str) -> str:
    """The name of the fixture profile ``slug``, as the YAML holds it."""
    data = yaml.safe_load((FIXTURES / "startups" / f"{slug}.yml").read_text(encoding="utf-8"))
    return data["name"]


def write(folder: Path = FIXTURES) -> None:
    checker = Checker()
    found = profiles(checker)
    (folder / "startups").mkdir(parents=True, exist_ok=True)
    (folder / "posts").mkdir(parents=True, exist_ok=True)
    for old in (folder / "startups").glob("*.yml"):
        if old.name not in found:
            old.unlink()
    for name, text in found.items():
        (folder / "startups" / name).write_text(text, encoding="utf-8")
    slugs = [Path(n).stem for n in sorted(found)]
    (folder / "posts" / POST_NAME).write_text(post(slugs[:2]), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES)
