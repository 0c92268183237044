"""The frtaudit benchmark suite (issue 8): stage times, peak memory and the targets, in one run.

    python benchmarks/run.py                 # everything, national case included (minutes)
    python benchmarks/run.py --quick         # 20 and 1,000 systems only (seconds)
    python benchmarks/run.py --sizes 20,1000,100000 --national 1100000x250

For every size it generates (once, cached under benchmarks/data/) a synthetic inventory with
``benchmarks/generate.py`` and measures, each in a fresh process:

* ``parse``, ``validate``, ``audit``, ``render json``: one process running the pipeline stage
  by stage (single-process, as ``--jobs 1`` would), time per stage and peak memory so far;
* ``scan``: the real command, ``frtaudit scan FILES -f json -o OUT -q`` (worker processes for
  several files), wall time and the peak of the memory of all its processes together;
* ``tomli``: tomli alone parsing the same files one after another in one process;
* ``check-jsonschema``: the peer validating the same files against the inventory schema.

It prints one table and the targets, writes ``benchmarks/results.json`` and exits 0 (with
``--strict``: 1 when a target is missed). Memory is the resident set (RSS) sampled every 50 ms over
the whole process tree; times are wall-clock seconds on this machine, whose load is recorded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "results.json"
SCHEMA = ROOT / "schemas" / "inventory.schema.json"
BIN = Path(sys.executable).parent
SEED = 8
AS_OF = "2026-11-22"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- measuring a process tree ----------------------------------------------------------------------


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS of ``root`` and all its descendants (Linux /proc), in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                ppid, kb = 0, 0
                for line in fh:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents[int(entry)] = ppid
        rss[int(entry)] = kb
    total, todo = 0, [root]
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(p for p, pp in parents.items() if pp == pid)
    return total


def measure(cmd: list[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, peak RSS of its whole process tree (MB), exit code, stdout."""
    peak = [0]
    env = dict(os.environ if env is None else env)
    # An installed frtaudit has its bytecode compiled (pip does it); measure that, not the
    # compiler: let Python cache the bytecode of the source tree (git ignores __pycache__).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return {
        "s": round(wall, 3),
        "rss_mb": round(peak[0] / 1024, 1),
        "rc": proc.returncode,
        "stdout": out,
        "stderr": err[-2000:],
    }


def best_of(cmd: list[str], n: int) -> dict[str, Any]:
    """The fastest of ``n`` runs (for the short start-up measurements)."""
    runs = [measure(cmd) for _ in range(n)]
    return min(runs, key=lambda r: float(r["s"]))


# -- data ------------------------------------------------------------------------------------------


def dataset(systems: int, agencies: int) -> list[str]:
    """Files of a generated inventory (made once, then reused), as paths."""
    DATA.mkdir(parents=True, exist_ok=True)
    gen = [
        sys.executable,
        str(HERE / "generate.py"),
        "--systems",
        str(systems),
        "--seed",
        str(SEED),
    ]
    if agencies == 1:
        path = DATA / f"inventory-{systems}-s{SEED}.toml"
        if not path.exists():
            log(f"generating {path.name} ...")
            subprocess.run([*gen, "--out", str(path)], check=True)
        return [str(path)]
    folder = DATA / f"national-{systems}x{agencies}-s{SEED}"
    stamp = folder / ".complete"
    if not stamp.exists():
        log(f"generating {agencies} files, {systems} systems in {folder.name} (takes a while) ...")
        subprocess.run([*gen, "--agencies", str(agencies), "--out-dir", str(folder)], check=True)
        stamp.write_text("ok\n")
    return sorted(str(p) for p in folder.glob("*.toml"))


# -- the probes (run in a child process: ``run.py --probe ...``) --------------------------------


