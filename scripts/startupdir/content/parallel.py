"""Thousands of independent pages, rendered on every core of the machine.

The work is split into one chunk per core; this process renders the first chunk while
forked children render the others, and the results come back in order, so the output
is the same bytes as a single-process run. Forking is used only where it is safe and
worth it: the fork start method exists, this process runs no other thread (a thread
holding a lock at fork time would leave the child stuck), and there is enough work.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting a process costs more than it saves

_job: tuple[Callable, list] | None = None  # inherited by the forked children


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_chunk(index: int) -> list:
    if _job is None:  # only ever called in the children map_chunks forks
        raise RuntimeError("no chunked job to run")
    render, chunks = _job
    return render(chunks[index])


def map_chunks(
    render: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int | None = None,
    *,
    min_items: int = MIN_ITEMS,
) -> list[R]:
    """``render(items)``, split across ``workers`` processes (default: every core) when
    there are at least ``min_items`` items (fewer for costlier items)."""
    global _job
    workers = min(workers or cores(), max(1, len(items) // max(1, min_items // 2)))
    if workers < 2 or len(items) < min_items or not can_fork():
        return render(items)
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _job = (render, chunks)
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
            others = pool.map_async(_run_chunk, range(1, len(chunks)))
            out = render(chunks[0])
            for part in others.get():
                out.extend(part)
        return out
    finally:
        _job = None


def serially(render: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """``render(items)`` in this process: map_chunks' stand-in inside a chunk (a forked
    worker cannot start workers of its own)."""
    return render(items)
