"""startupdir.content.load: bytes -> located node tree, refusing every hostile construct."""

from __future__ import annotations

import pytest
import yaml
from startupdir.content import yamltree
from startupdir.content.load import parse, read_file
from startupdir.content.yamltext import MAX_BYTES, YamlProblem, decode
from startupdir.content.yamltree import MAX_DEPTH


def refused(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value


def mapping(text: str) -> dict:
    root, duplicates = parse(text)
    assert root.kind == "mapping"
    assert duplicates == []
    return {key.value: value for key, value in root.items}


# ---------------------------------------------------------------------------
# The tree


def test_c_parser_is_used_when_available():
    # The performance requirement relies on libyaml; the event pass keeps it safe.
    if hasattr(yaml, "CSafeLoader"):
        assert yamltree._Parser is yaml.CSafeLoader


def test_nodes_are_located_one_based():
    root, _ = parse("name: Atlas Pay\nsectors:\n  - fintech\n  - saas\n")
    assert (root.kind, root.line, root.col) == ("mapping", 1, 1)
    (k1, v1), (k2, v2) = root.items
    assert (k1.value, k1.line, k1.col) == ("name", 1, 1)
    assert (v1.value, v1.line, v1.col) == ("Atlas Pay", 1, 7)
    assert (k2.value, v2.kind) == ("sectors", "sequence")
    assert [(n.value, n.line, n.col) for n in v2.items] == [("fintech", 3, 5), ("saas", 4, 5)]


def test_scalars_stay_the_text_that_was_typed():
    values = mapping('a: "2021"\nb: NO\nc: yes\nd: 007\ne: 1e3\nf: 2026-01-01\ng: off\n')
    assert {k: v.value for k, v in values.items()} == {
        "a": "2021",
        "b": "NO",
        "c": "yes",
        "d": "007",
        "e": "1e3",
        "f": "2026-01-01",
        "g": "off",
    }
    assert values["a"].style == '"'
    assert values["b"].style == ""


def test_scalar_styles_are_kept():
    values = mapping("a: 'x'\nb: \"x\"\nc: |\n  x\nd: >\n  x\ne: x\n")
    assert {k: v.style for k, v in values.items()} == {
        "a": "'",
        "b": '"',
        "c": "|",
        "d": ">",
        "e": "",
    }


def test_null_is_only_an_empty_or_tilde_plain_scalar():
    values = mapping("a:\nb: ~\nc: ''\nd: \"~\"\ne: null\n")
    assert {k: v.is_null for k, v in values.items()} == {
        "a": True,
        "b": True,
        "c": False,
        "d": False,
        "e": False,
    }


def test_quoted_merge_key_is_an_ordinary_key():
    assert list(mapping('"<<": 1\n')) == ["<<"]


def test_document_with_no_content_is_a_scalar_root():
    root, _ = parse("---\n")
    assert root.kind == "scalar" and root.is_null


# ---------------------------------------------------------------------------
# decode(): encoding, size, control characters


def test_bom_and_crlf_are_accepted():
    assert decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n") == "a: 1\nb: 2\n"


def test_lone_carriage_returns_become_line_feeds():
    assert decode(b"a: 1\rb: 2\r") == "a: 1\nb: 2\n"


def test_non_utf8_is_located_at_the_first_bad_byte():
    with pytest.raises(YamlProblem) as info:
        decode(b"name: ok\ncity: F\xe8s\n")
    assert (info.value.line, info.value.col) == (2, 8)
    assert info.value.message == "le fichier n'est pas encodé en UTF-8"
    assert "UTF-8" in info.value.hint


def test_utf16_is_refused():
    with pytest.raises(YamlProblem) as info:
        decode("name: x\n".encode("utf-16"))
    assert info.value.message == "le fichier n'est pas encodé en UTF-8"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "caractère nul (U+0000)"),
        ("\x07", "caractère de contrôle invisible (U+0007)"),
        ("\x0b", "tabulation verticale (U+000B)"),
        ("\x1b", "caractère d'échappement (U+001B)"),
        ("\x7f", "caractère de suppression (U+007F)"),
        ("\x9f", "caractère de contrôle invisible (U+009F)"),
        ("\ufffe", "non-caractère Unicode, sans dessin (U+FFFE)"),
    ],
)
def test_control_characters_are_refused_by_what_they_are_and_where(char, name):
    with pytest.raises(YamlProblem) as info:
        decode(f"a: 1\nname: ab{char}c\n".encode())
    assert (info.value.line, info.value.col) == (2, 9)
    assert info.value.message == f"{name} à la colonne 9"
    pronoun = "la" if name.startswith("tabulation") else "le"
    assert info.value.hint == (
        f"supprimez-{pronoun} : placez le curseur juste avant « c », puis appuyez une fois "
        "sur Retour arrière (souvent issu d'un copier-coller)"
    )
    assert not info.value.fixable


