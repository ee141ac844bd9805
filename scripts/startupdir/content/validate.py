"""Validate the whole repository, then report everything: per-file checks, then
cross-file checks (slugs, duplicate names). Produces a Report and, when every file
is valid, the Directory that generators consume.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from startupdir.content.challenges import CHALLENGE_DIR, Challenge, check_dates, logo_node
from startupdir.content.clock import today
from startupdir.content.confusables import skeleton
from startupdir.content.identity import IDENTITY_FILE, Identity
from startupdir.content.load import read_file
from startupdir.content.model import PROFILE_DIR, Startup, Taxonomy
from startupdir.content.parallel import map_chunks
from startupdir.content.postload import add_translations, load_posts
from startupdir.content.posts import POST_SUFFIXES, POSTS_DIR, Post
from startupdir.content.problems import Problem, Report
from startupdir.content.removed import RemovedProfile, load_removed, tombstones
from startupdir.content.schema import INVALID, Context, check_object, slug_problem
from startupdir.content.schema_kinds import display
from startupdir.content.yamltext import YamlProblem
from startupdir.images.images import ImagePipeline

CACHE_DIR = ".cache"
TAXONOMY_FILE = "taxonomy.yml"


@dataclass(frozen=True)
class Directory:
    """Everything the generators need, validated: nothing downstream reads a file again."""

    root: Path
    taxonomy: Taxonomy
    startups: tuple[Startup, ...]
    posts: tuple = ()
    removed: tuple[RemovedProfile, ...] = ()  # removed profiles whose URL keeps a page
    identity: Identity | None = None  # directory.yml; always set by load_directory
    challenges: tuple[Challenge, ...] = ()  # challenges/*.yml, by slug

    @property
    def authors(self) -> dict[str, str]:
        """The news authors' names by identifier (validated .authors.yml), for the feed."""
        return {
            key: name
            for post in self.posts
            for key, name in zip(post.meta.authors, post.author_names, strict=True)
        }

    def startup(self, slug: str) -> Startup:
        for startup in self.startups:
            if startup.slug == slug:
                return startup
        raise KeyError(slug)

    def challenge(self, slug: str) -> Challenge:
        for challenge in self.challenges:
            if challenge.slug == slug:
                return challenge
        raise KeyError(slug)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding taxonomy.yml, else the current folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / TAXONOMY_FILE).is_file():
            return folder
    return here


def read_checked(path: Path, cls, ctx: Context):
    """Read one YAML file as ``cls``; every problem goes to ``ctx``. Returns (value, node)."""
    try:
        node, soft = read_file(path)
    except YamlProblem as exc:
        ctx.problems.append(exc.problem(ctx.file))
        return INVALID, None
    for warning in soft:
        ctx.problems.append(warning.problem(ctx.file))
    return check_object(cls, node, "", ctx), node


def _guard(action, ctx: Context):
    """Run one file's checks; a bug of ours becomes a located problem, not a traceback."""
    try:
        return action()
    except RecursionError:
        ctx.problems.append(
            Problem(ctx.file, 1, 1, "", "structure trop profonde", "simplifiez le fichier")
        )
    except Exception as exc:  # noqa: BLE001 - contributors never see a traceback
        ctx.problems.append(
            Problem(
                ctx.file,
                1,
                1,
                "",
                f"erreur interne du validateur ({type(exc).__name__})",
                "signalez-la à l'équipe de l'annuaire en joignant ce fichier",
            )
        )
    return INVALID, None


def load_taxonomy(root: Path, report: Report, when: dt.date) -> Taxonomy | None:
    path = root / TAXONOMY_FILE
    name = display(path, root)
    report.files_checked += 1
    if not path.is_file():
        report.problems.append(
            Problem(
                name, 1, 1, "", "fichier de taxonomie introuvable", "créez taxonomy.yml à la racine"
            )
        )
        return None
    ctx = Context(name, None, when, root)
    taxonomy, _ = _guard(lambda: read_checked(path, Taxonomy, ctx), ctx)
    # Staff files: `startupdir validate --fix` rewrites profiles and posts only.
    report.problems.extend(dataclasses.replace(p, fixable=False) for p in ctx.problems)
    return None if taxonomy is INVALID else taxonomy


