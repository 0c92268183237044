"""The command line: parse options, call the library, render, exit. Nothing else lives here.

Exit codes: 0 no gap at or above --fail-on; 1 gaps; 2 usage error or invalid input.
"""

import functools
import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import Annotated, Any, NoReturn

from frtaudit import __version__
from frtaudit.cli.console import (
    EXIT_GAPS,
    EXIT_INVALID,
    EXIT_OK,
    input_errors,
    stderr,
)
from frtaudit.cli.console import progress as progress_bar


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


def _notify(report: Any, url: str, cat: Any) -> None:
    """POST the run summary; a failure is a warning and never changes the exit code."""
    import io

    from frtaudit.net import notify
    from frtaudit.report.common import notification
    from frtaudit.report.json_report import render as render_json

    buffer = io.StringIO()
    render_json(report, buffer)
    error = notify.send(url, notification(report, buffer.getvalue()))
    if error:
        stderr(cat.t("notify.failed", url=url, error=error))


def _render_to(render: Any, report: Any, stream: Any) -> None:
    render(report, stream)


def _write_outputs(report: Any, outputs: Any, cat: Any, quiet: bool = False) -> None:
    """Render the one audit into every requested output; the summary line always shows.

    With ``quiet`` a terminal report on standard output shrinks to the summary line.
    """
    from frtaudit.errors import UsageError
    from frtaudit.files import WriteFailed, write_all
    from frtaudit.report import Format, renderer
    from frtaudit.report.common import summary_params

    files = [
        (o.path, functools.partial(_render_to, renderer(o.fmt), report))
        for o in outputs
        if o.path is not None
    ]
    try:  # all report files or none: a full disk leaves every earlier report as it was
        write_all(files)
    except WriteFailed as exc:
        error = exc.error.strerror or str(exc.error)
        raise UsageError("cannot_write", path=exc.path, error=error) from None
    for o in outputs:
        if o.path is None and not (quiet and o.fmt is Format.TERMINAL):
            renderer(o.fmt)(report, sys.stdout)
    if quiet or not any(o.path is None and o.fmt is Format.TERMINAL for o in outputs):
        # stdout stays machine-readable when a file format is printed there
        machine = any(o.path is None and o.fmt is not Format.TERMINAL for o in outputs)
        stream = sys.stderr if machine else sys.stdout
        stream.write(cat.t("scan.summary", **summary_params(report, cat)) + "\n")


def _as_of_in_range(text: str | None, day: date) -> None:
    """--as-of within the years an inventory date may have (see inventory.MIN_YEAR)."""
    from frtaudit.errors import UsageError
    from frtaudit.load.dates import MAX_YEAR, MIN_YEAR

    if text is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError("as_of_range", value=text, min_year=MIN_YEAR, max_year=MAX_YEAR)


