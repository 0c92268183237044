"""``frtaudit publish``: a static public register of the inventories' public facts.

``publish(PublishRequest)`` loads and audits the inventories (every result kept, so each
headline question gets an answer), keeps only what is public (:mod:`.classify`, AI Act
Art. 49(4) in :mod:`.register`), renders the site (:mod:`.site`) and the open data
(:mod:`.opendata`) and writes the folder at once (:func:`frtaudit.files.replace_tree`).
The same inventories and audit date give byte-identical files.

This package sits above ``scan`` in the layers (it runs an audit) and below the command line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frtaudit.errors import UsageError
from frtaudit.i18n import Catalog
from frtaudit.publish import opendata, site
from frtaudit.publish.classify import _schemas_dir
from frtaudit.publish.register import Register, build

#: Profiles whose answers the register shows; each judges only agencies in its scope.
DEFAULT_PROFILES = ("nhrck", "kr-pipa", "eu-ai-act", "us-wa")


class PublishError(UsageError):
    """A publish mistake (exit code 2), with a key of the ``[publish.errors]`` messages."""

    def render(self, cat: Catalog) -> str:
        return cat.t(f"publish.errors.{self.key}", **self.params)


@dataclass(frozen=True, slots=True)
class PublishRequest:
    paths: Sequence[str]
    out: str
    as_of: date
    profiles: tuple[str, ...] = DEFAULT_PROFILES
    jobs: int = 0


@dataclass(frozen=True, slots=True)
class Published:
    """What was written."""

    path: str
    files: int
    agencies: int
    systems: int
    withheld: int


def _resolved(path: str) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def refuse_inputs(out: str, paths: Sequence[str]) -> None:
    """The output folder must hold no input and lie inside no input folder."""
    target = _resolved(out)
    for given in paths:
        if given == "-" or "://" in given:
            continue
        source = _resolved(given)
        if source == target or target in source.parents:
            raise PublishError("output_holds_input", path=out, input=given)
        if source.is_dir() and source in target.parents:
            raise PublishError("output_in_input", path=out, input=given)


def files(register: Register) -> Iterator[tuple[str, str]]:
    """Every file of the register folder: the site, then the open data."""
    yield from site.pages(register)
    schemas = _schemas_dir()
    yield "data/register.csv", opendata.register_csv(register)
    yield "data/register.json", opendata.dumps(opendata.register_data(register))
    yield (
        "data/register.schema.json",
        (schemas / "publication-register.schema.json").read_text(encoding="utf-8"),
    )
    yield "data/kr-cctv.csv", opendata.kr_cctv_csv(register)
    yield "data/nl-algoritmeregister.json", opendata.dumps(opendata.nl_records(register))
    yield "data/eu-annex-viii-c.json", opendata.dumps(opendata.eu_document(register))
    yield (
        "data/eu-annex-viii-c.schema.json",
        (schemas / "publication-eu-annex-viii-c.schema.json").read_text(encoding="utf-8"),
    )


def audit(req: PublishRequest) -> Register:
    """Load, validate and audit the inventories; the register of what is public."""
    from frtaudit.audit.profiles import default_params
    from frtaudit.load.inventory import load_all
    from frtaudit.scan import ScanRequest, run

    report = run(
        ScanRequest(
            paths=req.paths,
            as_of=req.as_of,
            profiles=req.profiles,
            params=default_params(req.profiles),
            include_passing=True,
            outputs=(),
            jobs=req.jobs,
        )
    )
    return build(load_all(req.paths), report)


def publish(req: PublishRequest) -> Published:
    """Audit and write the register folder; raise InputError, PublishError."""
    from frtaudit.files import NotOurTree, replace_tree

    refuse_inputs(req.out, req.paths)
    register = audit(req)
    try:
        count = replace_tree(req.out, files(register), marker_text="frtaudit publish\n")
    except NotOurTree as exc:
        key = "not_a_folder" if exc.reason == "not_a_folder" else "not_a_register"
        raise PublishError(key, path=req.out) from None
    except OSError as exc:
        raise PublishError("write_failed", path=req.out, error=exc.strerror or str(exc)) from None
    return Published(
        path=req.out,
        files=count,
        agencies=len(register.agencies),
        systems=len(register.systems),
        withheld=sum(a.withheld_non_public for a in register.agencies),
    )


__all__: list[Any] = ["PublishError", "PublishRequest", "Published", "publish", "refuse_inputs"]