def _peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def probe_stages(files: list[str], out: str, render: bool) -> dict[str, Any]:
    """parse, validate, audit, render json: one process, stage by stage, as --jobs 1 runs them."""
    t0 = time.perf_counter()
    from datetime import date

    from frtaudit.audit.engine import Selection, audit, select_rules
    from frtaudit.load import inventory
    from frtaudit.rules import RULES

    stages: dict[str, Any] = {"import": {"s": round(time.perf_counter() - t0, 3)}}
    t = time.perf_counter()
    parsed = []
    for f in files:
        raw = inventory.read_bytes(f)
        text = inventory.decode(f, raw)
        fmt = inventory.detect_format(f, text)
        parsed.append((f, raw, text, fmt, inventory.parse(f, text, fmt)))
    stages["parse"] = {"s": round(time.perf_counter() - t, 3), "rss_mb": _peak_mb()}
    t = time.perf_counter()
    invs = []
    for f, raw, text, fmt, doc in parsed:
        problems = inventory.validate(f, doc, text, fmt)
        if problems:
            raise SystemExit(f"{f}: generated inventory is invalid: {problems[:3]}")
        invs.append(
            inventory.Inventory(
                f,
                hashlib.sha256(raw).hexdigest(),
                doc,
                inventory.system_lines(text, fmt, len(doc["systems"])),
            )
        )
    del parsed
    stages["validate"] = {"s": round(time.perf_counter() - t, 3), "rss_mb": _peak_mb()}
    t = time.perf_counter()
    from frtaudit.scan import parse_params

    sel = Selection()
    params = parse_params({}, sel.profiles)  # the profile defaults, as the command line has them
    report = audit(invs, select_rules(RULES, sel), sel, date.fromisoformat(AS_OF), params)
    stages["audit"] = {"s": round(time.perf_counter() - t, 3), "rss_mb": _peak_mb()}
    stages["findings"] = len(report.findings)
    if render:
        from frtaudit.report.json_report import render as render_json

        del invs
        t = time.perf_counter()
        with open(out, "w", encoding="utf-8") as fh:
            render_json(report, fh)
        stages["json"] = {"s": round(time.perf_counter() - t, 3), "rss_mb": _peak_mb()}
    return stages


def probe_tomli(files: list[str]) -> dict[str, Any]:
    """tomli alone parsing ``files`` one after another (the reference of the targets)."""
    import tomli

    t = time.perf_counter()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            tomli.loads(fh.read())
    return {"s": round(time.perf_counter() - t, 3), "rss_mb": _peak_mb()}


def probe_digest(files: list[str], jobs: int) -> dict[str, Any]:
    """A digest of every finding and count of a run with ``jobs`` worker processes."""
    from datetime import date

    from frtaudit.scan import ScanRequest, parse_params, run

    t = time.perf_counter()
    params = parse_params({}, ("nhrck",))
    req = ScanRequest(paths=files, as_of=date.fromisoformat(AS_OF), params=params, jobs=jobs)
    report = run(req)
    h = hashlib.sha256()
    for f in report.findings:
        h.update(
            repr(
                (
                    f.inventory,
                    f.system_index,
                    f.system_id,
                    f.rule_id,
                    f.outcome.value,
                    f.message_key,
                    sorted(f.params.items()),
                    f.line,
                )
            ).encode()
        )
    h.update(repr((report.counts, report.gap_counts, report.deferred)).encode())
    return {
        "s": round(time.perf_counter() - t, 3),
        "rss_mb": _peak_mb(),
        "findings": len(report.findings),
        "digest": h.hexdigest(),
    }


def run_probe(args: argparse.Namespace) -> int:
    files = args.files
    if args.probe == "stages":
        result = probe_stages(files, args.out, not args.no_render)
    elif args.probe == "tomli":
        result = probe_tomli(files)
    else:
        result = probe_digest(files, int(args.probe.split("=")[1]))
    print(json.dumps(result))
    return 0


