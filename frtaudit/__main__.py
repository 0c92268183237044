"""Entry point for ``python -m frtaudit``."""

from frtaudit.cli import main

main()
