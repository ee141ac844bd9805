"""The site search's figures (issue 16), measured in Debian's Chromium on a built site served
on 127.0.0.1: what a first view of the home page and of a profile costs (gzip, images and
fonts aside), that no search index is fetched before the visitor searches, then the time
from the first keystroke of a startup's name in the header search to its profile among the
results, and the bytes fetched from the page load to that result.

`bench_search(site)` returns the figures as a dict (tools/bench.py prints them);
`python tools/bench_search.py SITE` prints them for a site already built.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
# Pagefind's index, fragments and WebAssembly are written gzip-compressed already.
PRECOMPRESSED = re.compile(r"\.(pf_meta|pf_index|pf_fragment|pf_filter|pagefind)$")
SKIPPED_TYPES = ("image", "font")
PAGEFIND = "/pagefind/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def _file_for(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@functools.cache
def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if PRECOMPRESSED.search(path.name):
        return len(data)
    return len(gzip.compress(data, 6))


class _Log:
    """The page's requests (URL, resource type) in order, with a mark per phase."""

    def __init__(self, site: Path):
        self.site = site
        self.requests: list[tuple[str, str]] = []

    def attach(self, page) -> None:
        page.on("request", lambda r: self.requests.append((r.url, r.resource_type)))

    def kb(self, start: int = 0, end: int | None = None) -> float:
        total = 0
        for url, kind in self.requests[start:end]:
            if kind in SKIPPED_TYPES or not url.startswith("http://127.0.0.1"):
                continue
            path = _file_for(self.site, url)
            if path is not None:
                total += _gzip_size(path)
        return total / 1000

    def pagefind(self, start: int = 0, end: int | None = None) -> list[str]:
        return [u for u, _ in self.requests[start:end] if PAGEFIND in urlsplit(u).path]


def _profile(site: Path, slug: str | None) -> tuple[str, str]:
    """(slug, name) of the profile to search for: the given one, else the middle one."""
    folder = site / "startups"
    slugs = sorted(p.parent.name for p in folder.glob("*/index.html"))
    if not slugs:
        raise SystemExit(f"{folder}: aucun profil")
    slug = slug or slugs[len(slugs) // 2]
    html = (folder / slug / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>([^<]+)</h1>", html)
    if match is None:
        raise SystemExit(f"{slug}: pas de titre")
    import html as html_lib

    return slug, html_lib.unescape(match.group(1)).strip()


WATCH = """([slug]) => {
  const probe = { first: null, found: null };
  window.__sdBench = probe;
  const field = document.querySelector("input.md-search__input");
  field.addEventListener("keydown", () => {
    if (probe.first === null) probe.first = performance.now();
  }, { capture: true });
  const list = document.querySelector(".md-search-result__list");
  const wanted = `/startups/${slug}/`;
  new MutationObserver(() => {
    if (probe.found !== null) return;
    for (const a of list.querySelectorAll("a.md-search-result__link")) {
      if (new URL(a.href).pathname.endsWith(wanted)) probe.found = performance.now();
    }
  }).observe(list, { childList: true, subtree: true });
}"""


def bench_search(
    site: Path, slug: str | None = None, delay_ms: int = 50, timeout_ms: int = 20000
) -> dict:
    """The search figures of the site built in ``site`` (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    slug, name = _profile(site, slug)
    result: dict = {"query": name, "slug": slug, "typing_delay_ms": delay_ms}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for key, path in (
                    ("home", ""),
                    ("profile", f"startups/{slug}/"),
                    ("startups", "startups/"),  # the explorer's data included
                ):
                    context = browser.new_context()
                    page = context.new_page()
                    log = _Log(site)
                    log.attach(page)
                    page.goto(base + path, wait_until="networkidle")
                    result[f"{key}_first_view_kb"] = round(log.kb(), 1)
                    result[f"{key}_index_requests_on_load"] = log.pagefind()
                    context.close()

                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(timeout_ms)
                page.set_viewport_size({"width": 1366, "height": 900})
                log = _Log(site)
                log.attach(page)
                page.goto(base, wait_until="load")
                loaded = len(log.requests)
                page.evaluate(WATCH, [slug])
                result["index_requests_before_typing"] = log.pagefind()
                field = page.locator("input.md-search__input")
                field.press_sequentially(name, delay=delay_ms)
                page.wait_for_function("window.__sdBench.found !== null")
                probe = page.evaluate("window.__sdBench")
                until = len(log.requests)
                result["search_ms"] = round(probe["found"] - probe["first"])
                result["typing_ms"] = delay_ms * max(len(name) - 1, 0)
                result["search_kb_since_load"] = round(log.kb(0, until), 1)
                result["search_index_kb"] = round(
                    sum(
                        _gzip_size(f)
                        for u in log.pagefind(loaded, until)
                        if (f := _file_for(site, u))
                    )
                    / 1000,
                    1,
                )
                result["search_requests"] = len(log.pagefind(loaded, until))
                context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (startupdir build --site-dir)")
    parser.add_argument("--slug", help="the profile to search for (default: the middle one)")
    parser.add_argument("--delay", type=int, default=50, help="ms between keystrokes")
    args = parser.parse_args(argv)
    print(json.dumps(bench_search(args.site, args.slug, args.delay), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