def child(kind: str, files: list[str], *extra: str) -> dict[str, Any]:
    """Run a probe in a fresh process; its own figures plus the tree's peak memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, dir=DATA) as fh:
        fh.write("\n".join(files))
        listing = fh.name
    try:
        m = measure(
            [sys.executable, str(HERE / "run.py"), "--probe", kind, "--files-from", listing, *extra]
        )
    finally:
        os.unlink(listing)
    if m["rc"] != 0:
        raise SystemExit(f"probe {kind} failed:\n{m['stderr']}")
    data: dict[str, Any] = json.loads(m["stdout"])
    data["process_s"], data["process_rss_mb"] = m["s"], m["rss_mb"]
    return data


# -- the suite -----------------------------------------------------------------------------------


def frtaudit_scan(files: list[str], out: str | None) -> dict[str, Any]:
    """``frtaudit scan`` to a json report (``out``), or to the summary line only (None)."""
    report = ["-f", "json", "-o", out] if out else []
    m = measure([str(BIN / "frtaudit"), "scan", *files, "--as-of", AS_OF, *report, "-q"])
    if m["rc"] not in (0, 1):
        raise SystemExit(f"frtaudit scan failed ({m['rc']}):\n{m['stderr']}")
    return m


def peer(files: list[str]) -> dict[str, Any] | None:
    exe = BIN / "check-jsonschema"
    if not exe.exists():
        return None
    m = measure([str(exe), "--schemafile", str(SCHEMA), *files])
    if m["rc"] not in (0, 1):
        log(f"check-jsonschema failed ({m['rc']}): {m['stderr'][-500:]}")
    return m


def case(
    name: str, files: list[str], systems: int, *, render: bool, stages: bool
) -> dict[str, Any]:
    log(f"[{name}] {len(files)} file(s), {systems} systems")
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    out = str(DATA / f"report-{name}.json")
    res: dict[str, Any] = {"systems": systems, "files": len(files), "mb": round(size_mb, 1)}
    log(f"[{name}] tomli alone ...")
    res["tomli"] = child("tomli", files)
    if stages:
        log(f"[{name}] stages in one process ...")
        res["stages"] = child(
            "stages", files, "--out", out + ".stages", *([] if render else ["--no-render"])
        )
    log(f"[{name}] frtaudit scan {'-f json' if render else '(summary only)'} ...")
    scan = frtaudit_scan(files, out if render else None)
    res["scan"] = {"s": scan["s"], "rss_mb": scan["rss_mb"], "json_report": render}
    res["scan"]["per_system_us"] = round(scan["s"] / systems * 1e6, 1)
    if render and os.path.exists(out):
        res["scan"]["json_mb"] = round(os.path.getsize(out) / 1e6, 1)
    if stages and render and os.path.exists(out + ".stages"):
        res["same_report_as_one_process"] = _same_file(out, out + ".stages")
    log(f"[{name}] check-jsonschema ...")
    p = peer(files)
    if p is not None:
        res["check_jsonschema"] = {"s": p["s"], "rss_mb": p["rss_mb"], "rc": p["rc"]}
    for f in (out, out + ".stages"):
        if os.path.exists(f):
            os.unlink(f)
    return res


def _same_file(a: str, b: str) -> bool:
    def digest(p: str) -> str:
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()

    return digest(a) == digest(b)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets of issue 8 as measured ratios: (name, measured, limit, met)."""
    t: list[dict[str, Any]] = []

    def add(name: str, value: float, limit: str, met: bool) -> None:
        t.append({"target": name, "measured": value, "limit": limit, "met": bool(met)})

    st = results["startup"]
    add(
        "frtaudit --version / python -c pass",
        _ratio(st["version"]["s"], st["python"]["s"]),
        "<= 6",
        st["version"]["s"] <= 6 * st["python"]["s"],
    )
    cases = results["cases"]
    small = cases.get("20")
    if small and "check_jsonschema" in small:
        add(
            "scan 20 systems / check-jsonschema 20",
            _ratio(small["scan"]["s"], small["check_jsonschema"]["s"]),
            "<= 1",
            small["scan"]["s"] <= small["check_jsonschema"]["s"],
        )
    big = cases.get("100000")
    if big:
        add(
            "scan 100k to json / tomli parse 100k",
            _ratio(big["scan"]["s"], big["tomli"]["s"]),
            "<= 1.5",
            big["scan"]["s"] <= 1.5 * big["tomli"]["s"],
        )
        if "json_mb" in big["scan"]:
            add(
                "json report of 100k systems, MB",
                big["scan"]["json_mb"],
                "<= 150",
                big["scan"]["json_mb"] <= 150,
            )
        if "check_jsonschema" in big:
            cj = big["check_jsonschema"]
            add(
                "check-jsonschema 100k / scan 100k",
                _ratio(cj["s"], big["scan"]["s"]),
                ">= 5",
                cj["s"] >= 5 * big["scan"]["s"],
            )
            add(
                "scan 100k peak MB / check-jsonschema peak MB",
                _ratio(big["scan"]["rss_mb"], cj["rss_mb"]),
                "<= 1",
                big["scan"]["rss_mb"] <= cj["rss_mb"],
            )
    nat = cases.get("national")
    if nat:
        add(
            "national scan / tomli parse of all files, one process",
            _ratio(nat["scan"]["s"], nat["tomli"]["s"]),
            "<= 1",
            nat["scan"]["s"] <= nat["tomli"]["s"],
        )
        add(
            "national scan peak MB (all processes)",
            nat["scan"]["rss_mb"],
            "< 1024",
            nat["scan"]["rss_mb"] < 1024,
        )
        if "same_findings" in nat:
            add(
                "national: same findings as one process",
                1.0 if nat["same_findings"] else 0.0,
                "== 1",
                nat["same_findings"],
            )
    for name, c in cases.items():
        if "same_report_as_one_process" in c:
            add(
                f"{name}: report identical to one-process run",
                1.0 if c["same_report_as_one_process"] else 0.0,
                "== 1",
                c["same_report_as_one_process"],
            )
    return t


