"""``frtaudit publish PATH... --out DIR``: the public register (library: frtaudit.publish)."""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from frtaudit.cli.console import EXIT_OK, input_errors, stderr


def register(app: Any, cat: Any, lang: str, command: Any = None) -> None:
    """Add ``publish`` to ``app`` (``command``: the application's Typer command class)."""
    import typer

    root: typer.Typer = app
    h: Callable[[str], str] = lambda key: cat.t(f"publish.cli.{key}")  # noqa: E731

    @root.command("publish", help=h("help"), cls=command)
    def publish(
        paths: Annotated[
            list[str], typer.Argument(metavar="PATH...", help=h("paths"), show_default=False)
        ],
        out: Annotated[str, typer.Option("--out", metavar="DIR", help=h("out"))],
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", metavar="YYYY-MM-DD", help=cat.t("cli.as_of")),
        ] = None,
        profile: Annotated[
            str | None, typer.Option("--profile", metavar="P,...", help=h("profile"))
        ] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help=h("jobs"))] = 0,
        lang_opt: Annotated[
            str | None, typer.Option("--lang", metavar="[en|ko]", help=cat.t("cli.lang"))
        ] = None,
    ) -> None:
        from frtaudit.publish import DEFAULT_PROFILES, PublishRequest
        from frtaudit.publish import publish as run
        from frtaudit.scan import parse_as_of, parse_profiles

        with input_errors(lang):
            when = parse_as_of(as_of, date.today())
            profiles = parse_profiles([profile]) if profile else DEFAULT_PROFILES
            done = run(PublishRequest(paths, out, when, profiles, jobs))
        stderr(
            cat.t(
                "publish.cli.wrote",
                systems=done.systems,
                agencies=done.agencies,
                path=done.path,
                files=done.files,
                withheld=done.withheld,
            )
        )
        raise typer.Exit(EXIT_OK)