def load_identity(root: Path, report: Report, when: dt.date) -> Identity | None:
    """directory.yml: the directory's name, country, colours… (staff file)."""
    path = root / IDENTITY_FILE
    name = display(path, root)
    report.files_checked += 1
    if not path.is_file():
        report.problems.append(
            Problem(
                name,
                1,
                1,
                "",
                "fichier d'identité de l'annuaire introuvable",
                f"créez {IDENTITY_FILE} à la racine (nom, pays, couleur… de l'annuaire)",
            )
        )
        return None
    ctx = Context(name, None, when, root)
    identity, _ = _guard(lambda: read_checked(path, Identity, ctx), ctx)
    report.problems.extend(dataclasses.replace(p, fixable=False) for p in ctx.problems)
    return None if identity is INVALID else identity


PROFILE_SUFFIXES = (".yml", ".yaml")  # .yaml is read, then refused with its own message
LOGO_DIR = "logos"


def is_profile_name(path: Path) -> bool:
    return path.suffix in PROFILE_SUFFIXES and path.stem != ""


def profile_paths(folder: Path) -> list[Path]:
    """The entries of startups/ read as profiles; a symbolic link among them is refused
    when read, and a linked startups/ folder is not read at all (see unexpected_entries)."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if is_profile_name(p) and (p.is_symlink() or not p.is_dir())
    )


# What the hints about stray entries say, by folder: (folder hint, nameless hint, file hint).
ENTRY_HINTS = {
    PROFILE_DIR: (
        "seul le dossier logos/ y est attendu ; les profils sont à la racine de startups/",
        "nommez le fichier d'après la startup, ex. ma-startup.yml",
        "un profil se nomme ma-startup.yml ; les logos vont dans startups/logos/",
    ),
    CHALLENGE_DIR: (
        "aucun dossier n'y est attendu ; les défis sont à la racine de challenges/",
        "nommez le fichier d'après le défi, ex. mon-defi.yml",
        "un défi se nomme mon-defi.yml ; le logo de l'entreprise va dans startups/logos/",
    ),
}


def unexpected_entries(folder: Path, root: Path) -> list[Problem]:
    """What startups/ holds besides profiles and the logos/ folder (or challenges/ besides
    challenges): reported, so that a file with a mistyped name is never skipped in silence."""
    where = folder.name
    folder_hint, nameless_hint, file_hint = ENTRY_HINTS[where]
    if folder.is_symlink():
        return [
            Problem(
                display(folder, root),
                1,
                1,
                "",
                f"le dossier {where}/ est un lien symbolique",
                "remplacez le lien par un vrai dossier : un lien peut mener hors du dépôt",
            )
        ]
    if not folder.is_dir():
        return []
    problems = []
    for entry in sorted(folder.iterdir()):
        if is_profile_name(entry) and (entry.is_symlink() or not entry.is_dir()):
            continue
        linked = entry.is_symlink()
        logos = where == PROFILE_DIR and entry.name == LOGO_DIR
        if logos and entry.is_dir() and not linked:
            continue
        name = entry.name
        suffix = Path(name).suffix
        if linked:
            message = f"lien symbolique « {name} » dans {where}/"
            hint = "remplacez le lien par le fichier ou le dossier lui-même"
        elif logos:
            message = "« logos » doit être un dossier"
            hint = "placez les images dans le dossier startups/logos/"
        elif entry.is_dir():
            message = f"dossier inattendu « {name} » dans {where}/"
            hint = folder_hint
        elif name.lower() in PROFILE_SUFFIXES:
            message = f"fichier sans nom « {name} »"
            hint = nameless_hint
        elif suffix.lower() in PROFILE_SUFFIXES:
            message = f"extension « {suffix} » non acceptée"
            hint = f"renommez le fichier en {Path(name).stem}.yml (extension en minuscules)"
        else:
            message = f"fichier inattendu « {name} » dans {where}/"
            hint = file_hint
        problems.append(Problem(display(entry, root), 1, 1, "", message, hint))
    return problems


@dataclass(frozen=True)
class Loaded:
    startup: Startup
    name_line: int


def file_name_problems(path: Path, name: str) -> list[Problem]:
    """A profile's or a challenge's file name: ``.yml``, and a valid slug (its id)."""
    problems = []
    if path.suffix != ".yml":
        problems.append(
            Problem(
                name,
                1,
                1,
                "",
                "extension « .yaml » non acceptée",
                f"renommez le fichier en {path.stem}.yml",
            )
        )
    problem = slug_problem(path.stem)
    if problem:
        message, hint = problem
        problems.append(Problem(name, 1, 1, "", f"nom de fichier : {message}", hint))
    return problems


def load_profile(
    path: Path, root: Path, taxonomy, when: dt.date, report: Report, images=None
) -> Loaded | None:
    name = display(path, root)
    ctx = Context(name, taxonomy, when, path.parent)
    report.files_checked += 1
    slug = path.stem
    ctx.problems.extend(file_name_problems(path, name))
    startup, node = _guard(lambda: read_checked(path, Startup, ctx), ctx)
    if startup is not INVALID and startup.logo and images is not None:
        logo_line = next((v.line for k, v in node.items if k.value == "logo"), 1)
        logo_col = next((v.col for k, v in node.items if k.value == "logo"), 1)
        for message, hint in images.check_logo(path.parent / startup.logo):
            ctx.problems.append(Problem(name, logo_line, logo_col, "logo", message, hint))
    report.problems.extend(ctx.problems)
    if startup is INVALID or ctx.problems:
        return None
    name_line = next((k.line for k, _ in node.items if k.value == "name"), 1)
    return Loaded(dataclasses.replace(startup, slug=slug, source=name), name_line)


def load_challenge(
    path: Path, root: Path, taxonomy, when: dt.date, report: Report, images=None
) -> Challenge | None:
    """One challenges/<slug>.yml, read like a profile (the slug is the file name); its
    company logo is a path inside startups/, like a profile's."""
    name = display(path, root)
    ctx = Context(name, taxonomy, when, root / PROFILE_DIR)
    report.files_checked += 1
    slug = path.stem
    ctx.problems.extend(file_name_problems(path, name))
    challenge, node = _guard(lambda: read_checked(path, Challenge, ctx), ctx)
    if challenge is not INVALID:
        challenge = check_dates(challenge, node, ctx)
    if challenge is not INVALID and challenge.company.logo and images is not None:
        logo = logo_node(node) or node
        for message, hint in images.check_logo(root / PROFILE_DIR / challenge.company.logo):
            ctx.problems.append(Problem(name, logo.line, logo.col, "company.logo", message, hint))
    # `startupdir validate --fix` rewrites profiles and posts only.
    report.problems.extend(dataclasses.replace(p, fixable=False) for p in ctx.problems)
    if challenge is INVALID or ctx.problems:
        return None
    return dataclasses.replace(challenge, slug=slug, source=name)


