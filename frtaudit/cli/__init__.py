"""The command line: parse options, call the library, render, exit. Nothing else lives here.

``app`` builds the Typer application and its commands; ``imports`` adds ``import`` and ``init``;
``settings`` merges the command line, FRTAUDIT_* variables, the config file and defaults;
``console`` holds exit codes and error output. ``main`` is the console script.
"""

from frtaudit.cli.app import main

__all__ = ["main"]
