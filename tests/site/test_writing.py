"""The English edition rendered by a second process (startupdir.site.writing).

A process forks only when it runs no other thread, and the test process may run some (the
served site of the browser tests): each scenario runs in a fresh Python process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from startupdir.site import writing

SCENARIO = """
import json, logging, os, sys
from pathlib import Path
from types import SimpleNamespace
from mkdocs.exceptions import PluginError
from startupdir.site.writing import SiteOutput

def page(src):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), meta={"title": src})

site = Path(sys.argv[1])
if sys.argv[2] == "nofork":
    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    os.fork = refuse
pages = [page("index.md"), page("startups/a/index.md"), page("en/index.md"), page("en/startups/a/index.md")]
out = SiteOutput(site, preview=False, serving=False)
out.indexed = False  # no Pagefind here: the pages of these scenarios are not built ones
out.keep()
out.restore()
out.start(pages)
child = out.report_fd is not None
mine = [p.file.src_uri for p in pages if out.mine(p)]
templates = {p.file.src_uri: p.meta.get("template", "") for p in pages}
(site / ("child.json" if child else "parent.json")).write_text(json.dumps([mine, templates]))
logging.getLogger("mkdocs.commands.build").warning("both say this")
logging.getLogger("mkdocs.commands.build").warning("only the %s says this", "child" if child else "parent")
if child and sys.argv[2] == "fail":
    out.abort(RuntimeError("page en/startups/a/index.md illisible"))
logging.getLogger("mkdocs").handlers.clear()
seen = []
class Keep(logging.Handler):
    def emit(self, record):
        seen.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(Keep())
try:
    out.finish()
    print(json.dumps({"ok": seen}))
except PluginError as exc:
    print(json.dumps({"error": str(exc)}))
"""


def run(tmp_path: Path, mode: str = "ok") -> dict:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCENARIO), str(site), mode],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_each_process_renders_its_edition(tmp_path):
    run(tmp_path)
    site = tmp_path / "site"
    parent, parent_templates = json.loads((site / "parent.json").read_text())
    child, child_templates = json.loads((site / "child.json").read_text())
    assert parent == ["index.md", "startups/a/index.md"]
    assert child == ["en/index.md", "en/startups/a/index.md"]
    assert [t for t in parent_templates.values()] == ["", "", writing.ELSEWHERE, writing.ELSEWHERE]
    assert [t for t in child_templates.values()] == [writing.ELSEWHERE, writing.ELSEWHERE, "", ""]


def test_the_second_process_warnings_reach_the_build(tmp_path):
    """Strict mode counts the warnings the first process logs: the second's come back
    there, those both logged once."""
    assert run(tmp_path) == {"ok": ["only the child says this"]}


def test_an_error_in_the_second_process_fails_the_build(tmp_path):
    assert run(tmp_path, "fail") == {
        "error": "Édition anglaise non construite : page en/startups/a/index.md illisible"
    }


def test_a_system_that_gives_no_second_process(tmp_path):
    """fork refused (too many processes): this process renders every page."""
    assert run(tmp_path, "nofork") == {"ok": []}
    parent, templates = json.loads((tmp_path / "site" / "parent.json").read_text())
    assert len(parent) == 4 and set(templates.values()) == {""}
    assert not (tmp_path / "site" / "child.json").exists()
