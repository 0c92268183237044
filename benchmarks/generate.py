"""Write synthetic, schema-valid inventories for the benchmark suite (issue 8).

One file:     python benchmarks/generate.py --systems 100000 --out benchmarks/data/100k.toml
Many files:   python benchmarks/generate.py --systems 1100000 --agencies 250 --out-dir DIR
Reproducible: the same ``--seed`` (default 8) gives the same bytes.

The mix follows what a national Korean inventory looks like once the public CCTV standard data
has been imported (``frtaudit import kr-cctv``): most systems are plain CCTV rows whose
face-recognition capabilities are still "unknown" (the importer cannot know them), some are
CCTV the agency has declared (every capability false, notice and retention filled in, with the
usual gaps), and a few percent are face-recognition systems of five kinds (1:1 gate
verification, real-time identification in public, post-event identification, a transit pilot,
a kiosk) with assessments, legal bases, notices, sharing, changes and exceptions present,
missing, expired or wrong at realistic rates. Every file is written by the same writer the
importer uses (``frtaudit.importers.toml_writer``), so the layout is the importer's.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from typing import Any

from frtaudit.importers import CAPABILITY_FIELDS
from frtaudit.importers.toml_writer import dumps_inventory

#: Share of each kind of system (the rest are importer-style CCTV rows).
DECLARED_CCTV = 0.06
FRT = 0.04

REGIONS = [
    ("seoul", "서울특별시"),
    ("busan", "부산광역시"),
    ("daegu", "대구광역시"),
    ("incheon", "인천광역시"),
    ("gwangju", "광주광역시"),
    ("daejeon", "대전광역시"),
    ("ulsan", "울산광역시"),
    ("sejong", "세종특별자치시"),
    ("gyeonggi", "경기도"),
    ("gangwon", "강원특별자치도"),
    ("chungbuk", "충청북도"),
    ("chungnam", "충청남도"),
    ("jeonbuk", "전북특별자치도"),
    ("jeonnam", "전라남도"),
    ("gyeongbuk", "경상북도"),
    ("gyeongnam", "경상남도"),
    ("jeju", "제주특별자치도"),
]
DONG = ["중앙동", "대저2동", "명지1동", "신평동", "괴정동", "하단1동", "당리동", "감천동", "구평동"]
ROADS = ["중앙대로", "국제6로", "시민공원로", "해안로", "문화로", "공원길", "학교길", "시장길"]
#: (purpose.primary, 설치목적 text, PIPA Art. 25(1) ground or None, weight): the importer's
#: mapping, weighted like the Busan public CCTV data (tests/data/kr-cctv, 15,737 rows).
PURPOSES = [
    ("other", "다목적", None, 470),
    ("crime_prevention", "생활방범", 2, 420),
    ("traffic_enforcement", "교통단속", 4, 28),
    ("other", "쓰레기단속", None, 27),
    ("crime_prevention", "어린이보호", 2, 20),
    ("facility_safety", "재난재해", 3, 17),
    ("facility_safety", "시설물관리", 3, 9),
    ("traffic_information", "교통정보수집", 4, 6),
    ("other", "기타", None, 3),
]
#: Cameras per row and footage retention, weighted like the same data.
CAMERAS = [(1, 854), (2, 48), (3, 56), (4, 34), (5, 7), (6, 1), (8, 1)]
RETENTION_DAYS = [(30, 900), (0, 50), (14, 20), (60, 20), (90, 10)]
CAPABILITIES = CAPABILITY_FIELDS


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _day(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def _address(rng: random.Random, region: str, district: str) -> str:
    if rng.random() < 0.5:
        return f"{region} {district} {rng.choice(DONG)} {rng.randrange(1, 999)}"
    return f"{region} {district} {rng.choice(ROADS)}_{rng.randrange(1, 200)}"


def _location(rng: random.Random, region: str, district: str, kind: str) -> dict[str, Any]:
    return {
        "type": kind,
        "address": _address(rng, region, district),
        "lat": round(rng.uniform(33.2, 38.5), 6),
        "lon": round(rng.uniform(126.1, 129.5), 6),
    }


# -- the kinds of system ---------------------------------------------------------------------------


def imported_cctv(rng: random.Random, sid: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """A row as ``frtaudit import kr-cctv`` writes it: FRT capabilities unknown."""
    primary, text, ground = _weighted(rng, [((p, t, g), w) for p, t, g, w in PURPOSES])
    line = rng.randrange(2, 400000)
    caps: dict[str, Any] = dict.fromkeys(CAPABILITIES, "unknown")
    caps["recording"] = True
    caps["processing_mode"] = "unknown"
    caps["capture_mode"] = "unknown"
    system: dict[str, Any] = {
        "id": sid,
        "name": f"{text} CCTV, {_address(rng, ctx['region'], ctx['district'])}",
        "description": (
            f"imported from cctv.csv line {line}; 데이터기준일자 {ctx['as_of']}; "
            f"카메라화소수 {rng.choice([0, 0, 200, 400, 500])}"
        ),
        "status": "operational",
        "operator": {"name": ctx["agency_name"]},
        "device": {"kind": "fixed_cctv", "count": _weighted(rng, CAMERAS)},
        "purpose": {"primary": primary, "description": text},
        "retention": {"footage_days": _weighted(rng, RETENTION_DAYS)},
        "location": _location(rng, ctx["region"], ctx["district"], "public_space"),
        "capabilities": caps,
    }
    if ground is not None:
        system["pipa"] = {"art25_1_ground": ground}
    if rng.random() < 0.45:  # 설치연월: the standard data gives year and month only
        month = 12 if rng.random() < 0.4 else rng.randrange(1, 13)  # budgets close in December
        system["installed_on"] = date(rng.randrange(2008, 2025), month, 1)
    return system


def declared_cctv(rng: random.Random, sid: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """CCTV the agency has reviewed: every capability declared, some gaps left."""
    system = imported_cctv(rng, sid, ctx)
    system.pop("description")
    caps: dict[str, Any] = dict.fromkeys(CAPABILITIES, False)
    caps["recording"] = True
    caps["live_monitoring"] = rng.random() < 0.4
    caps["face_detection"] = rng.random() < 0.1  # detection alone is not FRT
    caps["processing_mode"] = "none"
    caps["capture_mode"] = "none"
    system["capabilities"] = caps
    system["location"]["type"] = rng.choice(["public_space", "publicly_accessible"])
    system["notice"] = {
        "signage": rng.random() < 0.9,
        "signage_items": rng.sample(
            ["purpose", "location", "range", "hours", "manager_contact"], rng.randrange(2, 6)
        ),
    }
    system["retention"]["auto_delete"] = rng.choice([True, True, "unknown"])
    return system


def _assessment(rng: random.Random, kind: str, started: date) -> dict[str, Any]:
    done = started - timedelta(days=rng.randrange(-60, 200))
    a: dict[str, Any] = {
        "kind": kind,
        "completed_on": done,
        "assessor_kind": rng.choice(["internal", "external", "regulator_designated"]),
        "independent": rng.choice([True, False, "unknown"]),
        "scope": rng.sample(["privacy", "assembly", "expression", "equality", "movement"], 3),
    }
    if rng.random() < 0.6:
        a["public"] = rng.random() < 0.5
        a["report_url"] = (
            f"https://agency{rng.randrange(999)}.example.go.kr/hria/{rng.randrange(99)}"
        )
    if kind == "kr_pia":
        a["designated_pia_institution"] = rng.random() < 0.8
    return a


def frt_system(rng: random.Random, sid: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """A face-recognition system of one of five kinds, with gaps at realistic rates."""
    kind = _weighted(
        rng, [("gate", 35), ("rt_public", 10), ("post", 25), ("transit", 10), ("kiosk", 20)]
    )
    started = _day(rng, date(2019, 1, 1), 2200)
    caps: dict[str, Any] = dict.fromkeys(CAPABILITIES, False)
    caps["face_detection"] = True
    device, location, primary = "access_gate", "restricted", "access_control"
    if kind in ("gate", "kiosk"):
        caps["face_verification"] = True
        caps["processing_mode"] = "real_time"
        caps["capture_mode"] = "cooperative"
        caps["decision_type"] = rng.choice(["final_automated", "support"])
        if kind == "kiosk":
            device, location, primary = "kiosk", "publicly_accessible", "identity_verification"
    elif kind == "rt_public":
        caps.update(face_identification=True, face_tracking=rng.random() < 0.3, recording=True)
        caps["processing_mode"] = "real_time"
        caps["capture_mode"] = "remote"
        caps["decision_type"] = "support"
        device, location, primary = "network_camera", "public_space", "watchlist_alerting"
    elif kind == "post":
        caps.update(face_identification=True, recording=True)
        caps["processing_mode"] = "post"
        caps["capture_mode"] = "remote"
        caps["decision_type"] = "support"
        device, location, primary = "software_only", "public_space", "criminal_investigation"
    else:  # transit pilot: detection plus attribute analysis
        caps.update(recording=True, live_monitoring=True)
        caps["attribute_analysis"] = rng.sample(["age", "gender"], rng.randrange(1, 3))
        caps["processing_mode"] = "near_real_time"
        caps["capture_mode"] = "remote"
        device, location, primary = "fixed_cctv", "publicly_accessible", "statistics"
    system: dict[str, Any] = {
        "id": sid,
        "name": f"얼굴인식 {kind} {sid[-5:]}",
        "status": _weighted(
            rng, [("operational", 70), ("pilot", 15), ("planned", 10), ("suspended", 5)]
        ),
        "development_started_on": started - timedelta(days=rng.randrange(60, 400)),
        "first_use_on": started,
        "operator": {
            "kind": rng.choice(["in_house", "contractor"]),
            "name": rng.choice([ctx["agency_name"], "FaceGate Co.", "Vision Systems Ltd."]),
            "acting_for_public_body": True,
        },
        "device": {"kind": device, "count": rng.randrange(1, 60)},
        "location": {
            **_location(rng, ctx["region"], ctx["district"], location),
            "context": rng.sample(
                ["street", "transport_hub", "government_building", "workplace"], 2
            ),
            "privacy_sensitive_area": rng.choice([False, False, "unknown"]),
        },
        "population": {
            "est_daily_persons": rng.randrange(100, 200000),
            "minors": rng.choice([True, False, "unknown"]),
        },
        "capabilities": caps,
        "purpose": {
            "primary": primary,
            "legal_effects": rng.choice([True, False, "unknown"]),
            "assembly_monitoring": rng.choice([False, False, False, "unknown"]),
        },
        "retention": {
            "footage_days": rng.choice([7, 30, 30, 90]),
            "templates_days": rng.choice([1, 30, 365, 1825]),
            "auto_delete": rng.choice([True, False, "unknown"]),
        },
        "templates": {
            "encrypted_at_rest": rng.choice([True, True, "unknown"]),
            "encrypted_in_transit": True,
            "stored_separately": rng.choice([True, False, "unknown"]),
        },
        "vendor": {"name": "FaceGate Co.", "country": rng.choice(["KR", "KR", "CN", "US"])},
        "model": {
            "name": "FG",
            "version": f"{rng.randrange(1, 6)}.{rng.randrange(10)}",
            "threshold": round(rng.uniform(0.3, 0.9), 2),
        },
    }
    if rng.random() < 0.7:
        system["legal_basis"] = [
            {
                "law": "Personal Information Protection Act",
                "law_local": "개인정보 보호법",
                "article": rng.choice(["Art. 15(1)1", "Art. 25(1)2", "Art. 23(1)2"]),
                "kind": rng.choice(["statute", "consent", "ordinance"]),
                "frt_specific": rng.choice([False, False, True, "unknown"]),
            }
        ]
    if rng.random() < 0.55:
        system["assessments"] = [
            _assessment(rng, k, started)
            for k in rng.sample(["hria", "kr_pia", "kr_ai_ia"], rng.randrange(1, 3))
        ]
    if rng.random() < 0.75:
        system["notice"] = {
            "signage": rng.random() < 0.8,
            "frt_disclosed": rng.choice([True, False, "unknown"]),
            "signage_items": rng.sample(
                ["purpose", "location", "range", "hours", "manager_contact", "frt_in_use"],
                rng.randrange(1, 6),
            ),
        }
        if rng.random() < 0.5:
            system["notice"]["web_url"] = f"https://agency{rng.randrange(999)}.example.go.kr/frt"
    if rng.random() < 0.4:
        system["consent"] = {
            "model": rng.choice(["opt_in_written", "opt_in_separate", "statutory", "unknown"]),
            "alternative_offered": rng.choice([True, False, "unknown"]),
        }
    if rng.random() < 0.3:
        system["sharing"] = [
            {
                "recipient": rng.choice(["지방경찰청", "Ministry of Justice", "FaceGate Co."]),
                "recipient_kind": rng.choice(["law_enforcement", "public_body", "vendor"]),
                "includes_biometrics": rng.choice([True, False, "unknown"]),
                "within_original_purpose": rng.choice([True, False, "unknown"]),
            }
        ]
    if rng.random() < 0.4:
        system["testing"] = [
            {
                "kind": rng.choice(["nist_frte_1to1", "nist_frte_1toN", "operational_field"]),
                "performed_on": started - timedelta(days=rng.randrange(30, 700)),
                "independent": rng.choice([True, False]),
                "fmr": round(rng.uniform(0.00001, 0.01), 5),
                "fnmr": round(rng.uniform(0.001, 0.05), 4),
                "demographic_breakdown": rng.choice([True, False, "unknown"]),
            }
        ]
    if rng.random() < 0.5:
        system["oversight"] = {
            "human_review_required": rng.choice([True, False, "unknown"]),
            "reviewer_can_override": rng.choice([True, "unknown"]),
            "overseer_name": "정보보호담당관",
        }
    if rng.random() < 0.25:
        system["changes"] = [
            {
                "date": started + timedelta(days=rng.randrange(30, 900)),
                "kind": rng.choice(["model_version", "threshold", "location", "scale"]),
                "substantial": rng.choice([True, False, "unknown"]),
            }
        ]
    if rng.random() < 0.2:
        granted = started + timedelta(days=rng.randrange(0, 400))
        system["exceptions"] = [
            {
                "rule": rng.choice(
                    ["NHRCK-NOTICE-001", "NHRCK-HRIA-001", "TECH-OPS-001", "NHRCK-BAN-001"]
                ),
                "granted_by": rng.choice(
                    ["Minister of the Interior and Safety", "Internal privacy committee"]
                ),
                "authority_kind": rng.choice(["minister", "internal", "statute", "court"]),
                "instrument": f"Decision {rng.randrange(1, 999)}/{granted.year}",
                "justification": "Pilot period; signage and assessment are being prepared.",
                "granted_on": granted,
                "expires_on": granted + timedelta(days=rng.choice([90, 365, 1095, 3650])),
            }
        ]
    if rng.random() < 0.3:
        system["evidence"] = [
            f"https://agency{rng.randrange(999)}.example.go.kr/docs/{rng.randrange(9999)}.pdf"
        ]
    return system


KINDS: list[tuple[Callable[[random.Random, str, dict[str, Any]], dict[str, Any]], float]] = [
    (frt_system, FRT),
    (declared_cctv, DECLARED_CCTV),
]


def make_system(rng: random.Random, sid: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """One system of the mix."""
    roll = rng.random()
    for make, share in KINDS:
        if roll < share:
            return make(rng, sid, ctx)
        roll -= share
    return imported_cctv(rng, sid, ctx)


# -- documents -------------------------------------------------------------------------------------


def agency_context(k: int) -> dict[str, Any]:
    """Agency number ``k``: a district office of a region (the name is what the data says)."""
    slug, region = REGIONS[k % len(REGIONS)]
    number = k // len(REGIONS) + 1
    district = f"제{number}구"
    return {
        "id": f"kr-{slug}-{number:02d}",
        "region": region,
        "district": district,
        "agency_name": f"{region} {district}청",
        "as_of": date(2024, 7, 1) + timedelta(days=k % 150),
    }


def document(n: int, k: int, seed: int) -> tuple[dict[str, Any], list[str]]:
    """The inventory of agency ``k`` with ``n`` systems, and its header comment."""
    rng = random.Random(f"{seed}:{k}")
    ctx = agency_context(k)
    systems = [make_system(rng, f"{ctx['id']}-{i:07d}", ctx) for i in range(n)]
    doc = {
        "schema_version": "1",
        "as_of": ctx["as_of"],
        "agency": {
            "id": ctx["id"],
            "name": ctx["agency_name"],
            "country": "KR",
            "kind": "local_government",
            "is_public_body": True,
            "is_law_enforcement": False,
        },
        "systems": systems,
    }
    header = [
        f"Synthetic inventory for the frtaudit benchmark (seed {seed}, agency {k}, {n} systems).",
        "Generated by benchmarks/generate.py; not real data.",
    ]
    return doc, header


def write_one(path: str, n: int, k: int, seed: int) -> int:
    """Write agency ``k``'s inventory of ``n`` systems to ``path``; return its size in bytes."""
    doc, header = document(n, k, seed)
    text = dumps_inventory(doc, header=header)
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return len(text.encode("utf-8"))


