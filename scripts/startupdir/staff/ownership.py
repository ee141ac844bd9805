"""`startupdir check-changes`: who may change which file in a pull request.

Rules, checked on the commits between ``git merge-base BASE HEAD`` and ``HEAD``:

- a profile (``startups/<slug>.yml``) that exists on the base branch may be changed,
  renamed or deleted only by one of its ``maintainers`` as they are *on the base branch*
  (a pull request cannot add its author to the list and use it in the same stroke);
- a new profile may be added by anyone;
- a logo under ``startups/logos/`` that exists on the base may be changed or deleted by
  whoever may edit every base profile that uses it; a new logo must be used by a profile
  the author may edit (one they maintain, or a new one);
- anything else (taxonomy, code, content, workflows, symlinks) is for staff;
- staff accounts, listed in ``staff.yml`` (read from the base branch too), may change
  anything.

Everything read from Git is untrusted: profiles are parsed with the hardened loader
(``startupdir.content.load``), never with a YAML library's own constructor, and Git is run with
argument lists and a validated revision name.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from startupdir.content.load import parse
from startupdir.content.model import PROFILE_DIR
from startupdir.content.yamltext import MAX_BYTES, YamlProblem, decode
from startupdir.content.yamltree import Node

PROFILE_PREFIX = PROFILE_DIR + "/"  # Git paths
LOGO_DIR = PROFILE_PREFIX + "logos/"
STAFF_KEY = "staff"
GIT_TIMEOUT = 120

# A branch, tag, remote branch or commit id, optionally followed by ~N or ^N: never an
# option (leading "-"), a range (".."), a reflog ("@{") or any other revision syntax.
SAFE_REF = re.compile(
    r"^(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9][A-Za-z0-9._/-]{0,199}(?:[~^][0-9]{0,4}){0,10}$"
)
# GitHub logins (bots end with "[bot]").
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$")
PROFILE = re.compile(r"^startups/[^/\n]+\.yml$")
REGULAR_FILE_MODES = {"100644", "100755"}

ASK = "demandez à un mainteneur ou à l'équipe de relire"
ASK_STAFF = "un membre de l'équipe doit relire ce changement"


class UsageError(Exception):
    """Bad arguments or a repository Git cannot read (exit code 2)."""


class GitError(Exception):
    pass


# ---------------------------------------------------------------------------
# Git plumbing (argument lists only, never a shell)


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=false", *args],
            input=data,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git {args[0]} : {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} : {message[-1] if message else done.returncode}")
    return done.stdout


def _resolve(root: Path, ref: str) -> str:
    if not SAFE_REF.fullmatch(ref):
        raise UsageError(f"référence Git refusée « {ref[:60]} » (ex. origin/main)")
    try:
        out = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except GitError:
        raise UsageError(f"référence Git introuvable : « {ref} »") from None
    return out.decode().strip()


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, T, R or C (first letter of git's status)
    path: str  # the path after the change (the old path for D)
    old_path: str = ""  # renames and copies: the path before
    old_mode: str = ""
    new_mode: str = ""


def changed_files(
    root: Path, base: str, head: str = "HEAD", *, renames: bool = True
) -> list[Change]:
    """Files changed between ``merge-base(base, head)`` and ``head`` (committed only).

    With ``renames``, a renamed file is one change with its old and new paths (Git's
    similarity guess); without, a deletion and an addition."""
    base_id = _resolve(root, base)
    head_id = _resolve(root, head)
    merge_base = _git(root, "merge-base", base_id, head_id).decode().strip()
    detect = "-M" if renames else "--no-renames"
    out = _git(root, "diff", "--raw", "-z", detect, "--no-abbrev", merge_base, head_id, "--")
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes, i = [], 0
    while i < len(fields) and fields[i]:
        meta = fields[i].lstrip(":").split()
        old_mode, new_mode, status = meta[0], meta[1], meta[4][0]
        if status in "RC":
            changes.append(Change(status, fields[i + 2], fields[i + 1], old_mode, new_mode))
            i += 3
        else:
            changes.append(Change(status, fields[i + 1], "", old_mode, new_mode))
            i += 2
    return changes


class Revision:
    """Files of one commit, read on demand (sizes checked before reading)."""

    def __init__(self, root: Path, commit: str):
        self.root, self.commit = root, commit
        self._listing: dict[str, str] | None = None

    def files(self, folder: str) -> dict[str, str]:
        """Paths under ``folder`` (not recursive) -> mode."""
        if self._listing is None:
            self._listing = {}
            out = _git(self.root, "ls-tree", "-z", self.commit, "--", PROFILE_PREFIX)
            for entry in out.decode("utf-8", "surrogateescape").split("\0"):
                if entry:
                    meta, path = entry.split("\t", 1)
                    self._listing[path] = meta.split()[0]
        return {p: m for p, m in self._listing.items() if p.rsplit("/", 1)[0] + "/" == folder}

    def exists(self, path: str) -> bool:
        try:
            _git(self.root, "cat-file", "-e", f"{self.commit}:{path}")
        except GitError:
            return False
        return True

    def read(self, path: str) -> bytes | None:
        """The blob's bytes, None when absent; YamlProblem when too large to be a profile."""
        spec = f"{self.commit}:{path}"
        try:
            size = int(_git(self.root, "cat-file", "-s", spec).decode().strip())
        except (GitError, ValueError):
            return None
        if size > MAX_BYTES:
            raise YamlProblem(1, 1, f"fichier trop volumineux ({-(-size // 1024)} Kio)")
        return _git(self.root, "cat-file", "blob", spec)

    def read_many(self, paths: list[str]) -> dict[str, bytes]:
        """Several small blobs in two Git calls; absent or oversized ones are left out."""
        wanted = [p for p in paths if "\n" not in p]
        if not wanted:
            return {}
        specs = "".join(f"{self.commit}:{p}\n" for p in wanted).encode("utf-8", "surrogateescape")
        sizes = _git(self.root, "cat-file", "--batch-check=%(objecttype) %(objectsize)", data=specs)
        small = []
        for path, line in zip(wanted, sizes.decode().splitlines(), strict=True):
            kind, _, size = line.partition(" ")
            if kind == "blob" and size.isdigit() and int(size) <= MAX_BYTES:
                small.append(path)
        if not small:
            return {}
        specs = "".join(f"{self.commit}:{p}\n" for p in small).encode("utf-8", "surrogateescape")
        out = _git(self.root, "cat-file", "--batch", data=specs)
        pos = 0
        blobs: dict[str, bytes] = {}
        for path in small:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            length = int(header[2])
            blobs[path] = out[end + 1 : end + 1 + length]
            pos = end + 1 + length + 1
        return blobs


