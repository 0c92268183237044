"""Output formats: the ``Format`` enum and the ``RENDERERS`` registry.

Every renderer is ``render(report, out) -> None``: it writes to the given text stream and does
nothing else. Modules are imported on first use so a terminal scan never loads the HTML stack.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from typing import TextIO

from frtaudit.model import Report

Renderer = Callable[[Report, TextIO], None]

#: Version of the JSON report format; bump on any incompatible change to its schema.
SCHEMA_VERSION = "2"
#: Versions ``diff`` and ``--baseline`` read (older ones are converted on reading).
READ_VERSIONS = ("1", "2")
#: ``tool.name`` of a frtaudit JSON report (what ``diff`` and ``--baseline`` accept).
TOOL_NAME = "frtaudit"


class Format(enum.StrEnum):
    """Report formats, as named on the command line."""

    TERMINAL = "terminal"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    OSCAL = "oscal"


#: Format -> module that defines ``render``.
RENDERERS: dict[Format, str] = {
    Format.TERMINAL: "frtaudit.report.terminal",
    Format.JSON: "frtaudit.report.json_report",
    Format.SARIF: "frtaudit.report.sarif",
    Format.JUNIT: "frtaudit.report.junit",
    Format.CSV: "frtaudit.report.csv_report",
    Format.MARKDOWN: "frtaudit.report.markdown",
    Format.HTML: "frtaudit.report.html",
    Format.OSCAL: "frtaudit.report.oscal",
}


def renderer(fmt: Format) -> Renderer:
    """The render function of ``fmt`` (imports its module on first use)."""
    module = importlib.import_module(RENDERERS[fmt])
    fn: Renderer = module.render
    return fn
