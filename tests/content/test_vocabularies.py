"""One declaration for each list: the five vocabularies (startupdir.content.vocabularies),
from which schema messages, URLs, titles, the explorer and the staff report derive, and the
blog categories (posts.CATEGORIES), which Material's blog reads from mkdocs.yml."""

from __future__ import annotations

import dataclasses

from mkdocs.config import load_config
from startupdir.content import posts
from startupdir.content.model import Startup, Taxonomy
from startupdir.content.schema import ListOf, Object
from startupdir.content.schema_kinds import REF_NOUNS, Ref
from startupdir.content.vocabularies import VOCABULARIES
from startupdir.site import explorer, urls
from startupdir.site.views import Views
from startupdir.staff import health

# ---------------------------------------------------------------------------
# Blog categories


def test_blog_categories_are_the_ones_posts_declare(repo_root):
    config = load_config(str(repo_root / "mkdocs.yml"))
    blog = config.plugins["material/blog"].config
    assert list(blog.categories_allowed) == list(posts.CATEGORIES)


# ---------------------------------------------------------------------------
# Vocabularies


def test_the_taxonomy_holds_the_declared_vocabularies_in_order():
    assert [f.name for f in dataclasses.fields(Taxonomy)] == list(VOCABULARIES)


def referred(kind) -> set[str]:
    """The vocabularies a field kind refers to: a Ref, a list of them, or objects holding one."""
    if isinstance(kind, Ref):
        return {kind.vocabulary}
    if isinstance(kind, ListOf):
        return referred(kind.item)
    if isinstance(kind, Object):
        return {v for f in dataclasses.fields(kind.cls) if "spec" in f.metadata
                for v in referred(f.metadata["spec"].kind)}  # fmt: skip
    return set()


def test_each_vocabulary_field_refers_to_its_vocabulary():
    fields = {f.name: f for f in dataclasses.fields(Startup)}
    for vocabulary in VOCABULARIES.values():
        assert referred(fields[vocabulary.field].metadata["spec"].kind) == {vocabulary.id}


def test_every_place_derives_the_vocabularies_from_the_declaration(sample_directory):
    assert {v.id: v.folder for v in VOCABULARIES.values()} == urls.SECTIONS
    assert dict(explorer.FACETS) == {v.facet: v.id for v in VOCABULARIES.values()}
    assert {k: REF_NOUNS[k] for k in VOCABULARIES} == {
        v.id: (v.noun, v.feminine) for v in VOCABULARIES.values()
    }
    assert set(health.COUNTED) <= set(VOCABULARIES)
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    for vocabulary in VOCABULARIES.values():
        assert views.section_page(vocabulary.id).title == vocabulary.title
    # URLs and explorer keys are public: they never change.
    assert urls.SECTIONS == {
        "sectors": "secteurs",
        "cities": "villes",
        "stages": "stades",
        "needs": "besoins",
        "programs": "programmes",
    }
    assert [key for key, _ in explorer.FACETS] == ["s", "c", "g", "n", "p"]


def test_memberships_follow_the_declared_fields(sample_directory):
    startup = next(s for s in sample_directory.startups if s.programs)
    assert VOCABULARIES["cities"].members(startup) == (startup.city,)
    assert VOCABULARIES["sectors"].members(startup) == startup.sectors
    assert VOCABULARIES["programs"].members(startup) == tuple(p.id for p in startup.programs)
    assert VOCABULARIES["cities"].this == "cette ville"
    assert VOCABULARIES["sectors"].this == "ce secteur"