def table(results: dict[str, Any]) -> str:
    rows = [
        "| case | MB | stage | seconds | µs/system | peak MB |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for name, c in results["cases"].items():
        entries = [("tomli alone (reference)", c["tomli"])]
        entries += [
            (f"{stage} (one process)", c["stages"][stage])
            for stage in ("parse", "validate", "audit", "json")
            if stage in c.get("stages", {})
        ]
        label = "-f json" if c["scan"].get("json_report", True) else "-q (no report file)"
        entries.append((f"**frtaudit scan {label}**", c["scan"]))
        if "check_jsonschema" in c:
            entries.append(("check-jsonschema", c["check_jsonschema"]))
        for stage, m in entries:
            per = m["s"] / c["systems"] * 1e6
            mb = m.get("rss_mb", "")
            rows.append(f"| {name} | {c['mb']} | {stage} | {m['s']:.2f} | {per:.1f} | {mb} |")
    return "\n".join(rows)


BUSAN = ROOT.parent / "shared" / "data" / "kr-cctv-busan" / "cctv.csv"


def publish_case(source: Path = BUSAN) -> dict[str, Any] | None:
    """Issue 18: ``frtaudit publish`` of the Busan import (15,737 cameras): wall time, peak
    memory of the process tree, size and number of files of the site, byte-identical reruns."""
    if not source.is_file():
        log(f"[publish] {source} is absent: case skipped")
        return None
    DATA.mkdir(parents=True, exist_ok=True)
    inventory = DATA / "busan.toml"
    if not inventory.is_file():
        log("[publish] import kr-cctv of the Busan file ...")
        cmd = [str(BIN / "frtaudit"), "import", "kr-cctv", str(source), "-o", str(inventory)]
        done = subprocess.run(cmd, capture_output=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"import kr-cctv failed:\n{done.stderr.decode()}")
    out = DATA / "busan-register"
    log("[publish] frtaudit publish of the Busan import ...")
    cmd = [str(BIN / "frtaudit"), "publish", str(inventory), "--out", str(out), "--as-of", AS_OF]
    m = measure(cmd)
    if m["rc"] != 0:
        raise SystemExit(f"frtaudit publish failed ({m['rc']}):\n{m['stderr']}")
    files = [p for p in out.rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for f in sorted(files):
        digest.update(str(f.relative_to(out)).encode() + b"\0" + f.read_bytes())
    again = measure(cmd)
    digest2 = hashlib.sha256()
    for f in sorted(p for p in out.rglob("*") if p.is_file()):
        digest2.update(str(f.relative_to(out)).encode() + b"\0" + f.read_bytes())
    return {
        "systems": 15737,
        "publish": {"s": min(m["s"], again["s"]), "rss_mb": max(m["rss_mb"], again["rss_mb"])},
        "files": len(files),
        "site_mb": round(sum(f.stat().st_size for f in files) / 1e6, 1),
        "pages_mb": round(sum(f.stat().st_size for f in files if f.suffix == ".html") / 1e6, 1),
        "data_mb": round(
            sum(f.stat().st_size for f in files if f.relative_to(out).parts[0] == "data") / 1e6, 1
        ),
        "byte_identical_rerun": digest.hexdigest() == digest2.hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="frtaudit benchmark suite")
    ap.add_argument("--quick", action="store_true", help="20 and 1,000 systems only")
    ap.add_argument("--sizes", default="20,1000,100000")
    ap.add_argument("--national", default="1100000x250", help="SYSTEMSxFILES, or 'none'")
    ap.add_argument(
        "--national-render",
        action="store_true",
        help="also time the one-process stages incl. render json for the national "
        "case (needs many GB of memory)",
    )
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--output", default=str(RESULTS))
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    ap.add_argument("--files-from", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--no-render", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.probe:
        args.files = Path(args.files_from).read_text().split("\n")
        return run_probe(args)

    sizes = [20, 1000] if args.quick else [int(x) for x in args.sizes.split(",") if x]
    national = None if args.quick or args.national == "none" else args.national
    load = os.getloadavg()
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg_at_start": [round(x, 2) for x in load],
        },
        "command": "make bench",
        "seed": SEED,
    }
    log("start-up ...")
    results["startup"] = {
        "python": {"s": best_of([sys.executable, "-c", "pass"], 7)["s"]},
        "version": {"s": best_of([str(BIN / "frtaudit"), "--version"], 7)["s"]},
    }
    cases: dict[str, Any] = {}
    results["cases"] = cases
    for n in sizes:
        files = dataset(n, 1)
        c = case(str(n), files, n, render=True, stages=True)
        if n <= 1000:  # short runs: the best of three, like the start-up figures
            scans = [frtaudit_scan(files, str(DATA / "r.json")) for _ in range(3)]
            c["scan"]["s"] = min(float(r["s"]) for r in scans)
            peers = [p for p in (peer(files) for _ in range(3)) if p is not None]
            if peers and "check_jsonschema" in c:
                c["check_jsonschema"]["s"] = min(float(r["s"]) for r in peers)
        else:
            # The pair behind the 1.5x target, the scan and tomli alone, best of three each:
            # one run of either varies by 15% on this shared 2-core machine.
            log(f"[{n}] tomli alone and frtaudit scan, two more runs each ...")
            tomlis = [c["tomli"], *(child("tomli", files) for _ in range(2))]
            c["tomli"]["s"] = min(float(r["s"]) for r in tomlis)
            c["tomli"]["runs_s"] = [float(r["s"]) for r in tomlis]
            scans = [frtaudit_scan(files, str(DATA / "r.json")) for _ in range(2)]
            runs = [float(c["scan"]["s"]), *(float(r["s"]) for r in scans)]
            c["scan"]["s"] = min(runs)
            c["scan"]["runs_s"] = runs
            c["scan"]["rss_mb"] = max([c["scan"]["rss_mb"], *(r["rss_mb"] for r in scans)])
            c["scan"]["per_system_us"] = round(c["scan"]["s"] / n * 1e6, 1)
        cases[str(n)] = c
    busan = publish_case()
    if busan is not None:
        results["publish_busan"] = busan
    if national:
        total, parts = (int(x) for x in national.split("x"))
        files = dataset(total, parts)
        c = case("national", files, total, render=args.national_render, stages=args.national_render)
        log("[national] findings of a one-process run and a worker-process run ...")
        one = child("digest=1", files)
        many = child("digest=0", files)
        c["one_process"] = {"s": one["process_s"], "rss_mb": one["process_rss_mb"]}
        c["worker_processes"] = {"s": many["process_s"], "rss_mb": many["process_rss_mb"]}
        c["same_findings"] = one["digest"] == many["digest"]
        c["findings"] = one["findings"]
        cases["national"] = c
    results["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = targets(results)
    text = json.dumps(results, indent=2) + "\n"
    Path(args.output).write_text(text, encoding="utf-8")
    print(table(results))
    print()
    print("| target | measured | limit | met |\n|---|---:|---|---|")
    for t in results["targets"]:
        print(f"| {t['target']} | {t['measured']} | {t['limit']} | {'yes' if t['met'] else 'NO'} |")
    if busan is not None:
        print(
            f"\npublish (Busan import, {busan['systems']:,} systems): {busan['publish']['s']} s, "
            f"peak {busan['publish']['rss_mb']} MB, {busan['files']:,} files, "
            f"{busan['site_mb']} MB ({busan['pages_mb']} MB pages, {busan['data_mb']} MB open "
            f"data), byte-identical rerun: {busan['byte_identical_rerun']}"
        )
    print(f"\nwritten to {args.output}; machine: {results['machine']}")
    missed = [t for t in results["targets"] if not t["met"]]
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
