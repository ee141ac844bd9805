"""The profile form (/contribuer/formulaire/, /en/contribute/form/): its specification,
derived from the schema declaration (``content.model``) and the validated taxonomy.

Each control is named by its field's path in the YAML (``tagline.fr``,
``seeking_investment.round``, ``founders.0.name``…); the page's script
(theme/assets/javascripts/form.js) checks the values with the validator's rules and
messages, and writes the profile with the blocks of ``content.scaffold`` (the layout
`startupdir new` writes; ``scaffold.profile_text(values=…)`` is the reference). A field's
help is its rule, ``Kind.describe``, in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from startupdir.content.model import BUSINESS_MODELS, STATUSES, Startup
from startupdir.content.scaffold import GUIDE_PATH, blocks, header
from startupdir.content.schema import ListOf, Object, fields_of
from startupdir.content.schema_kinds import (
    COUNTRIES,
    Boolean,
    Choice,
    Country,
    Date,
    Email,
    GitHubLogin,
    Integer,
    LogoPath,
    Ref,
    Url,
)
from startupdir.content.schema_text import LANGUAGES, I18n, Markdown, PlainText
from startupdir.content.text import json_for_script
from startupdir.content.validate import PROFILE_DIR
from startupdir.site import urls
from startupdir.site.exports import EXTRA_FIELDS, STARTUPS_JSON
from startupdir.site.views import BUSINESS_MODEL_LABELS, Views

# The model's fields that are filled by the loader, not read from the file.
LOADER_FIELDS = ("slug", "source")
# Repeated groups: how many empty rows the page starts with.
GROUP_ROWS = 1
# Interface strings the script reads (data-messages), by catalogue key prefix.
MESSAGE_PREFIXES = ("form.error.", "form.js.")


@dataclass(frozen=True)
class Control:
    """One control of the form (or a group of them: ``children``)."""

    path: str  # the field's path in the YAML; groups use "founders.0.name"
    key: str  # the catalogue key of its label: form.field.<path without indexes>
    type: str  # text, markdown, url, email, integer, year, date, select, boolean, checks,
    # codes, logins, logo, object, group
    label: str
    help: str = ""
    required: bool = False
    max_len: int = 0
    minimum: int | None = None
    maximum: int | None = None
    current_year_max: bool = False
    hosts: tuple[str, ...] = ()
    options: tuple[tuple[str, str, str], ...] = ()  # (value, label, css class)
    min_items: int = 0
    max_items: int | None = None
    lang: str = ""  # the language of a text by language (tagline.en…)
    children: tuple[Control, ...] = ()

    @property
    def id(self) -> str:
        return "f-" + self.path.replace(".", "-")

    @property
    def repeated(self) -> bool:
        return self.type == "group"

    def as_json(self) -> dict:
        out: dict = {"path": self.path, "type": self.type, "required": self.required}
        for name in ("max_len", "minimum", "maximum", "max_items", "lang"):
            value = getattr(self, name)
            if value not in (None, 0, ""):
                out[name] = value
        if self.min_items:
            out["min_items"] = self.min_items
        if self.current_year_max:
            out["current_year_max"] = True
        if self.hosts:
            out["hosts"] = list(self.hosts)
        if self.children:
            out["children"] = [child.as_json() for child in self.children]
        if self.type in ("select", "checks"):
            out["labels"] = {value: label for value, label, _ in self.options}
            out["css"] = {value: css for value, _, css in self.options if css}
        return out


class FormBuilder:
    """Controls for one edition, from the declaration and the taxonomy."""

    def __init__(self, views: Views):
        self.views = views
        self.tr = views.tr

    def label(self, key: str) -> str:
        return self.tr.t(f"form.field.{key}")

    def help(self, kind) -> str:
        """The field's rule in the schema's own words, in the page's language
        (``kind.describe``), without the code marks a founder has no use for; none for a
        choice or a list of choices (the choices say it all)."""
        choices = isinstance(kind, ListOf) and isinstance(kind.item, Ref | Choice)
        if isinstance(kind, Ref | Choice) or choices:
            return ""
        text = kind.describe(self.tr.lang).replace("`", "")
        return text[:1].upper() + text[1:] + "."

    def options(self, kind) -> tuple[tuple[str, str, str], ...]:
        if isinstance(kind, Ref):
            vocabulary = kind.vocabulary
            return tuple(
                (
                    term.id,
                    self.views.label(vocabulary, term.id),
                    f"sd-s-{term.id}" if vocabulary == "sectors" else "",
                )
                for term in getattr(self.views.taxonomy, vocabulary)
            )
        if isinstance(kind, Choice) and kind.values == STATUSES:
            return tuple((value, self.tr.t(f"status.{value}"), "") for value in kind.values)
        if isinstance(kind, Choice) and kind.values == BUSINESS_MODELS:
            return tuple((value, BUSINESS_MODEL_LABELS[value], "") for value in kind.values)
        if isinstance(kind, Choice):
            return tuple((value, value, "") for value in kind.values)
        return ()

    def control(self, path: str, key: str, fs, kind=None) -> Control:
        kind = kind or fs.kind
        common: dict[str, Any] = {
            "path": path,
            "key": key,
            "label": self.label(key),
            "help": self.help(kind),
            "required": fs.required,
        }
        if isinstance(kind, PlainText):
            return Control(type="text", max_len=kind.max_len, **common)
        if isinstance(kind, Markdown):
            return Control(type="markdown", max_len=kind.max_len, **common)
        if isinstance(kind, Url):
            return Control(type="url", hosts=kind.hosts, **common)
        if isinstance(kind, Email):
            return Control(type="email", **common)
        if isinstance(kind, LogoPath):
            return Control(type="logo", **common)
        if isinstance(kind, Integer):
            return Control(
                type="year" if kind.current_year_max else "integer",
                minimum=kind.minimum,
                maximum=kind.maximum,
                current_year_max=kind.current_year_max,
                **common,
            )
        if isinstance(kind, Date):
            return Control(type="date", **common)
        if isinstance(kind, Boolean):
            return Control(type="boolean", **common)
        if isinstance(kind, Ref | Choice):
            return Control(type="select", options=self.options(kind), **common)
        if isinstance(kind, I18n):
            inner = kind.text
            children = tuple(
                Control(
                    path=f"{path}.{lang}",
                    key=key,
                    type="markdown" if isinstance(inner, Markdown) else "text",
                    label=self.tr.t("form.language", language=self.tr.t(f"form.lang.{lang}")),
                    help=self.help(inner) if lang == "fr" else "",
                    required=fs.required and lang == "fr",
                    max_len=getattr(inner, "max_len", 0),
                    lang=lang,
                )
                for lang in LANGUAGES
            )
            return Control(type="object", children=children, **common)
        if isinstance(kind, Object):
            return Control(type="object", children=self.controls(kind.cls, path, key), **common)
        if isinstance(kind, ListOf):
            bounds: dict[str, Any] = {"min_items": kind.min_items, "max_items": kind.max_items}
            if isinstance(kind.item, Object):
                children = self.controls(kind.item.cls, f"{path}.0", key)
                return Control(type="group", children=children, **bounds, **common)
            if isinstance(kind.item, Ref | Choice):
                options = self.options(kind.item)
                return Control(type="checks", options=options, **bounds, **common)
            if isinstance(kind.item, Country):
                return Control(type="codes", **bounds, **common)
            if isinstance(kind.item, GitHubLogin):
                return Control(type="logins", **bounds, **common)
        raise TypeError(f"no form control for {path} ({type(kind).__name__})")

    def controls(self, cls, prefix: str = "", key_prefix: str = "") -> tuple[Control, ...]:
        out = []
        for name, fs in fields_of(cls):
            if name in LOADER_FIELDS:
                continue
            path = f"{prefix}.{name}" if prefix else name
            key = f"{key_prefix}.{name}" if key_prefix else name
            out.append(self.control(path, key, fs))
        return tuple(out)


def controls(views: Views) -> tuple[Control, ...]:
    """The form's controls, one per field of the declaration, in its order."""
    return FormBuilder(views).controls(Startup)


