"""The dates an inventory may hold: shared by the reference validator and the fast path."""

from __future__ import annotations

import re
from datetime import date, datetime

#: Earliest and latest dates accepted anywhere in an inventory.
MIN_YEAR, MAX_YEAR = 1900, 2200

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(value: object) -> bool:
    """A TOML date or a ``YYYY-MM-DD`` string within MIN_YEAR..MAX_YEAR (never a datetime)."""
    if isinstance(value, datetime):
        return False
    if isinstance(value, date):
        return MIN_YEAR <= value.year <= MAX_YEAR
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return MIN_YEAR <= date.fromisoformat(value).year <= MAX_YEAR
        except ValueError:
            return False
    return False