# ---------------------------------------------------------------------------
# Reading maintainers, logos and staff from untrusted YAML


def _scalar(root: Node, key: str) -> Node | None:
    if root.kind != "mapping":
        return None
    for k, value in root.items:
        if k.value == key:
            return value
    return None


def _logins(node: Node | None) -> tuple[str, ...]:
    """The GitHub logins of a list node, as written (an optional leading @ dropped)."""
    if node is None or node.kind != "sequence":
        return ()
    out = []
    for item in node.items:
        if item.kind == "scalar":
            login = item.value.strip().removeprefix("@")
            if LOGIN.fullmatch(login):
                out.append(login)
    return tuple(out)


def read_tree(data: bytes) -> Node:
    """Bytes -> node tree with the hardened loader; YamlProblem on anything refused."""
    node, _duplicates = parse(decode(data))
    return node


def maintainers_of(data: bytes) -> tuple[str, ...]:
    return _logins(_scalar(read_tree(data), "maintainers"))


def logo_of(data: bytes) -> str | None:
    node = _scalar(read_tree(data), "logo")
    if node is None or node.kind != "scalar" or not node.value:
        return None
    return posixpath.normpath(PROFILE_PREFIX + node.value.strip())


def read_staff(data: bytes | None) -> tuple[str, ...]:
    if data is None:
        return ()
    return _logins(_scalar(read_tree(data), STAFF_KEY))


def _same(login: str, accounts) -> bool:
    return login.casefold() in {a.casefold() for a in accounts}


# ---------------------------------------------------------------------------
# The decision


@dataclass
class Verdict:
    author: str
    staff: bool
    changes: list[Change] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