def test_next_line_is_not_refused_when_decoding():
    # NEL is read like U+2028: a line break in free text (see the schema's tests).
    assert decode("a: x\x85y\n".encode()) == "a: x\x85y\n"


def test_tab_and_newlines_are_not_control_characters_for_decode():
    assert decode(b"a:\tb\r\n") == "a:\tb\n"


def test_size_limit_is_64_kib_inclusive():
    exactly = b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n"
    assert len(exactly) == MAX_BYTES
    assert decode(exactly).startswith("a: 1")
    with pytest.raises(YamlProblem) as info:
        decode(exactly + b"#")
    assert info.value.message.startswith("fichier trop volumineux")
    assert (info.value.line, info.value.col) == (1, 1)


def test_size_message_never_says_the_limit_is_exceeded_by_nothing():
    # 64 KiB + 1 byte used to be reported as "(64 Kio, maximum 64 Kio)": round up.
    with pytest.raises(YamlProblem) as info:
        decode(b"#" * (MAX_BYTES + 1))
    assert info.value.message == "fichier trop volumineux (65 Kio, maximum 64 Kio)"


def test_read_file_reports_an_unreadable_path(tmp_path):
    with pytest.raises(YamlProblem) as info:
        read_file(tmp_path / "absent.yml")
    assert info.value.message.startswith("lecture impossible")


def test_read_file_never_follows_a_symbolic_link(tmp_path):
    (tmp_path / "real.yml").write_text("name: Vrai\n", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(tmp_path / "real.yml")
    (tmp_path / "dangling.yml").symlink_to(tmp_path / "absent.yml")
    for name in ("link.yml", "dangling.yml"):
        with pytest.raises(YamlProblem) as info:
            read_file(tmp_path / name)
        assert (info.value.line, info.value.col, info.value.message) == (
            1,
            1,
            "lien symbolique refusé",
        )
    assert read_file(tmp_path / "real.yml")[0].items[0][1].value == "Vrai"


def test_read_file_refuses_what_is_not_a_regular_file(tmp_path):
    with pytest.raises(YamlProblem) as info:
        read_file(tmp_path)
    assert info.value.message == "ce n'est pas un fichier ordinaire"


# ---------------------------------------------------------------------------
# Refused constructs


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a: &x 1\n", 1, 4, "ancre YAML « &x » interdite"),
        ("a: 1\nb: *x\n", 2, 4, "alias YAML « *x » interdit"),
        ("a: !!python/object:os.system x\n", 1, 4, "étiquette de type YAML"),
        ("a: !!str 1\n", 1, 4, "étiquette de type YAML"),
        ("a: !local 1\n", 1, 4, "étiquette de type YAML « !local » interdite"),
        ("!!map\na: 1\n", 1, 1, "étiquette de type YAML"),
        ("a: 1\n<<: {b: 2}\n", 2, 1, "clé de fusion YAML « << » interdite"),
        ("? [a]\n: 1\n", 1, 3, "clé complexe interdite"),
        ("a: 1\n---\nb: 2\n", 2, 1, "plusieurs documents YAML dans un seul fichier"),
        ("", 1, 1, "le fichier est vide"),
        ("# only a comment\n", 1, 1, "le fichier est vide"),
    ],
)
def test_refused_constructs(text, line, col, message):
    problem = refused(text)
    assert (problem.line, problem.col) == (line, col)
    assert problem.message.startswith(message)
    assert problem.hint


