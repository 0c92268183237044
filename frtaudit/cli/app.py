"""The command line: parse options, call the library, render, exit. Nothing else lives here.

Every scan setting is merged by :mod:`frtaudit.load.settings` (command line > FRTAUDIT_* >
config file > defaults) and turned into one checked request by
:func:`frtaudit.scan.build_request`; the commands below only collect the words typed, chain the
library calls and print.

Exit codes: 0 no gap at or above --fail-on; 1 gaps; 2 usage error or invalid input.
"""

import os
import signal
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from typing import Annotated, Any, NoReturn

from frtaudit import __version__
from frtaudit.cli.console import (
    EXIT_GAPS,
    EXIT_INVALID,
    EXIT_OK,
    input_errors,
    print_problems,
    stderr,
)
from frtaudit.cli.console import progress as progress_bar

#: Values shown in help and offered by shell completion (each is checked by the library too).
SEVERITIES = ("low", "medium", "high", "critical")
COLORS = ("auto", "always", "never")
SHELLS = ("bash", "zsh", "fish")


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


def summary_line(report: Any, cat: Any) -> str:
    """The one line a quiet run prints: the counts, and with a baseline the new gaps.

    With ``--fail-on-new`` the new count is what decided the exit code, and the line says so.
    """
    from frtaudit.report.common import summary_params
    from frtaudit.scan import new_gap_count

    line = cat.t("scan.summary", **summary_params(report, cat))
    if report.baseline is not None:
        key = "scan.summary_new_decides" if report.baseline.fail_on_new else "scan.summary_new"
        line += cat.t(key, new=new_gap_count(report), path=report.baseline.path)
    return str(line)


def _write_outputs(report: Any, outputs: Any, cat: Any, quiet: bool = False) -> None:
    """Render the one audit into every requested output; the summary line always shows.

    With ``quiet`` a terminal report on standard output shrinks to the summary line.
    """
    import functools

    from frtaudit.errors import UsageError
    from frtaudit.files import WriteFailed, write_all
    from frtaudit.report import Format, renderer

    files = [(o.path, functools.partial(renderer(o.fmt), report)) for o in outputs if o.path]
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
        stream.write(summary_line(report, cat) + "\n")


def _completer(
    values: Callable[[], Iterable[str]], comma: bool = False
) -> Callable[[str], list[str]]:
    """Shell completion from ``values``; ``comma``: complete the last of ``a,b,c``."""

    def complete(incomplete: str) -> list[str]:
        head, sep, last = incomplete.rpartition(",") if comma else ("", "", incomplete)
        prefix = head + sep
        return [prefix + v for v in values() if v.lower().startswith(last.lower())]

    return complete


def _rule_ids() -> list[str]:
    from frtaudit.rules import RULES

    return list(RULES)


def _profile_names() -> list[str]:
    from frtaudit.audit.profiles import PROFILES

    return list(PROFILES)


def _format_names() -> list[str]:
    from frtaudit.report import Format

    return [f.value for f in Format]


def _field_names() -> list[str]:
    from frtaudit.load.schemas import field_paths

    return field_paths("inventory")


def _choices(values: Iterable[str]) -> str:
    """``[a|b|c]``: the metavar of an option that takes one of a few values."""
    return "[" + "|".join(values) + "]"


def _plain_command() -> Any:
    """A Typer command class whose help shows arguments by their metavar, never a Python type.

    Typer prints ``PATH... <list[str]>`` and ``{PATH...}...``; people read ``PATH...``.
    """
    from typer.core import TyperCommand

    class PlainCommand(TyperCommand):
        def collect_usage_pieces(self, ctx: Any) -> list[str]:
            pieces = [self.options_metavar] if self.options_metavar else []
            for param in self.get_params(ctx):
                if param.param_type_name == "argument":
                    pieces.append(_argument_name(param))
                else:
                    pieces.extend(param.get_usage_pieces(ctx))
            return pieces

        def format_options(self, ctx: Any, formatter: Any) -> None:
            from gettext import gettext

            arguments, options = [], []
            for param in self.get_params(ctx):
                if param.param_type_name == "argument":
                    if not getattr(param, "hidden", False):
                        arguments.append((_argument_name(param), getattr(param, "help", "")))
                else:
                    record = param.get_help_record(ctx)
                    if record is not None:
                        options.append(record)
            if arguments:
                with formatter.section(gettext("Arguments")):
                    formatter.write_dl(arguments)
            if options:
                with formatter.section(gettext("Options")):
                    formatter.write_dl(options)

    return PlainCommand