def is_challenge(path: Path, root: Path) -> bool:
    """A YAML file in a challenges/ folder (the repository's, or one named on the command line)."""
    return path.suffix in PROFILE_SUFFIXES and CHALLENGE_DIR in Path(display(path, root)).parts[:-1]


def name_key(name: str) -> str:
    """What names that look alike share, whatever their case: NFKC, case folded, then the
    confusable skeleton (Unicode TS #39, invisible characters removed), spaces collapsed.
    "ＡＴＬＡＳ ｐａｙ", "atlas PAY" and "Аtlas Pay" (Cyrillic А) have the key of "Atlas Pay"."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(skeleton(folded).casefold().split())


def name_keys(name: str) -> tuple[str, str]:
    """name_key, and the key of the skeleton taken before case folding: the skeleton
    is case-sensitive ("AtIas Pay" with a capital I looks like "Atlas Pay")."""
    shown = skeleton(unicodedata.normalize("NFKC", name))
    return name_key(name), name_key(shown)


def check_duplicates(loaded: list[Loaded], report: Report, wanted: set[str] | None) -> None:
    seen: dict[str, Loaded] = {}
    for item in sorted(loaded, key=lambda x: x.startup.source):
        keys = name_keys(item.startup.name)
        earlier = next((seen[key] for key in keys if key in seen), item)
        for key in keys:
            seen.setdefault(key, item)
        if earlier is item:
            continue
        if wanted is not None and item.startup.source not in wanted:
            if earlier.startup.source not in wanted:
                continue
            item, earlier = earlier, item  # blame the file being validated
        startup, first = item.startup, earlier.startup
        report.problems.append(
            Problem(
                startup.source,
                item.name_line,
                1,
                "name",
                f"nom « {startup.name} » déjà utilisé par {first.source}",
                "une startup n'a qu'un profil : mettez à jour le profil existant",
            )
        )


def unknown_files(paths: list[Path], root: Path) -> list[Problem]:
    """Files named on the command line that are neither a profile nor a post."""
    return [
        Problem(
            display(p, root),
            1,
            1,
            "",
            "fichier non vérifié : ni un profil, ni un défi, ni une actualité",
            "les profils et les défis sont des .yml ; les actualités des .md dans "
            "content/actualites/posts/",
        )
        for p in paths
        if p.is_file() and p.suffix not in (".yml", ".yaml") and not is_post(p, root)
    ]


def expand(paths: list[Path]) -> list[Path]:
    """Files named on the command line, folders expanded to their YAML and Markdown files."""
    out = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yml", ".yaml", *POST_SUFFIXES) and p.is_file()
            )
        else:
            out.append(path)
    return out


def is_post(path: Path, root: Path) -> bool:
    """A file Material's blog publishes as a post: Markdown at any depth under posts/."""
    return path.suffix in POST_SUFFIXES and display(path, root).startswith(POSTS_DIR + "/")


