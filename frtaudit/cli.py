"""The command line: parse options, call the library, render, exit. Nothing else lives here.

Exit codes: 0 no gap at or above --fail-on; 1 gaps; 2 usage error or invalid input.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, NoReturn

from frtaudit import __version__

EXIT_OK, EXIT_GAPS, EXIT_INVALID = 0, 1, 2


def _language(argv: list[str]) -> str:
    """``--lang`` from argv if given (help texts are built before parsing), else the locale."""
    from frtaudit.i18n import LANGUAGES, language_from_env

    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    env_lang = os.environ.get("FRTAUDIT_LANG")
    if env_lang in LANGUAGES:
        return env_lang
    return language_from_env()


def _stderr(text: str) -> None:
    from frtaudit.text import printable

    sys.stderr.write(printable(text) + "\n")


@contextmanager
def _input_errors(lang: str) -> Iterator[None]:
    """Turn InputError and UsageError into messages on stderr and exit code 2."""
    import typer

    from frtaudit.errors import InputError, UsageError
    from frtaudit.i18n import catalog

    try:
        yield
    except InputError as exc:
        cat = catalog(lang)
        for problem in exc.problems:
            _stderr(problem.render(cat))
        files = len({p.file for p in exc.problems})
        _stderr(cat.t("errors.summary_invalid", count=len(exc.problems), files=files))
        raise typer.Exit(EXIT_INVALID) from None
    except UsageError as exc:
        _stderr("frtaudit: " + exc.render(catalog(lang)))
        raise typer.Exit(EXIT_INVALID) from None


def _write_outputs(report: Any, outputs: Any, cat: Any) -> None:
    """Render the one audit into every requested output; the summary line always shows."""
    from frtaudit.errors import UsageError
    from frtaudit.output import write_atomic
    from frtaudit.report import Format, renderer
    from frtaudit.report.common import summary_params

    for o in outputs:
        render = renderer(o.fmt)
        if o.path is None:
            render(report, sys.stdout)
            continue
        try:
            write_atomic(o.path, lambda fh, render=render: render(report, fh))
        except OSError as exc:
            raise UsageError("cannot_write", path=o.path, error=exc.strerror or str(exc)) from None
    if not any(o.path is None and o.fmt is Format.TERMINAL for o in outputs):
        # stdout stays machine-readable when a file format is printed there
        stream = sys.stderr if any(o.path is None for o in outputs) else sys.stdout
        stream.write(cat.t("scan.summary", **summary_params(report)) + "\n")


def build_app(lang: str) -> Any:
    """The Typer application with help texts in ``lang``."""
    import typer

    from frtaudit.i18n import catalog
    from frtaudit.report import Format

    cat = catalog(lang)
    h: Callable[[str], str] = lambda key: cat.t(f"cli.{key}")  # noqa: E731

    app = typer.Typer(
        help=h("app"),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    def version_callback(value: bool) -> None:
        if value:
            sys.stdout.write(f"frtaudit {__version__}\n")
            raise typer.Exit(EXIT_OK)

    @app.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option("--version", help=h("version"), callback=version_callback, is_eager=True),
        ] = False,
    ) -> None:
        """frtaudit."""

    LangOpt = Annotated[str | None, typer.Option("--lang", help=h("lang"))]
    Paths = Annotated[list[str], typer.Argument(help=h("paths"), show_default=False)]

    @app.command(help=h("scan"))
    def scan(
        paths: Paths,
        as_of: Annotated[str | None, typer.Option("--as-of", help=h("as_of"))] = None,
        profile: Annotated[
            list[str] | None, typer.Option("--profile", "-p", help=h("profile"))
        ] = None,
        param: Annotated[list[str] | None, typer.Option("--param", help=h("param"))] = None,
        select: Annotated[list[str] | None, typer.Option("--select", help=h("select"))] = None,
        ignore: Annotated[list[str] | None, typer.Option("--ignore", help=h("ignore"))] = None,
        fail_on: Annotated[str, typer.Option("--fail-on", help=h("fail_on"))] = "high",
        no_waivers: Annotated[bool, typer.Option("--no-waivers", help=h("no_waivers"))] = False,
        include_passing: Annotated[
            bool, typer.Option("--include-passing", help=h("include_passing"))
        ] = False,
        fmt: Annotated[list[str] | None, typer.Option("--format", "-f", help=h("format"))] = None,
        output: Annotated[str | None, typer.Option("--output", "-o", help=h("output"))] = None,
        csv_bom: Annotated[bool, typer.Option("--csv-bom", help=h("csv_bom"))] = False,
        timestamp: Annotated[bool, typer.Option("--timestamp", help=h("timestamp"))] = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit import options
        from frtaudit.output import parse_outputs, refuse_inputs
        from frtaudit.rules import RULES
        from frtaudit.scan import ScanRequest, exit_code, run

        with _input_errors(lang):
            outputs = parse_outputs(fmt, output)
            refuse_inputs(outputs, paths)
            profiles = options.parse_profiles(profile)
            selected, ignored = options.split_list(select), options.split_list(ignore)
            options.check_patterns(RULES, selected + ignored)
            req = ScanRequest(
                paths=paths,
                as_of=options.parse_as_of(as_of, date.today()),
                profiles=profiles,
                params=options.parse_params(param, profiles),
                select=selected,
                ignore=ignored,
                fail_on=options.parse_severity(fail_on),
                no_waivers=no_waivers,
                include_passing=include_passing,
                lang=lang,
            )
            report = run(req)
            report.render_options.update(options.render_options(csv_bom, timestamp))
            _write_outputs(report, outputs, cat)
        raise typer.Exit(exit_code(report))

    @app.command(help=h("validate"))
    def validate(paths: Paths, lang_opt: LangOpt = None) -> None:
        from frtaudit.inventory import load_all

        with _input_errors(lang):
            inventories = load_all(paths)
        for inv in inventories:
            sys.stdout.write(cat.t("validate.ok", path=inv.path, systems=len(inv.systems)) + "\n")
        raise typer.Exit(EXIT_OK)

    @app.command(help=h("schema"))
    def schema(
        name: Annotated[str, typer.Argument(help=h("schema_name"))] = "inventory",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import UsageError
        from frtaudit.schemas import SCHEMA_NAMES, schema_text

        with _input_errors(lang):
            if name not in SCHEMA_NAMES:
                raise UsageError("unknown_schema", name=name, choices=", ".join(SCHEMA_NAMES))
            sys.stdout.write(schema_text(name))

    @app.command(help=h("rules"))
    def rules(
        profile: Annotated[
            list[str] | None, typer.Option("--profile", "-p", help=h("profile"))
        ] = None,
        out_format: Annotated[str, typer.Option("--format", help=h("rules_format"))] = "table",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit import catalog_view, options
        from frtaudit.errors import UsageError

        with _input_errors(lang):
            profiles = options.split_list(profile) and options.parse_profiles(profile)
            if out_format not in ("table", "json"):
                raise UsageError("bad_format_option", value=out_format, choices="table, json")
        catalog_view.print_rules(profiles or None, out_format, lang, sys.stdout)

    @app.command(help=h("explain"))
    def explain(
        rule_id: Annotated[str, typer.Argument(help=h("rule_id"))],
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit import catalog_view
        from frtaudit.errors import UsageError
        from frtaudit.rules import RULES

        with _input_errors(lang):
            rid = rule_id.strip().upper()
            if rid not in RULES:
                raise UsageError("unknown_rule", pattern=rule_id)
        catalog_view.explain(RULES[rid], lang, sys.stdout)

    return app


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # fast path: no heavy imports
        sys.stdout.write(f"frtaudit {__version__}\n")
        raise SystemExit(EXIT_OK)
    lang = _language(args)
    app = build_app(lang)
    try:
        app(args=args, prog_name="frtaudit", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_INVALID)
        raise SystemExit(code) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    raise SystemExit(EXIT_OK)