def split_sizes(total: int, parts: int, seed: int) -> list[int]:
    """``parts`` agency sizes summing to ``total``, uneven like real agencies (0.3x to 2x)."""
    rng = random.Random(f"{seed}:sizes")
    weights = [rng.uniform(0.3, 2.0) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[-1] += total - sum(sizes)
    while sizes[-1] < 1:  # tiny totals: borrow from the biggest
        big = sizes.index(max(sizes))
        sizes[big] -= 1
        sizes[-1] += 1
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", type=int, required=True, help="systems in all (>= 1)")
    ap.add_argument("--out", help="one inventory file")
    ap.add_argument("--agencies", type=int, default=1, help="number of agency files (--out-dir)")
    ap.add_argument("--out-dir", help="folder for one file per agency")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    if args.systems < 1 or args.agencies < 1 or args.systems < args.agencies:
        ap.error("need --systems >= --agencies >= 1")
    if bool(args.out) == bool(args.out_dir):
        ap.error("give exactly one of --out and --out-dir")
    if args.out:
        if args.agencies != 1:
            ap.error("--agencies needs --out-dir")
        size = write_one(args.out, args.systems, 0, args.seed)
        print(f"wrote {args.out}: {args.systems} systems, {size / 1e6:.1f} MB", file=sys.stderr)
        return 0
    os.makedirs(args.out_dir, exist_ok=True)
    sizes = split_sizes(args.systems, args.agencies, args.seed)
    width = len(str(args.agencies - 1))
    paths = [os.path.join(args.out_dir, f"agency-{k:0{width}d}.toml") for k in range(args.agencies)]
    total = 0
    if args.jobs > 1 and args.agencies > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [
                pool.submit(write_one, p, n, k, args.seed)
                for k, (p, n) in enumerate(zip(paths, sizes, strict=True))
            ]
            for done, fut in enumerate(futures, 1):
                total += fut.result()
                if done % 25 == 0 or done == len(futures):
                    print(f"  generated {done}/{len(futures)} files", file=sys.stderr)
    else:
        for k, (p, n) in enumerate(zip(paths, sizes, strict=True)):
            total += write_one(p, n, k, args.seed)
    print(
        f"wrote {args.agencies} files to {args.out_dir}: {args.systems} systems, "
        f"{total / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