def leaves(items) -> list[Control]:
    """Every control that holds a value (groups and objects opened)."""
    out: list[Control] = []
    for item in items:
        out += leaves(item.children) if item.children else [item]
    return out


def github_urls(views: Views) -> dict[str, str]:
    """GitHub's "new file" page (``filename`` and ``value`` appended by the script) and
    the prefix of a profile's edit page, from mkdocs.yml's repo_url and edit_uri."""
    repo, edit = views.site.repo_url.rstrip("/"), views.site.edit_base.rstrip("/")
    if not repo or not edit:
        return {"new": "", "edit": "", "logos": ""}
    branch = edit.removeprefix(repo + "/").removeprefix("edit/") or "main"
    return {
        "new": f"{repo}/new/{branch}?filename={quote(PROFILE_DIR)}/",
        "edit": f"{edit}/{PROFILE_DIR}/",
        "logos": f"{repo}/upload/{branch}/{PROFILE_DIR}/logos",
    }


def guide_address(views: Views) -> str:
    site = views.site.url
    return urls.absolute(site, urls.CONTRIBUTE) if site else GUIDE_PATH


def messages(views: Views) -> dict[str, str]:
    """The script's strings in the page's language, as written (``{count}`` left to fill)."""
    return {
        key: text for key, text in views.tr.messages.items() if key.startswith(MESSAGE_PREFIXES)
    }


def spec(views: Views) -> dict:
    """What the script needs: controls, the YAML blocks, the messages, the addresses."""
    items = controls(views)
    return {
        "lang": views.lang,
        "header": header(guide_address(views)),
        "blocks": blocks(),
        "controls": [item.as_json() for item in items],
        "countries": sorted(COUNTRIES),
        "derived": [*EXTRA_FIELDS, *LOADER_FIELDS],
        "messages": messages(views),
        "github": github_urls(views),
        "profile": urls.startup("SLUG", views.lang),
    }


def form_context(views: Views) -> dict:
    """The template's context: the controls, and the specification as a script's JSON."""
    items = controls(views)
    return {
        "controls": items,
        "spec_json": json_for_script(spec(views)),
        "data_url": STARTUPS_JSON,
        "github": github_urls(views),
        "guide": urls.CONTRIBUTE
        if views.lang == "fr"
        else urls.source_to_url(urls.TWIN_SOURCES["contribuer.md"]),
    }