class ProfileMemo:
    """Valid profiles of an earlier validation, reused while their file (and logo) is
    unchanged, the taxonomy the same and the day too: `make preview` rebuilds re-read only
    the profiles that were edited. Profiles with a problem are never kept."""

    def __init__(self) -> None:
        self.context: tuple = ()
        self.entries: dict[Path, tuple[tuple, Loaded]] = {}

    @staticmethod
    def stamp(path: Path, logo: Path | None) -> tuple:
        files = (path, logo) if logo is not None else (path,)
        try:
            return tuple((s.st_mtime_ns, s.st_size) for s in (f.stat() for f in files))
        except OSError:
            return ()

    def start(self, taxonomy, when: dt.date) -> None:
        context = (repr(taxonomy), when)
        if context != self.context:
            self.context, self.entries = context, {}

    def get(self, path: Path) -> Loaded | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        stamp, item = entry
        logo = path.parent / item.startup.logo if item.startup.logo else None
        return item if stamp and stamp == self.stamp(path, logo) else None

    def keep(self, path: Path, item: Loaded) -> None:
        logo = path.parent / item.startup.logo if item.startup.logo else None
        self.entries[path] = (self.stamp(path, logo), item)


def load_directory(
    root: Path,
    paths: list[Path] | None = None,
    when: dt.date | None = None,
    memo: ProfileMemo | None = None,
) -> tuple[Directory | None, Report]:
    """Validate the repository (or only ``paths``) and return the model when all is valid
    (with ``memo``, unchanged valid profiles of an earlier call are not read again)."""
    when = when or today()
    report = Report()
    images = ImagePipeline(root / CACHE_DIR / "images")
    taxonomy = load_taxonomy(root, report, when)
    named = paths is not None and any(p.name == IDENTITY_FILE for p in expand(paths))
    identity = load_identity(root, report, when) if paths is None or named else None
    repo = profile_paths(root / PROFILE_DIR)
    expanded = None if paths is None else expand(paths)
    if paths is not None:
        report.problems.extend(unknown_files(paths, root))
    post_targets = None if expanded is None else [p for p in expanded if is_post(p, root)]
    targets = (
        repo
        if expanded is None
        else [
            p
            for p in expanded
            if p.name not in (TAXONOMY_FILE, IDENTITY_FILE)
            and p.suffix in (".yml", ".yaml")
            and not is_post(p, root)
            and not is_challenge(p, root)
        ]
    )
    challenge_repo = profile_paths(root / CHALLENGE_DIR)
    challenge_targets = (
        challenge_repo if expanded is None else [p for p in expanded if is_challenge(p, root)]
    )

    def check_profiles(paths: Sequence[Path]) -> list[tuple]:
        """One chunk of profiles: what it found, on its own pipeline (it may run in a
        forked process: the results travel back, shared state would not)."""
        part, pipeline = Report(), images.fresh()
        items = [load_profile(path, root, taxonomy, when, part, pipeline) for path in paths]
        return [(items, part, pipeline.work())]

    loaded = []
    todo = targets
    if memo is not None:
        memo.start(taxonomy, when)
        kept = {path: memo.get(path) for path in targets}
        loaded = [item for item in kept.values() if item is not None]
        todo = [path for path, item in kept.items() if item is None]
        report.files_checked += len(loaded)
        report.profiles += len(loaded)
    checked: list = []
    for items, part, work in map_chunks(check_profiles, todo):
        report.problems.extend(part.problems)
        report.files_checked += part.files_checked
        report.profiles += len(items)
        images.absorb(work)
        checked += items
    loaded += [item for item in checked if item is not None]
    if memo is not None:
        for path, item in zip(todo, checked, strict=True):
            if item is not None:
                memo.keep(path, item)
    wanted = None
    if paths is not None:
        wanted = {display(p, root) for p in targets}
        quiet = Report()
        for path in repo:
            if display(path, root) not in wanted:
                item = load_profile(path, root, taxonomy, when, quiet)
                if item is not None:
                    loaded.append(item)
    check_duplicates(loaded, report, wanted)
    removed: tuple[RemovedProfile, ...] = ()
    challenges = [
        load_challenge(path, root, taxonomy, when, report, images) for path in challenge_targets
    ]
    if paths is None:
        report.problems.extend(unexpected_entries(root / PROFILE_DIR, root))
        report.problems.extend(unexpected_entries(root / CHALLENGE_DIR, root))
        entries, problems = load_removed(root, when)
        report.problems.extend(problems)
        removed = tombstones(entries, root)
    posts: tuple[Post, ...] = ()
    if post_targets is None or post_targets:
        slugs = [p.stem for p in repo]
        challenge_slugs = [p.stem for p in challenge_repo]
        posts = load_posts(
            root, taxonomy, slugs, when, report, post_targets, challenges=challenge_slugs
        )
        if post_targets is None:
            posts = add_translations(root, posts, taxonomy, slugs, when, report)
    images.save()
    if taxonomy is None or identity is None or not report.ok or paths is not None:
        return None, report
    ordered = tuple(sorted((x.startup for x in loaded), key=lambda s: s.slug))
    found = tuple(sorted((c for c in challenges if c is not None), key=lambda c: c.slug))
    return Directory(root, taxonomy, ordered, posts, removed, identity, found), report
