"""startupdir.staff.links: LinkChecker run against a local HTTP server started here (no other network)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from startupdir.content.validate import load_directory
from startupdir.staff import links
from startupdir.staff.cli import main as staff_main
from startupdir.staff.links import DeadLink, as_markdown, check_links, collect_links, explain

SLOW_SECONDS = 3.0  # the server's delay for /slow, longer than the checker's timeout


class Server:
    """A loopback HTTP server: /ok 200, /missing 404, /moved 301 -> /ok, /error 500,
    /slow answers after SLOW_SECONDS, /forbidden 403; records every request."""

    def __init__(self):
        self.requests: list[tuple[float, str, str, str]] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                server.requests.append(
                    (time.monotonic(), self.command, self.path, self.headers.get("User-Agent", ""))
                )
                path = self.path.split("?")[0]
                if path.startswith("/ok"):
                    self._send(200, b"<html><body><a href='/missing'>x</a></body></html>")
                elif path == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/ok-after-redirect")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/error":
                    self._send(500, b"boom")
                elif path == "/forbidden":
                    self._send(403, b"no robots")
                elif path == "/slow":
                    server.stop.wait(SLOW_SECONDS)
                    self._send(200, b"late")
                else:
                    self._send(404, b"not found")

            def _send(self, code: int, body: bytes):
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                except OSError:
                    pass  # the checker gave up (timeout)

            do_GET = do_HEAD = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[tuple[float, str, str, str]]:
        return [r for r in self.requests if r[2] == path]


@pytest.fixture
def server():
    s = Server()
    s.thread.start()
    yield s
    s.stop.set()
    s.httpd.shutdown()
    s.httpd.server_close()


def test_dead_and_live_links(server):
    urls = [
        ("startups/a.yml: website", server.url("/ok")),
        ("startups/a.yml: links.x", server.url("/missing")),
        ("startups/b.yml: website", server.url("/moved")),
        ("startups/b.yml: links.github", server.url("/error")),
        ("startups/c.yml: website", server.url("/slow")),
        ("startups/c.yml: links.linkedin", server.url("/forbidden")),
        ("startups/c.yml: founders[0].linkedin", server.url("/missing")),
    ]
    dead = check_links(urls, rate=10, timeout=1)
    assert dead == [
        DeadLink(
            "startups/a.yml: links.x", server.url("/missing"), "erreur HTTP 404 (page introuvable)"
        ),
        DeadLink("startups/b.yml: links.github", server.url("/error"), "erreur HTTP 500"),
        DeadLink(
            "startups/c.yml: founders[0].linkedin",
            server.url("/missing"),
            "erreur HTTP 404 (page introuvable)",
        ),
        DeadLink("startups/c.yml: website", server.url("/slow"), "pas de réponse en 1 s"),
    ]
    # the redirect was followed, and no page was crawled beyond the given URLs
    assert server.hits("/ok-after-redirect")
    assert len(server.hits("/missing")) == 1  # one URL shared by two fields: one request
    paths = {r[2] for r in server.requests}
    assert paths <= {"/robots.txt", "/ok", "/missing", "/moved", "/ok-after-redirect",
                     "/error", "/slow", "/forbidden"}  # fmt: skip


def test_user_agent_names_the_project(server, monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://github.com/exemple/annuaire")
    assert check_links([("startups/a.yml: website", server.url("/ok"))], rate=10, timeout=5) == []
    (hit,) = server.hits("/ok")
    assert hit[3].startswith("startupdir-linkcheck/")
    assert hit[3].endswith("(annuaire des startups; +https://github.com/exemple/annuaire)")


def test_user_agent_without_repository_address(monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    assert links.user_agent() == links.USER_AGENT
    monkeypatch.setenv("REPO_URL", "not a url; x")
    assert links.user_agent() == links.USER_AGENT


def test_requests_to_one_host_are_rate_limited(server):
    rate = 4.0
    urls = [(f"startups/p{i}.yml: website", server.url(f"/ok{i}")) for i in range(4)]
    assert check_links(urls, rate=rate, timeout=5) == []
    starts = sorted(r[0] for r in server.requests if r[2].startswith("/ok"))
    assert len(starts) == 4
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 1 / rate - 0.05, gaps


def test_nothing_to_check_runs_nothing():
    assert check_links([], rate=1, timeout=1) == []
    assert check_links([("x: website", "mailto:a@b.example")], rate=1, timeout=1) == []


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        ("404 Not Found", "erreur HTTP 404 (page introuvable)"),
        ("410 Gone", "erreur HTTP 410 (page introuvable)"),
        ("503 Service Unavailable", "erreur HTTP 503"),
        ("403 Forbidden", None),
        ("429 Too Many Requests", None),
        ("999 Request denied", None),
        ("ReadTimeout: HTTPConnectionPool(...): Read timed out.", "pas de réponse en 20 s"),
        ("ConnectionError: ... Name or service not known", "nom de domaine introuvable"),
        ("ConnectionError: ... [Errno 111] Connection refused", "connexion refusée"),
        ("SSLError: certificate verify failed", "erreur de certificat TLS"),
    ],
)
def test_reasons_in_french(result, reason):
    assert explain(result, 20) == reason


def test_markdown_groups_by_profile():
    dead = [
        DeadLink("startups/b.yml: website", "https://b.example/", "erreur HTTP 500"),
        DeadLink(
            "startups/a.yml: links.x", "https://x.com/a`b", "erreur HTTP 404 (page introuvable)"
        ),
        DeadLink("startups/a.yml: website", "https://a.example/", "connexion refusée"),
    ]
    assert as_markdown(dead, 10) == (
        "3 liens morts dans 2 profils (10 liens vérifiés). Corrigez ou supprimez chaque lien "
        "dans le profil, ou demandez à la startup de le mettre à jour.\n"
        "\n### `startups/a.yml`\n\n"
        "- `links.x` : `` https://x.com/a`b `` — erreur HTTP 404 (page introuvable)\n"
        "- `website` : `https://a.example/` — connexion refusée\n"
        "\n### `startups/b.yml`\n\n"
        "- `website` : `https://b.example/` — erreur HTTP 500\n"
    )
    assert as_markdown([], 10) == "Aucun lien mort (10 liens vérifiés).\n"
    assert as_markdown([], 1) == "Aucun lien mort (1 lien vérifié).\n"


def test_collect_links_of_the_sample_data(repo_root, when):
    directory, _ = load_directory(repo_root, when=when)
    found = collect_links(directory)
    atlas = [(w, u) for w, u in found if w.startswith("startups/atlas-pay.yml")]
    assert atlas[:3] == [
        ("startups/atlas-pay.yml: website", "https://atlaspay.example"),
        (
            "startups/atlas-pay.yml: links.linkedin",
            "https://www.linkedin.com/company/atlas-pay-demo",
        ),
        ("startups/atlas-pay.yml: links.x", "https://x.com/atlaspay_demo"),
    ]
    assert ("startups/atlas-pay.yml: founders[0].linkedin",
            "https://www.linkedin.com/in/salma-idrissi-demo") in atlas  # fmt: skip
    assert not [w for w, _ in found if w.startswith("startups/zerbia-market.yml")]  # closed
    assert found == collect_links(directory)


def test_check_links_command(server, repo_root, monkeypatch, tmp_path, capsys):
    urls = [
        ("startups/atlas-pay.yml: website", server.url("/ok")),
        ("startups/atlas-pay.yml: links.x", server.url("/missing")),
    ]
    monkeypatch.setattr(links, "collect_links", lambda directory: urls)
    out = tmp_path / "dead.md"
    args = ["check-links", "--root", str(repo_root), "--rate", "10", "--timeout", "2"]
    assert staff_main([*args, "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8").startswith(
        "1 lien mort dans 1 profil (2 liens vérifiés)."
    )
    monkeypatch.setattr(links, "collect_links", lambda directory: urls[:1])
    assert staff_main(args) == 0
    assert capsys.readouterr().out == "Aucun lien mort (1 lien vérifié).\n"
    assert staff_main([*args[:-2], "--timeout", "0"]) == 2
