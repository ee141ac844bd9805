"""startupdir.content.parallel: pages rendered on every core give the bytes of one process."""

from __future__ import annotations

import json
import os
import shutil
import threading

import pytest
from bench import synthesise, write_logos
from startupdir.content import parallel
from startupdir.content.validate import load_directory
from startupdir.images.images import INDEX_FILE, ImagePipeline
from startupdir.site.pages import generate
from startupdir.site.views import Views


def pids_and_squares(items):
    return [(os.getpid(), x * x) for x in items]


@pytest.fixture
def forking(monkeypatch):
    """Fork even if another test left a server thread running (the child runs pure code)."""
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def test_chunks_come_back_in_order_from_two_processes(forking):
    items = list(range(1000))
    out = parallel.map_chunks(pids_and_squares, items)
    assert [square for _, square in out] == [x * x for x in items]
    pids = [pid for pid, _ in out]
    assert pids[0] == os.getpid() and len(set(pids)) == 2
    assert pids == sorted(pids, key=lambda p: p != os.getpid())  # first half here


def test_small_jobs_stay_in_this_process(forking):
    out = parallel.map_chunks(pids_and_squares, list(range(parallel.MIN_ITEMS - 1)))
    assert {pid for pid, _ in out} == {os.getpid()}


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.can_fork() is False
        out = parallel.map_chunks(pids_and_squares, list(range(1000)))
        assert {pid for pid, _ in out} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def fail_on_the_last(items):
    if 999 in items:
        raise ValueError("boom")
    return list(items)


def test_an_error_in_a_child_reaches_the_caller(forking):
    with pytest.raises(ValueError, match="boom"):
        parallel.map_chunks(fail_on_the_last, list(range(1000)))


def test_generated_pages_are_the_same_on_one_or_two_cores(
    forking, tmp_path, repo_root, when, monkeypatch
):
    synthesise(tmp_path, 450, repo_root, repo_root / "tests" / "corpora")
    shutil.rmtree(tmp_path / "content", ignore_errors=True)
    directory, report = load_directory(tmp_path, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    views = Views(directory.taxonomy, directory.startups)
    two = [(p.src_uri, p.text) for p in generate(views)]
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    one = [(p.src_uri, p.text) for p in generate(views)]
    assert len(one) > 450 and two == one


def test_validation_reports_the_same_on_one_or_two_cores(
    forking, tmp_path, repo_root, when, monkeypatch
):
    paths = synthesise(tmp_path, 450, repo_root, repo_root / "tests" / "corpora")
    shutil.rmtree(tmp_path / "content", ignore_errors=True)
    write_logos(tmp_path, paths[::40])
    for path in (paths[3], paths[300], paths[449]):  # one in each half, and the last
        path.write_text(path.read_text(encoding="utf-8") + "founded: demain\n", encoding="utf-8")

    def run():
        directory, report = load_directory(tmp_path, when=when)
        index = json.loads((tmp_path / ".cache" / "images" / INDEX_FILE).read_text("utf-8"))
        problems = [p.as_text() for p in report.problems]
        return directory, problems, report.files_checked, index["manifests"].keys()

    two = run()
    shutil.rmtree(tmp_path / ".cache")
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    one = run()
    assert two[0] is None and one[0] is None
    assert len(two[1]) >= 3 and two[1:] == one[1:]
    assert len(two[3]) == len(paths[::40])  # every logo's verdict reached the index
    assert ImagePipeline(tmp_path / ".cache" / "images").index.keys() == two[3]
