"""``frtaudit config show``: every scan setting, its effective value and where it came from.

The settings themselves (their layers, variables and defaults) are :mod:`frtaudit.load.settings`.
"""

from __future__ import annotations

import json
from typing import Any

from frtaudit.load.settings import SETTINGS, Settings


def show(settings: Settings, cat: Any) -> str:
    """One line per setting: name, value (JSON), and its source in brackets."""
    lines = []
    if settings.file:
        lines.append(cat.t("config.file", path=settings.file))
    else:
        lines.append(cat.t("config.no_file"))
    width = max(len(n) for n in SETTINGS)
    for name in SETTINGS:
        value = json.dumps(settings.values[name], ensure_ascii=False, sort_keys=True)
        lines.append(f"{name:<{width}}  {value}  ({settings.sources[name]})")
    return "\n".join(lines) + "\n"
