"""Entry point for ``python -m frtaudit``."""

from frtaudit.cli.app import main

main()