def test_anchor_is_refused_before_its_alias_can_expand():
    # A "billion laughs" bomb stops at its first anchor.
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert refused(bomb).message == "ancre YAML « &a » interdite"


def test_nesting_of_max_depth_is_accepted():
    # The root mapping is level 1; nine nested lists make ten levels.
    root, _ = parse("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert root.kind == "mapping"


def test_nesting_deeper_than_max_depth_is_refused():
    problem = refused("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert problem.message == f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"
    assert (problem.line, problem.col) == (1, 3 + MAX_DEPTH)


def test_block_nesting_is_limited_too():
    text = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 20))
    problem = refused(text)
    assert problem.message.startswith("imbrication trop profonde")
    assert problem.line == MAX_DEPTH + 1


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 100_000, "a: " + "{" * 100_000, "- " * 100_000],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_hundred_thousand_levels_give_a_clear_error_in_process(text):
    problem = refused(text)
    assert problem.line == 1
    assert problem.message in {
        f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
        "clé complexe interdite",  # `{{` makes a mapping the key of a mapping
    }


def test_exact_depth_error_for_a_deep_flow_list():
    problem = refused("a: " + "[" * 100_000)
    assert problem.message == f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"
    assert problem.hint


# ---------------------------------------------------------------------------
# Duplicate keys: reported, reading goes on


def test_duplicate_key_names_both_lines_and_keeps_the_first_value():
    root, duplicates = parse("name: A\ncity: rabat\nname: B\n")
    assert [k.value for k, _ in root.items] == ["name", "city"]
    assert root.items[0][1].value == "A"
    (problem,) = duplicates
    assert (problem.line, problem.col, problem.field) == (3, 1, "name")
    assert problem.message == "champ « name » en double (déjà présent à la ligne 1)"


def test_duplicate_key_in_a_nested_mapping():
    _, duplicates = parse("tagline:\n  fr: a\n  en: b\n  fr: c\n")
    assert [(p.line, p.col) for p in duplicates] == [(4, 3)]
    assert "ligne 2" in duplicates[0].message


def test_duplicate_keys_with_container_values_are_dropped():
    root, duplicates = parse("a: [1]\na: [2, [3]]\nb: 1\n")
    assert [k.value for k, _ in root.items] == ["a", "b"]
    assert [n.value for n in root.items[0][1].items] == ["1"]
    assert len(duplicates) == 1


# ---------------------------------------------------------------------------
# Syntax errors, said in words a non-programmer follows


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a: b: c\n", 1, 5, "deux-points « : » inattendu dans une valeur"),
        ('a: "\\q"\n', 1, 5, "séquence d'échappement inconnue entre guillemets doubles"),
        ("a: @x\n", 1, 4, "caractère inattendu en début de valeur"),
        ("a:\n  - x\n  y: 1\n", 3, 3, "élément de liste mal aligné"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "indentation incohérente"),
        ("a: 1\n\tb: 2\n", 2, 1, "tabulation utilisée pour l'indentation"),
        ("a: |\n\tx\n", 2, 1, "tabulation utilisée pour l'indentation"),
    ],
)
def test_syntax_errors_are_explained(text, line, col, message):
    problem = refused(text)
    assert (problem.line, problem.col, problem.message) == (line, col, message)
    assert problem.hint


def test_tab_indenting_a_mapping_is_explained_as_a_tab():
    # libyaml says "found character that cannot start any token" without naming
    # the tab; the explanation must still be about tabulations.
    problem = refused("name: x\ntagline:\n\tfr: y\n")
    assert (problem.line, problem.col) == (3, 1)
    assert problem.message == "tabulation utilisée pour l'indentation"


def test_missing_colon_points_at_the_line_without_colon():
    # libyaml notices on the next line; the contributor must be sent to line 2.
    problem = refused("name: x\ncity rabat\nstage: idea\n")
    assert problem.message == "deux-points « : » manquant après le nom d'un champ"
    assert (problem.line, problem.col) == (2, 1)


def test_unclosed_flow_list_points_at_its_opening_bracket():
    problem = refused("name: x\nsectors: [fintech\ncity: rabat\n")
    assert problem.message == "liste entre crochets mal fermée"
    assert (problem.line, problem.col) == (2, 10)
