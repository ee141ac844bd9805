"""`startupdir check-links`: the external links of every profile, checked with LinkChecker.

LinkChecker (https://linkchecker.github.io/linkchecker/) is a maintained link checker that
already does what a polite checker must: a per-host request rate limit
(``maxrequestspersecond``), timeouts, redirects, robots.txt, TLS verification. It runs as
a separate program (``python -m linkcheck``, GPL-licensed, not imported): the URLs go to
its standard input, recursion is off (``-r 0``: only the given pages are fetched, never
the sites behind them), and its CSV report is read back.

Some sites answer robots with "forbidden" or "too many requests" whatever the page
(LinkedIn's 999, Cloudflare's 403): those links are not reported as dead, since nobody
can tell from here. Dead means: the page is missing (4xx), the server fails (5xx), the
name does not resolve, the connection is refused, TLS fails, or no answer in time.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from startupdir import __version__
from startupdir.content.french import plural

USER_AGENT = f"startupdir-linkcheck/{__version__} (annuaire des startups)"


def user_agent() -> str:
    """The project's name and version, and the repository's address when REPO_URL is set
    (the same variable mkdocs.yml reads), so a site owner can find who is checking."""
    repo = os.environ.get("REPO_URL", "").strip()
    if re.fullmatch(r"https?://[^\s;()]+", repo):
        return f"startupdir-linkcheck/{__version__} (annuaire des startups; +{repo})"
    return USER_AGENT


DEFAULT_RATE = 1.0  # requests per second and per host, at most
DEFAULT_TIMEOUT = 20.0
MAX_RATE = 10.0  # LinkChecker ignores more unless the server allows it
UNVERIFIABLE = {401, 403, 429, 999}
CHECKER_TIMEOUT = 3 * 3600


class LinkCheckerError(Exception):
    """LinkChecker is missing or failed (not a dead link)."""


@dataclass(frozen=True, order=True)
class DeadLink:
    where: str  # "startups/atlas-pay.yml: links.x"
    url: str
    reason: str  # in French

    @property
    def file(self) -> str:
        return self.where.split(": ", 1)[0]

    @property
    def field(self) -> str:
        return self.where.split(": ", 1)[1] if ": " in self.where else ""


def collect_links(directory) -> list[tuple[str, str]]:
    """(where, url) for every external link of every listed profile, in a fixed order.

    Closed startups are skipped: their site is expected to disappear, and the health
    report already lists them."""
    out = []
    for s in sorted(directory.startups, key=lambda s: s.slug):
        if not s.is_listed:
            continue
        out.append((f"{s.source}: website", s.website))
        if s.links:
            out += [(f"{s.source}: links.{name}", url) for name, url in s.links.items()]
        out += [
            (f"{s.source}: founders[{i}].linkedin", f.linkedin)
            for i, f in enumerate(s.founders)
            if f.linkedin
        ]
    return out


def _config(rate: float, timeout: float, threads: int) -> str:
    rate = min(max(rate, 0.001), MAX_RATE)
    return (
        "[checking]\n"
        f"timeout={max(1, round(timeout))}\n"
        f"maxrequestspersecond={rate}\n"
        f"threads={threads}\n"
        f"useragent={user_agent()}\n"
        "sslverify=1\n"
        "allowedschemes=http,https\n"
    )


def _status(result: str) -> int | None:
    match = re.match(r"^(\d{3})\b", result.strip())
    return int(match.group(1)) if match else None


def explain(result: str, timeout: float) -> str | None:
    """LinkChecker's result -> a French reason, or None when the link cannot be judged."""
    code = _status(result)
    if code is not None:
        if code in UNVERIFIABLE:
            return None
        return f"erreur HTTP {code}" + (" (page introuvable)" if code in (404, 410) else "")
    text = result.lower()
    if "timeout" in text or "timed out" in text:
        return f"pas de réponse en {timeout:g} s"
    if "name or service not known" in text or "nameresolution" in text or "getaddrinfo" in text:
        return "nom de domaine introuvable"
    if "refused" in text:
        return "connexion refusée"
    if "ssl" in text or "certificate" in text:
        return "erreur de certificat TLS"
    first = result.strip().splitlines()[0] if result.strip() else "erreur inconnue"
    return f"erreur : {first[:120]}"


def check_links(
    urls: list[tuple[str, str]],
    rate: float = DEFAULT_RATE,
    timeout: float = DEFAULT_TIMEOUT,
    threads: int = 10,
) -> list[DeadLink]:
    """Check each (where, url); return the dead ones, sorted by where."""
    owners: dict[str, list[str]] = {}
    for where, url in urls:
        if re.fullmatch(r"https?://\S+", url):
            owners.setdefault(url, []).append(where)
    if not owners:
        return []
    with tempfile.TemporaryDirectory(prefix="startupdir-links-") as tmp:
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(_config(rate, timeout, threads), encoding="utf-8")
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": tmp,
            "XDG_DATA_HOME": tmp,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        command = [
            sys.executable,
            "-m",
            "linkcheck",
            "--config",
            str(config),
            "--stdin",
            "--recursion-level",
            "0",
            "--output",
            "csv/utf-8",
            "--verbose",
            "--no-status",
        ]
        try:
            done = subprocess.run(
                command,
                input="\n".join(owners).encode() + b"\n",
                capture_output=True,
                env=env,
                timeout=CHECKER_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise LinkCheckerError(f"LinkChecker n'a pas pu être lancé : {exc}") from None
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode not in (0, 1) or "No module named linkcheck" in stderr:
        tail = " ".join(stderr.strip().splitlines()[-3:])
        raise LinkCheckerError(f"LinkChecker a échoué (code {done.returncode}) : {tail}")
    dead = []
    for row in _rows(done.stdout.decode("utf-8", "replace")):
        url = row.get("urlname", "")
        if url not in owners or row.get("valid") == "True":
            continue
        reason = explain(row.get("result", ""), timeout)
        if reason is not None:
            dead += [DeadLink(where, url, reason) for where in owners[url]]
    return sorted(set(dead))


def _rows(text: str) -> list[dict]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def _code(text: str) -> str:
    """A Markdown code span that no character of ``text`` can break out of."""
    text = text.replace("\n", " ")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def as_markdown(dead: list[DeadLink], checked: int) -> str:
    """The issue body: dead links grouped by profile."""
    verified = f"{plural(checked, 'lien vérifié', 'liens vérifiés')}"
    if not dead:
        return f"Aucun lien mort ({verified}).\n"
    files = {d.file for d in dead}
    lines = [
        f"{plural(len(dead), 'lien mort', 'liens morts')} dans {plural(len(files), 'profil')} "
        f"({verified}). Corrigez ou supprimez chaque lien dans le profil, "
        "ou demandez à la startup de le mettre à jour.",
    ]
    for file, items in groupby(sorted(dead), key=lambda d: d.file):
        lines += ["", f"### {_code(file)}", ""]
        lines += [f"- {_code(d.field)} : {_code(d.url)} — {d.reason}" for d in items]
    return "\n".join(lines) + "\n"