def build_app(lang: str) -> Any:
    """The Typer application with help texts in ``lang``."""
    import typer

    from frtaudit.i18n import catalog
    from frtaudit.report import Format  # noqa: F401  (used by option types)

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
        fail_on: Annotated[str | None, typer.Option("--fail-on", help=h("fail_on"))] = None,
        no_waivers: Annotated[
            bool | None, typer.Option("--no-waivers", help=h("no_waivers"))
        ] = None,
        include_passing: Annotated[
            bool | None, typer.Option("--include-passing", help=h("include_passing"))
        ] = None,
        fmt: Annotated[list[str] | None, typer.Option("--format", "-f", help=h("format"))] = None,
        output: Annotated[str | None, typer.Option("--output", "-o", help=h("output"))] = None,
        csv_bom: Annotated[bool, typer.Option("--csv-bom", help=h("csv_bom"))] = False,
        timestamp: Annotated[bool, typer.Option("--timestamp", help=h("timestamp"))] = False,
        baseline: Annotated[str | None, typer.Option("--baseline", help=h("baseline"))] = None,
        fail_on_new: Annotated[
            bool | None, typer.Option("--fail-on-new", help=h("fail_on_new"))
        ] = None,
        notify: Annotated[str | None, typer.Option("--notify", help=h("notify"))] = None,
        quiet: Annotated[bool | None, typer.Option("--quiet", "-q", help=h("quiet"))] = None,
        color: Annotated[str | None, typer.Option("--color", help=h("color"))] = None,
        check_links: Annotated[
            bool | None, typer.Option("--check-links", help=h("check_links"))
        ] = None,
        allow_private_network: Annotated[
            bool, typer.Option("--allow-private-network", help=h("allow_private_network"))
        ] = False,
        link_cache: Annotated[
            str | None, typer.Option("--link-cache", help=h("link_cache"))
        ] = None,
        link_cache_ttl: Annotated[
            float, typer.Option("--link-cache-ttl", help=h("link_cache_ttl"))
        ] = 24.0,
        link_timeout: Annotated[
            float, typer.Option("--link-timeout", help=h("link_timeout"))
        ] = 10.0,
        jobs: Annotated[int, typer.Option("--jobs", "-j", help=h("jobs"))] = 0,
        config: Annotated[str | None, typer.Option("--config", help=h("config"))] = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from dataclasses import replace

        from frtaudit.cli import options
        from frtaudit.cli.outputs import parse_outputs
        from frtaudit.cli.settings import load_settings
        from frtaudit.files import refuse_inputs
        from frtaudit.scan import exit_code, run

        with input_errors(lang):
            cli_values = {
                "profiles": options.split_list(profile),
                "params": options.param_pairs(param),
                "select": options.split_list(select),
                "ignore": options.split_list(ignore),
                "fail_on": fail_on,
                "no_waivers": no_waivers,
                "include_passing": include_passing,
                "formats": list(fmt or []),
                "lang": lang_opt,
                "baseline": baseline,
                "fail_on_new": fail_on_new,
                "notify": notify,
                "quiet": quiet,
                "color": color,
                "check_links": check_links,
                "link_cache": link_cache,
            }
            settings = load_settings(cli_values, config, os.environ)
            options.apply_color(settings["color"], os.environ)
            outputs = parse_outputs(settings["formats"], output)
            inputs = [*paths, settings["baseline"], settings.file]
            refuse_inputs([o.path for o in outputs], [i for i in inputs if i])
            req = options.scan_request(paths, settings, as_of, date.today(), lang)
            _as_of_in_range(as_of, req.as_of)
            req = replace(
                req,
                check_links=bool(settings["check_links"]),
                link_cache=settings["link_cache"],
                allow_private_network=allow_private_network,
                link_timeout=options.positive("--link-timeout", link_timeout),
                link_cache_ttl_hours=options.positive("--link-cache-ttl", link_cache_ttl),
                jobs=options.non_negative("--jobs", jobs),
                render_options=options.render_options(csv_bom, timestamp),
            )
            with progress_bar(bool(settings["quiet"])) as progress:
                report = run(req, progress)
            _write_outputs(report, outputs, catalog(req.lang), bool(settings["quiet"]))
        if settings["notify"]:
            _notify(report, settings["notify"], catalog(req.lang))
        raise typer.Exit(exit_code(report))

    @app.command(help=h("diff"))
    def diff(
        old: Annotated[str, typer.Argument(help=h("diff_old"))],
        new: Annotated[str, typer.Argument(help=h("diff_new"))],
        out_format: Annotated[
            str, typer.Option("--format", "-f", help=h("diff_format"))
        ] = "terminal",
        fail_on: Annotated[str, typer.Option("--fail-on", help=h("fail_on"))] = "high",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli import options
        from frtaudit.errors import UsageError
        from frtaudit.report import diff as diffs
        from frtaudit.report.reader import load_report

        with input_errors(lang):
            threshold = options.parse_severity(fail_on)
            if out_format not in diffs.RENDERERS:
                raise UsageError(
                    "bad_format_option", value=out_format, choices=", ".join(diffs.RENDERERS)
                )
            result = diffs.compute(load_report(old), load_report(new))
        diffs.RENDERERS[out_format](result, sys.stdout, lang)
        raise typer.Exit(EXIT_GAPS if diffs.new_gaps_at_or_above(result, threshold) else EXIT_OK)

    @app.command("config", help=h("config_cmd"))
    def config_show(
        action: Annotated[str, typer.Argument(help=h("config_action"))] = "show",
        config: Annotated[str | None, typer.Option("--config", help=h("config"))] = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli.settings import load_settings, show
        from frtaudit.errors import UsageError

        with input_errors(lang):
            if action != "show":
                raise UsageError("unknown_config_action", action=action)
            settings = load_settings({}, config, os.environ)
        sys.stdout.write(show(settings, cat))

    @app.command(help=h("validate"))
    def validate(
        paths: Paths,
        allow_private_network: Annotated[
            bool, typer.Option("--allow-private-network", help=h("allow_private_network"))
        ] = False,
        link_timeout: Annotated[
            float, typer.Option("--link-timeout", help=h("link_timeout"))
        ] = 30.0,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli import options
        from frtaudit.load.inventory import load_all

        with input_errors(lang):
            timeout = options.positive("--link-timeout", link_timeout)
            inventories = load_all(paths, allow_private=allow_private_network, timeout=timeout)
        for inv in inventories:
            sys.stdout.write(cat.t("validate.ok", path=inv.path, systems=len(inv.systems)) + "\n")
        raise typer.Exit(EXIT_OK)

    @app.command(help=h("schema"))
    def schema(
        name: Annotated[str, typer.Argument(help=h("schema_name"))] = "inventory",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import UsageError
        from frtaudit.load.schemas import SCHEMA_NAMES, schema_text

        with input_errors(lang):
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
        from frtaudit.cli import options
        from frtaudit.errors import UsageError
        from frtaudit.report import catalogue as catalog_view

        with input_errors(lang):
            profiles = options.split_list(profile) and options.parse_profiles(profile)
            if out_format not in ("table", "json"):
                raise UsageError("bad_format_option", value=out_format, choices="table, json")
        from frtaudit.audit.engine import rule_in_profiles
        from frtaudit.rules import RULES

        chosen = [r for r in RULES.values() if not profiles or rule_in_profiles(r, profiles)]
        catalog_view.print_rules(chosen, out_format, lang, sys.stdout)

    @app.command(help=h("explain"))
    def explain(
        rule_id: Annotated[str, typer.Argument(help=h("rule_id"))],
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import UsageError
        from frtaudit.report import catalogue as catalog_view
        from frtaudit.rules import RULES

        with input_errors(lang):
            rid = rule_id.strip().upper()
            if rid not in RULES:
                raise UsageError("unknown_rule", pattern=rule_id)
        catalog_view.explain(RULES[rid], lang, sys.stdout)

    from frtaudit.cli.imports import register as register_import

    register_import(app, cat, lang)
    return app


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # fast path: no heavy imports
        sys.stdout.write(f"frtaudit {__version__}\n")
        raise SystemExit(EXIT_OK)
    for stream in (sys.stdout, sys.stderr):  # a path with undecodable bytes must not crash output
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    _catch_signals()
    lang = _language(args)
    try:
        app = build_app(lang)
        app(args=args, prog_name="frtaudit", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_INVALID)
        raise SystemExit(code) from None
    except Interrupted as exc:
        _interrupted(exc.signum, lang)
    except KeyboardInterrupt:
        _interrupted(signal.SIGINT, lang)
    raise SystemExit(EXIT_OK)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; unwinds past every ``except Exception`` to :func:`main`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: Any) -> None:
    # later signals wait: the clean-up that follows must finish
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


def _catch_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:  # nohup and friends ignore on purpose
            signal.signal(sig, _on_signal)


def _interrupted(signum: int, lang: str) -> NoReturn:
    """Remove unfinished report files, say so, exit 128 + signal (130 SIGINT, 143 SIGTERM)."""
    from frtaudit.files import discard_pending

    discard_pending()
    with suppress(Exception):  # the exit code is what matters now
        from frtaudit.i18n import catalog

        name = signal.Signals(signum).name
        stderr("frtaudit: " + catalog(lang).t("errors.interrupted", signal=name))
    raise SystemExit(128 + signum)
