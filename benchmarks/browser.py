"""HTML report in a real browser (issue 14): size, time to open, A4 pages, axe-core violations.

    python benchmarks/browser.py                  # samples (en, ko) and the Busan import
    python benchmarks/browser.py --no-busan       # samples only
    python benchmarks/browser.py --html FILE ...  # measure given report files instead

Reports are made by the real command: the eight sample inventories with all four profiles, in
English and Korean, and the Busan public CCTV standard data (15,737 cameras, imported once from
``../shared/data/kr-cctv-busan/cctv.csv`` into ``benchmarks/data/busan.toml``). Each report is
opened in headless Chromium (/usr/bin/chromium with /usr/bin/chromedriver) at 1366x768:

* ``open s``: wall time of ``driver.get`` (it returns after the load event), best of 3 (1 for
  reports over 20 MB);
* ``pages``: A4 pages of ``Page.printToPDF`` with the report's print stylesheet;
* ``axe``: axe-core (tests/data/axe-core/axe.min.js) violations by impact, WCAG 2.x A/AA tags.

Prints a table, writes ``benchmarks/results-browser.json``, exits 0 (``--strict``: 1 when the
Busan report is over 5 MB or 3 s, a sample over 20 pages, or any serious/critical violation).
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
BIN = Path(sys.executable).parent
AXE = ROOT / "tests" / "data" / "axe-core" / "axe.min.js"
BUSAN_CSV = ROOT.parent / "shared" / "data" / "kr-cctv-busan" / "cctv.csv"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AS_OF = "2026-11-22"
PROFILES = "nhrck,kr-pipa,eu-ai-act,us-wa"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RESULTS = HERE / "results-browser.json"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def driver() -> Any:
    """Headless Chromium at 1366x768 (the flags of the project guide)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--window-size=1366,768",
        f"--user-data-dir={tempfile.mkdtemp(prefix='frtaudit-bench-chrome-')}",
    ):
        options.add_argument(flag)
    d = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    d.set_page_load_timeout(300)
    d.set_script_timeout(300)
    d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    return d


def pdf_pages(d: Any) -> int:
    """A4 pages of the open page printed with its print stylesheet."""
    pdf = d.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
    )
    data = base64.b64decode(pdf["data"])
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def axe(d: Any) -> dict[str, Any]:
    """axe-core violations of the open page: {impact: count of nodes}, and the rule IDs."""
    d.execute_script(AXE.read_text(encoding="utf-8"))
    violations = d.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        " return {id: v.id, impact: v.impact, nodes: v.nodes.length}; })); })"
        ".catch(function (e) { done([{id: 'axe-error: ' + e, impact: 'critical', nodes: 1}]); });",
        AXE_TAGS,
    )
    by_impact: dict[str, int] = {}
    for v in violations:
        by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + v["nodes"]
    return {"by_impact": by_impact, "rules": sorted(f"{v['id']}({v['nodes']})" for v in violations)}


def scan(paths: list[str], out: Path, *extra: str) -> None:
    cmd = [str(BIN / "frtaudit"), "scan", *paths, "--as-of", AS_OF, "-f", f"html:{out}", "-q"]
    subprocess.run([*cmd, *extra], check=False, cwd=ROOT, stdout=subprocess.DEVNULL)
    if not out.exists():
        raise SystemExit(f"no report written by {' '.join(cmd)}")


def busan() -> Path | None:
    inventory = DATA / "busan.toml"
    if not inventory.exists():
        if not BUSAN_CSV.exists():
            log(f"skipping Busan: {BUSAN_CSV} not found")
            return None
        DATA.mkdir(parents=True, exist_ok=True)
        cmd = [str(BIN / "frtaudit"), "import", "kr-cctv", str(BUSAN_CSV), "-o", str(inventory)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return inventory


def measure(d: Any, name: str, path: Path, pages: bool) -> dict[str, Any]:
    size = path.stat().st_size
    runs = 1 if size > 20_000_000 else 3
    times = []
    for _ in range(runs):
        d.get("about:blank")
        start = time.perf_counter()
        d.get(path.as_uri())
        times.append(time.perf_counter() - start)
    row: dict[str, Any] = {"report": name, "bytes": size, "open_s": round(min(times), 3)}
    if pages:
        row["a4_pages"] = pdf_pages(d)
    row["axe"] = axe(d)
    log(f"{name}: {row}")
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-busan", action="store_true")
    ap.add_argument("--html", nargs="*", help="measure these report files only")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--output", default=str(RESULTS))
    args = ap.parse_args(argv)
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        log(f"browser benchmark skipped: needs {CHROMIUM} and {CHROMEDRIVER}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="frtaudit-bench-html-"))
    reports: list[tuple[str, Path, bool]] = []
    if args.html:
        reports = [(Path(p).name, Path(p), True) for p in args.html]
    else:
        for lang in ("en", "ko"):
            out = work / f"samples-{lang}.html"
            scan(["sample_inventories"], out, "--profile", PROFILES, "--lang", lang)
            reports.append((f"samples, 4 profiles ({lang})", out, True))
        inventory = None if args.no_busan else busan()
        if inventory is not None:
            for lang in ("en", "ko"):
                out = work / f"busan-{lang}.html"
                scan([str(inventory)], out, "--lang", lang)
                reports.append((f"Busan, 15,737 cameras ({lang})", out, lang == "en"))
    d = driver()
    try:
        rows = [measure(d, name, path, pages) for name, path, pages in reports]
    finally:
        d.quit()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'report':<32} {'MB':>7} {'open s':>7} {'A4':>4}  axe (nodes by impact)")
    missed = []
    for r in rows:
        mb = r["bytes"] / 1e6
        pages = r.get("a4_pages", "")
        impacts = ", ".join(f"{k} {v}" for k, v in sorted(r["axe"]["by_impact"].items())) or "none"
        print(f"{r['report']:<32} {mb:>7.2f} {r['open_s']:>7.2f} {pages!s:>4}  {impacts}")
        if r["axe"]["by_impact"].get("serious") or r["axe"]["by_impact"].get("critical"):
            missed.append(f"{r['report']}: axe {r['axe']['rules']}")
        if r["report"].startswith("Busan") and (mb > 5 or r["open_s"] >= 3):
            missed.append(f"{r['report']}: {mb:.1f} MB, {r['open_s']} s")
        if r["report"].startswith("samples") and isinstance(pages, int) and pages > 20:
            missed.append(f"{r['report']}: {pages} A4 pages")
    for m in missed:
        print(f"target missed: {m}")
    Path(args.output).write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
