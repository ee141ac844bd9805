"""startupdir.content.jsonschema: the JSON Schema for editors, derived from the one declaration."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from startupdir.cli import EXIT_OK, main
from startupdir.content.jsonschema import SCHEMA_PATH, startup_schema
from startupdir.content.model import Contact, Founder, Funding, Links, ProgramMembership, Startup
from startupdir.content.scaffold import SCHEMA_COMMENT
from startupdir.content.schema import fields_of

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def printed() -> str:
    """What `startupdir schema` prints."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["schema"]) == EXIT_OK
    return out.getvalue()


@pytest.fixture(scope="module")
def schema(printed) -> dict:
    return json.loads(printed)


def names(cls) -> list[str]:
    return [name for name, _ in fields_of(cls)]


def required(cls) -> list[str]:
    return [name for name, fs in fields_of(cls) if fs.required]


def test_draft_2020_12(schema):
    assert schema["$schema"] == DRAFT
    assert schema["type"] == "object"
    assert schema["title"]


def test_every_declared_field_is_a_property(schema):
    assert list(schema["properties"]) == names(Startup)
    assert schema["required"] == required(Startup)
    assert schema["additionalProperties"] is False


def test_every_property_is_described_in_french(schema):
    for name, fs in fields_of(Startup):
        assert schema["properties"][name]["description"] == fs.doc


@pytest.mark.parametrize(
    ("path", "cls"),
    [
        (("seeking_investment",), Funding),
        (("programs", "items"), ProgramMembership),
        (("founders", "items"), Founder),
        (("contact",), Contact),
        (("links",), Links),
    ],
)
def test_nested_objects_follow_their_declaration(schema, path, cls):
    node = schema["properties"]
    node = node[path[0]]
    for key in path[1:]:
        node = node[key]
    assert node["type"] == "object"
    assert list(node["properties"]) == names(cls)
    assert node.get("required", []) == required(cls)
    assert node["additionalProperties"] is False


def test_localized_texts(schema):
    for name in ("tagline", "description"):
        node = schema["properties"][name]
        assert set(node["properties"]) == {"fr", "en", "ar"}
        assert node["required"] == ["fr"]
        assert node["additionalProperties"] is False


def test_limits_match_the_specification(schema):
    props = schema["properties"]
    assert props["name"]["maxLength"] == 80 and props["name"]["minLength"] == 1
    assert props["tagline"]["properties"]["fr"]["maxLength"] == 160
    assert props["description"]["properties"]["fr"]["maxLength"] == 3000
    assert props["founded"]["type"] == "integer" and props["founded"]["minimum"] == 1950
    assert (props["employees"]["minimum"], props["employees"]["maximum"]) == (1, 100_000)
    assert (props["sectors"]["minItems"], props["sectors"]["maxItems"]) == (1, 3)
    assert props["sectors"]["uniqueItems"] is True
    assert props["status"]["enum"] == ["active", "acquired", "closed"]
    assert props["business_model"]["items"]["enum"] == ["b2b", "b2c", "b2b2c", "b2g"]
    assert {"MA", "SN", "NO"} <= set(props["markets"]["items"]["enum"])
    assert props["hiring"]["type"] == "boolean"
    assert props["updated"] == {**props["updated"], "type": "string", "format": "date"}
    assert re.match(props["website"]["pattern"], "https://atlas.example")
    assert not re.match(props["website"]["pattern"], "ftp://atlas.example")


def test_output_is_stable_json(printed, schema):
    assert printed == json.dumps(startup_schema(), ensure_ascii=False, indent=2) + "\n"
    assert printed.endswith("}\n")


def test_committed_schema_is_up_to_date(repo_root, printed):
    committed = repo_root / SCHEMA_PATH
    assert committed.is_file(), "run: startupdir schema --out schema/startup.schema.json"
    assert committed.read_text(encoding="utf-8") == printed, (
        "schema/startup.schema.json is stale: "
        "run startupdir schema --out schema/startup.schema.json"
    )


def test_out_option_writes_the_same_text(tmp_path, printed):
    target = tmp_path / "nested" / "startup.schema.json"
    assert main(["schema", "--out", str(target)]) == EXIT_OK
    assert target.read_text(encoding="utf-8") == printed


# ---------------------------------------------------------------------------
# Editors find the schema through the first line of each profile


def sample_profiles(repo_root):
    return sorted((repo_root / "startups").glob("*.yml"))


def test_every_sample_profile_points_to_the_schema(repo_root):
    profiles = sample_profiles(repo_root)
    assert profiles
    for path in profiles:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_COMMENT, path.name


def test_schema_comment_resolves_from_startups(repo_root):
    relative = SCHEMA_COMMENT.split("$schema=", 1)[1]
    assert (repo_root / "startups" / relative).resolve() == (repo_root / SCHEMA_PATH).resolve()


class Yaml12Loader(yaml.SafeLoader):
    """Booleans as editors read them (YAML 1.2): only true/false, so NO stays Norway."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def as_json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_value(v) for v in value]
    return value


def test_sample_profiles_satisfy_the_schema(repo_root, schema):
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    for path in sample_profiles(repo_root):
        instance = as_json_value(yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader))
        errors = [e.message for e in validator.iter_errors(instance)]
        assert errors == [], path.name
