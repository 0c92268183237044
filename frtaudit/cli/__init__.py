"""The command line: parse options, call the library, render, exit. Nothing else lives here.

``app`` builds the Typer application and its commands; ``imports`` adds ``import`` and ``init``;
``options`` turns command-line words into settings and applies ``--color``; ``settings`` shows
them (``config show``; the merging is :mod:`frtaudit.load.settings`, the request
:func:`frtaudit.scan.build_request`); ``console`` holds exit codes, error output and terminal
rendering. ``main`` is the console script.
"""

from frtaudit.cli.app import main

__all__ = ["main"]