class _Checker:
    def __init__(self, root: Path, base: Revision, head: Revision, author: str):
        self.root, self.base, self.head, self.author = root, base, head, author
        self._maintainers: dict[str, tuple[str, ...] | YamlProblem | None] = {}

    def maintainers(self, path: str):
        """Base maintainers of a profile: a tuple, None when new, or the YamlProblem."""
        if path not in self._maintainers:
            try:
                data = self.base.read(path)
                self._maintainers[path] = None if data is None else maintainers_of(data)
            except YamlProblem as exc:
                self._maintainers[path] = exc
            except RecursionError:
                self._maintainers[path] = YamlProblem(1, 1, "structure trop profonde")
        return self._maintainers[path]

    def may_edit(self, path: str) -> bool:
        owners = self.maintainers(path)
        if owners is None:
            return True
        return isinstance(owners, tuple) and _same(self.author, owners)

    def profile(self, path: str, verb: str) -> str | None:
        owners = self.maintainers(path)
        if owners is None:
            return None  # new profile: anyone may add it
        who = f"@{self.author}"
        if isinstance(owners, YamlProblem):
            return (
                f"{path} : profil illisible sur la branche de base (ligne {owners.line} : "
                f"{owners.message}) — {ASK_STAFF}"
            )
        if _same(self.author, owners):
            return None
        listed = f"mainteneurs : {', '.join(owners)}" if owners else "aucun mainteneur déclaré"
        prefix = f"{verb}, " if verb else ""
        return f"{path} : {prefix}{who} n'est pas mainteneur de ce profil ({listed}) — {ASK}"

    def users_of(self, revision: Revision, logo: str) -> list[str]:
        users = []
        profiles = sorted(p for p in revision.files(PROFILE_PREFIX) if PROFILE.fullmatch(p))
        for path, data in revision.read_many(profiles).items():
            try:
                if logo_of(data) == logo:
                    users.append(path)
            except (YamlProblem, RecursionError):
                continue
        return sorted(users)

    def logo(self, path: str, deleted: bool) -> str | None:
        who = f"@{self.author}"
        if self.base.exists(path):
            users = self.users_of(self.base, path)
            if users and all(self.may_edit(p) for p in users):
                return None
            if not users:
                return f"{path} : logo utilisé par aucun profil, modification réservée à l'équipe — {ASK_STAFF}"
            return (
                f"{path} : {who} ne peut pas {'supprimer' if deleted else 'modifier'} ce logo, "
                f"utilisé par {', '.join(users)} — {ASK}"
            )
        users = self.users_of(self.head, path)
        if any(self.may_edit(p) for p in users):
            return None
        if not users:
            return (
                f"{path} : nouveau logo utilisé par aucun profil — indiquez-le dans le champ "
                "« logo » de votre profil"
            )
        return f"{path} : {who} ne peut pas ajouter ce logo pour {', '.join(users)} — {ASK}"

    def other(self, path: str) -> str:
        return (
            f"{path} : modification réservée à l'équipe (@{self.author} n'en fait pas partie) "
            f"— {ASK_STAFF}"
        )

    def check(self, change: Change) -> list[str]:
        lines: list[str | None] = []
        special = {change.old_mode, change.new_mode} - REGULAR_FILE_MODES - {"000000"}
        paths = [change.old_path, change.path] if change.old_path else [change.path]
        for index, path in enumerate(paths):
            deleted = change.status == "D" or (change.status == "R" and index == 0)
            if change.status == "C" and index == 0:
                continue  # a copy leaves its source untouched
            if special:
                lines.append(
                    f"{path} : lien symbolique ou sous-module, réservé à l'équipe — {ASK_STAFF}"
                )
            elif PROFILE.fullmatch(path):
                verb = "suppression refusée" if deleted else ""
                lines.append(self.profile(path, verb))
            elif path.startswith(LOGO_DIR) and "/" not in path[len(LOGO_DIR) :]:
                lines.append(self.logo(path, deleted))
            else:
                lines.append(self.other(path))
        return [line for line in lines if line]


def _staff_bytes(root: Path, base: Revision, staff_file: Path) -> bytes | None:
    """The staff list as it is on the base branch (a pull request cannot add to it)."""
    path = staff_file if staff_file.is_absolute() else root / staff_file
    try:
        inside = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        inside = None
    if inside is None:  # a file outside the repository: not part of the pull request
        try:
            return path.read_bytes()[: MAX_BYTES + 1]
        except OSError:
            return None
    return base.read(inside)


def review_changes(root: Path, base: str, author: str, staff_file: Path) -> Verdict:
    root = Path(root)
    author = author.strip().removeprefix("@")
    if not LOGIN.fullmatch(author):
        raise UsageError(f"compte GitHub invalide « {author[:40]} »")
    try:
        changes = changed_files(root, base)
        base_rev = Revision(root, _resolve(root, base))
        head_rev = Revision(root, _resolve(root, "HEAD"))
        try:
            staff = read_staff(_staff_bytes(root, base_rev, staff_file))
        except (YamlProblem, RecursionError):
            staff = ()
        verdict = Verdict(author, _same(author, staff), changes)
        if verdict.staff:
            return verdict
        checker = _Checker(root, base_rev, head_rev, author)
        for change in changes:
            verdict.refused.extend(checker.check(change))
    except GitError as exc:
        raise UsageError(str(exc)) from None
    return verdict


# ---------------------------------------------------------------------------
# The list of changed profiles, for the pull request's job summary

_STATUS_FR = {"A": "ajouté", "M": "modifié", "T": "modifié", "D": "supprimé", "C": "ajouté"}


def profile_changes(changes: list[Change]) -> list[tuple[str, str]]:
    """(path, French status) of every profile touched, in path order."""
    out = []
    for change in changes:
        if change.status == "R":
            if PROFILE.fullmatch(change.old_path):
                out.append((change.old_path, f"renommé en {change.path}"))
            if PROFILE.fullmatch(change.path):
                out.append((change.path, "ajouté (renommage)"))
        elif PROFILE.fullmatch(change.path):
            out.append((change.path, _STATUS_FR.get(change.status, "modifié")))
    return sorted(out)


def summary_markdown(changes: list[Change]) -> str:
    rows = profile_changes(changes)
    lines = ["### Profils ajoutés ou modifiés", ""]
    if not rows:
        lines.append("Aucun profil n'est touché par cette demande.")
    for path, status in rows:
        lines.append(f"- `{path.replace('`', '')}` : {status}")
    others = sum(1 for c in changes if not PROFILE.fullmatch(c.path))
    if others:
        lines += ["", f"Autres fichiers modifiés : {others}."]
    return "\n".join(lines) + "\n"
