"""The program's one "today". Date rules, `startupdir new`, removed pages, reports and
news scheduling all ask here; no other module reads the clock.

STARTUPDIR_TODAY (AAAA-MM-JJ) pins it, for tests and for reproducing a past build. Not
SOURCE_DATE_EPOCH: a profile reviewed today must validate before it is committed.
"""

from __future__ import annotations

import datetime as dt
import os

ENV_VAR = "STARTUPDIR_TODAY"


class ClockError(ValueError):
    """STARTUPDIR_TODAY is set to something that is not a date."""


def today() -> dt.date:
    pinned = os.environ.get(ENV_VAR, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise ClockError(
            f"{ENV_VAR}={pinned!r} n'est pas une date : écrivez-la AAAA-MM-JJ (2026-03-01)"
        ) from None