def _argument_name(param: Any) -> str:
    """``PATH...`` (required), ``[show]`` (optional): the metavar, bracketed when optional."""
    name = str(param.metavar or param.name.upper())
    if not param.required and not name.startswith("["):
        name = f"[{name}]"
    return name


def build_app(lang: str) -> Any:
    """The Typer application with help texts in ``lang``."""
    import typer
    from typer._completion_classes import completion_init

    from frtaudit.i18n import LANGUAGES, catalog
    from frtaudit.load.settings import SETTINGS

    cat = catalog(lang)
    command = _plain_command()

    def h(key: str, **params: Any) -> str:
        return str(cat.t(f"cli.{key}", **params))

    def default(name: str) -> str:
        value = SETTINGS[name].default
        return f"{value:g}" if isinstance(value, float) else str(value)

    completion_init()  # Typer's bash, zsh and fish completion (see --show-completion)
    app = typer.Typer(
        help=h("app"),
        no_args_is_help=True,
        add_completion=False,  # added to the root below, with help in the catalogue's language
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    def version_callback(value: bool) -> None:
        if value:
            sys.stdout.write(f"frtaudit {__version__}\n")
            raise typer.Exit(EXIT_OK)

    def completion(install: bool) -> Callable[[Any, Any, Any], Any]:
        """``--install-completion SHELL`` / ``--show-completion SHELL``, as Typer offers them."""
        from typer.completion import install_callback, show_callback

        def callback(ctx: Any, param: Any, value: str | None) -> Any:
            if value is None or ctx.resilient_parsing:
                return value
            if value not in SHELLS:
                raise typer.BadParameter(h("bad_shell", value=value, choices=", ".join(SHELLS)))
            return (install_callback if install else show_callback)(ctx, param, value)

        return callback

    def shell_option(name: str, install: bool) -> Any:
        return typer.Option(
            f"--{name.replace('_', '-')}",
            metavar=_choices(SHELLS),
            help=h(name),
            callback=completion(install),
            expose_value=False,
            is_eager=True,
            autocompletion=_completer(lambda: SHELLS),
        )

    @app.callback()
    def root(
        ctx: typer.Context,
        version: Annotated[
            bool,
            typer.Option("--version", help=h("version"), callback=version_callback, is_eager=True),
        ] = False,
        install_completion: Annotated[
            str | None, shell_option("install_completion", install=True)
        ] = None,
        show_completion: Annotated[
            str | None, shell_option("show_completion", install=False)
        ] = None,
    ) -> None:
        """frtaudit."""
        from frtaudit.cli.options import color_mode

        # NO_COLOR means no escape code at all, for every command (scan adds --color)
        ctx.with_resource(color_mode(None, os.environ))

    LangOpt = Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar=_choices(LANGUAGES),
            help=h("lang"),
            autocompletion=_completer(lambda: LANGUAGES),
        ),
    ]
    ConfigOpt = Annotated[str | None, typer.Option("--config", metavar="FILE", help=h("config"))]
    Paths = Annotated[
        list[str], typer.Argument(metavar="PATH...", help=h("paths"), show_default=False)
    ]
    FailOn = Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar=_choices(SEVERITIES),
            help=h("fail_on", default=default("fail_on")),
            autocompletion=_completer(lambda: SEVERITIES),
        ),
    ]
    AllowPrivate = Annotated[
        bool | None, typer.Option("--allow-private-network", help=h("allow_private_network"))
    ]
    LinkTimeout = Annotated[
        float | None,
        typer.Option(
            "--link-timeout",
            metavar="SECONDS",
            help=h("link_timeout", default=default("link_timeout")),
        ),
    ]
    Profiles = Annotated[
        list[str] | None,
        typer.Option(
            "--profile",
            "-p",
            metavar="PROFILE[,PROFILE...]",
            help=h("profile"),
            autocompletion=_completer(_profile_names, comma=True),
        ),
    ]

    def rule_patterns(name: str) -> Any:
        return typer.Option(
            f"--{name}",
            metavar="ID[,ID...]",
            help=h(name),
            autocompletion=_completer(_rule_ids, comma=True),
        )

    def flag(name: str, *decls: str) -> Any:
        return typer.Option(*decls, help=h(name))

    @app.command(help=h("scan"), cls=command)
    def scan(
        paths: Paths,
        as_of: Annotated[
            str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help=h("as_of"))
        ] = None,
        profile: Profiles = None,
        param: Annotated[
            list[str] | None, typer.Option("--param", metavar="NAME=VALUE", help=h("param"))
        ] = None,
        select: Annotated[list[str] | None, rule_patterns("select")] = None,
        ignore: Annotated[list[str] | None, rule_patterns("ignore")] = None,
        fail_on: FailOn = None,
        no_waivers: Annotated[bool | None, flag("no_waivers", "--no-waivers")] = None,
        include_passing: Annotated[
            bool | None, flag("include_passing", "--include-passing")
        ] = None,
        details: Annotated[bool | None, flag("details", "--details")] = None,
        fmt: Annotated[
            list[str] | None,
            typer.Option(
                "--format",
                "-f",
                metavar="FMT[:PATH]",
                help=h("format", choices=", ".join(_format_names())),
                autocompletion=_completer(_format_names),
            ),
        ] = None,
        output: Annotated[
            str | None, typer.Option("--output", "-o", metavar="FILE", help=h("output"))
        ] = None,
        csv_bom: Annotated[bool | None, flag("csv_bom", "--csv-bom")] = None,
        timestamp: Annotated[bool | None, flag("timestamp", "--timestamp")] = None,
        baseline: Annotated[
            str | None, typer.Option("--baseline", metavar="FILE", help=h("baseline"))
        ] = None,
        fail_on_new: Annotated[bool | None, flag("fail_on_new", "--fail-on-new")] = None,
        notify: Annotated[
            str | None, typer.Option("--notify", metavar="URL", help=h("notify"))
        ] = None,
        quiet: Annotated[bool | None, flag("quiet", "--quiet", "-q")] = None,
        color: Annotated[
            str | None,
            typer.Option(
                "--color",
                metavar=_choices(COLORS),
                help=h("color"),
                autocompletion=_completer(lambda: COLORS),
            ),
        ] = None,
        check_links: Annotated[bool | None, flag("check_links", "--check-links")] = None,
        allow_private_network: AllowPrivate = None,
        link_cache: Annotated[
            str | None, typer.Option("--link-cache", metavar="DIR", help=h("link_cache"))
        ] = None,
        link_cache_ttl: Annotated[
            float | None,
            typer.Option(
                "--link-cache-ttl",
                metavar="HOURS",
                help=h("link_cache_ttl", default=default("link_cache_ttl")),
            ),
        ] = None,
        link_timeout: LinkTimeout = None,
        jobs: Annotated[
            int | None,
            typer.Option("--jobs", "-j", metavar="N", help=h("jobs", default=default("jobs"))),
        ] = None,
        config: ConfigOpt = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli.options import color_mode, param_pairs
        from frtaudit.load.settings import load_settings
        from frtaudit.scan import build_request, exit_code, run, split_list

        with input_errors(lang):
            given = {
                "profiles": split_list(profile),
                "params": param_pairs(param),
                "select": split_list(select),
                "ignore": split_list(ignore),
                "fail_on": fail_on,
                "fail_on_new": fail_on_new,
                "formats": list(fmt or []),
                "output": output,
                "lang": lang_opt,
                "no_waivers": no_waivers,
                "include_passing": include_passing,
                "details": details,
                "baseline": baseline,
                "notify": notify,
                "color": color,
                "quiet": quiet,
                "check_links": check_links,
                "allow_private_network": allow_private_network,
                "link_cache": link_cache,
                "link_cache_ttl": link_cache_ttl,
                "link_timeout": link_timeout,
                "jobs": jobs,
                "csv_bom": csv_bom,
                "timestamp": timestamp,
                "as_of": as_of,
            }
            settings = load_settings(given, config, os.environ)
            req = build_request(paths, settings, today=date.today(), env_lang=lang)
            out_cat = catalog(req.lang)
            quiet_run = bool(settings["quiet"])
            with color_mode(settings["color"], os.environ):
                if req.baseline_absent:
                    stderr(out_cat.t("errors.baseline_absent", path=req.baseline))
                with progress_bar(quiet_run) as progress:
                    report = run(req, progress)
                _write_outputs(report, req.outputs, out_cat, quiet_run)
        if req.notify:
            _notify(report, req.notify, out_cat)
        raise typer.Exit(exit_code(report))

    @app.command(help=h("diff"), cls=command)
    def diff(
        old: Annotated[str, typer.Argument(metavar="OLD.json", help=h("diff_old"))],
        new: Annotated[str, typer.Argument(metavar="NEW.json", help=h("diff_new"))],
        out_format: Annotated[
            str,
            typer.Option(
                "--format",
                "-f",
                metavar="[terminal|json|markdown]",
                help=h("diff_format"),
                autocompletion=_completer(lambda: ("terminal", "json", "markdown")),
            ),
        ] = "terminal",
        fail_on: Annotated[
            str,
            typer.Option(
                "--fail-on",
                metavar=_choices(SEVERITIES),
                help=h("diff_fail_on"),
                autocompletion=_completer(lambda: SEVERITIES),
            ),
        ] = "high",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import UsageError
        from frtaudit.report import diff as diffs
        from frtaudit.report.reader import load_report
        from frtaudit.scan import parse_severity

        with input_errors(lang):
            threshold = parse_severity(fail_on)
            if out_format not in diffs.RENDERERS:
                raise UsageError(
                    "bad_format_option", value=out_format, choices=", ".join(diffs.RENDERERS)
                )
            result = diffs.compute(load_report(old), load_report(new))
        diffs.RENDERERS[out_format](result, sys.stdout, lang)
        raise typer.Exit(EXIT_GAPS if diffs.new_gaps_at_or_above(result, threshold) else EXIT_OK)

    @app.command("config", help=h("config_cmd"), cls=command)
    def config_show(
        action: Annotated[
            str,
            typer.Argument(
                metavar="[show]",
                help=h("config_action"),
                autocompletion=_completer(lambda: ("show",)),
            ),
        ] = "show",
        config: ConfigOpt = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli.settings import show
        from frtaudit.errors import UsageError
        from frtaudit.load.settings import load_settings

        with input_errors(lang):
            if action != "show":
                raise UsageError("unknown_config_action", action=action)
            settings = load_settings({}, config, os.environ)
        sys.stdout.write(show(settings, cat))

    @app.command(help=h("validate"), cls=command)
    def validate(
        paths: Paths,
        strict: Annotated[bool, typer.Option("--strict", help=h("strict"))] = False,
        allow_private_network: AllowPrivate = None,
        link_timeout: LinkTimeout = None,
        config: ConfigOpt = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import InputError, Problem
        from frtaudit.load.inventory import load_all
        from frtaudit.load.settings import load_settings
        from frtaudit.scan import positive

        given = {"allow_private_network": allow_private_network, "link_timeout": link_timeout}
        warnings: list[Problem] = []
        with input_errors(lang):
            settings = load_settings(given, config, os.environ)
            timeout = positive(settings.origin("link_timeout"), settings["link_timeout"])
            allow = bool(settings["allow_private_network"])
            inventories = load_all(paths, allow_private=allow, timeout=timeout, warnings=warnings)
            if strict and warnings:
                raise InputError(warnings)
        print_problems(warnings, cat, prefix=cat.t("validate.warning"))
        per_file: dict[str, int] = {}
        for w in warnings:
            per_file[w.file] = per_file.get(w.file, 0) + 1
        for inv in inventories:
            count = per_file.get(inv.path, 0)
            key = "validate.ok_needs" if count else "validate.ok"
            sys.stdout.write(cat.t(key, path=inv.path, systems=len(inv.systems), count=count))
            sys.stdout.write("\n")
        raise typer.Exit(EXIT_OK)

    @app.command(help=h("schema"), cls=command)
    def schema(
        name: Annotated[
            str,
            typer.Argument(
                metavar="[inventory|report|config]",
                help=h("schema_name"),
                autocompletion=_completer(lambda: ("inventory", "report", "config")),
            ),
        ] = "inventory",
        field: Annotated[
            str | None,
            typer.Option(
                "--field",
                metavar="PATH",
                help=h("schema_field"),
                autocompletion=_completer(_field_names),
            ),
        ] = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli.console import field_text
        from frtaudit.errors import UsageError
        from frtaudit.load.schemas import SCHEMA_NAMES, field_doc, field_paths, schema_text

        with input_errors(lang):
            if name not in SCHEMA_NAMES:
                raise UsageError("unknown_schema", name=name, choices=", ".join(SCHEMA_NAMES))
            if field is None:
                sys.stdout.write(schema_text(name))
                raise typer.Exit(EXIT_OK)
            doc = field_doc(field, name)
            if doc is None:
                import difflib

                known = field_paths(name)
                short = [p.removeprefix("systems.") for p in known]
                guess = difflib.get_close_matches(field, [*known, *short], n=1, cutoff=0.6)
                if guess:
                    raise UsageError("unknown_field_guess", field=field, guess=guess[0])
                raise UsageError("unknown_field", field=field, schema=name)
        sys.stdout.write(field_text(doc, cat))

    @app.command(help=h("rules"), cls=command)
    def rules(
        profile: Profiles = None,
        out_format: Annotated[
            str,
            typer.Option(
                "--format",
                metavar="[table|json]",
                help=h("rules_format"),
                autocompletion=_completer(lambda: ("table", "json")),
            ),
        ] = "table",
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.errors import UsageError
        from frtaudit.report import catalogue as catalog_view
        from frtaudit.scan import parse_profiles, split_list

        with input_errors(lang):
            profiles = split_list(profile) and parse_profiles(profile)
            if out_format not in ("table", "json"):
                raise UsageError("bad_format_option", value=out_format, choices="table, json")
        from frtaudit.audit.engine import rule_in_profiles
        from frtaudit.rules import RULES

        chosen = [r for r in RULES.values() if not profiles or rule_in_profiles(r, profiles)]
        catalog_view.print_rules(chosen, out_format, lang, sys.stdout)

    @app.command(help=h("explain"), cls=command)
    def explain(
        rule_id: Annotated[
            str,
            typer.Argument(
                metavar="RULE_ID", help=h("rule_id"), autocompletion=_completer(_rule_ids)
            ),
        ],
        out_format: Annotated[
            str | None,
            typer.Option(
                "--format",
                "-f",
                metavar="[terminal|markdown]",
                help=h("explain_format"),
                autocompletion=_completer(lambda: ("terminal", "markdown")),
            ),
        ] = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.cli.console import print_markdown
        from frtaudit.errors import UsageError
        from frtaudit.report import catalogue as catalog_view
        from frtaudit.rules import RULES

        with input_errors(lang):
            rid = rule_id.strip().upper()
            if rid not in RULES:
                import difflib

                guess = difflib.get_close_matches(rid, list(RULES), n=1, cutoff=0.9)
                if guess:
                    raise UsageError("unknown_rule_guess", pattern=rule_id, guess=guess[0])
                raise UsageError("unknown_rule", pattern=rule_id)
            if out_format not in (None, "terminal", "markdown"):
                raise UsageError(
                    "bad_format_option", value=out_format, choices="terminal, markdown"
                )
        text = catalog_view.explain_text(RULES[rid], catalog(lang))
        rich = out_format == "terminal" or (out_format is None and sys.stdout.isatty())
        if rich:
            print_markdown(text, sys.stdout)
        else:
            sys.stdout.write(text)

    # Commands defined in their own modules: one registration line each.
    from frtaudit.cli.imports import register as register_import

    register_import(app, cat, lang, command)
    from frtaudit.cli.publish import register as register_publish

    register_publish(app, cat, lang, command)
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
