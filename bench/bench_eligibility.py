"""Eligibility throughput: checks per second on single records, and the batch rules
(quotas, duplicates) over 100,000 submissions against a plain dict count as a floor.

Run: ``python -m bench.bench_eligibility [--submissions N] [--seconds S]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from eligibility.batch import Submission, duplicate_findings, quota_findings
from eligibility.evaluate import evaluate
from eligibility.pilot_cities import PilotCities, PilotCity
from eligibility.registry import InMemoryRegistry, RegistryEntry
from schemas.provenance import Provenance
from schemas.record import FieldValue, FlatValue, FormRecord, Scalar

T = TypeVar("T")

CERTIFICATE: dict[str, Scalar] = {"证书编号及名称": "技术经理人证书"}

RESULTS = Path(__file__).parent / "results"

RECORDS: list[tuple[str, int, dict[str, FlatValue]]] = [
    (
        "新锐企业榜",
        2022,
        {
            "申报企业名称": "深圳市海川微电子有限公司",
            "所在地区": "广东省深圳市",
            "企业工商登记日期": "2016-05-20",
            "从业人数": 120,
            "GDP贡献/2022": 8000.0,
        },
    ),
    (
        "先导技术榜",
        2023,
        {
            "技术名称": "基于深度学习的工业缺陷检测技术",
            "所属单位（团队）名称": "某智能装备有限公司",
            "所属领域": "电子信息",
            "技术成熟度": 6,
            "技术成果转化形式": ["可进行交易"],
        },
    ),
    (
        "融通创新组织榜",
        2023,
        {
            "组织机构名称": "长三角先进材料研究院",
            "成立时间": "2019-03-15",
            "机构类别": "创新联合体",
        },
    ),
    (
        "技术经理人先锋榜",
        2023,
        {
            "姓名": "陈静",
            "工作单位": "某科技园区管理委员会",
            "岗位类型": "重点园区/科技园区",
            "所获得技术转移专业培训或资质证书情况": [CERTIFICATE],
        },
    ),
]


def _record(form: str, edition: int, values: dict[str, FlatValue]) -> FormRecord:
    where = Provenance(file="bench")
    fields = {n: FieldValue(name=n, value=v, provenance=where) for n, v in values.items()}
    return FormRecord(form=form, form_key=form, edition=edition, source="bench", values=fields)


def _registry() -> InMemoryRegistry:
    """About the size of the real earlier lists: 100 entries per list and edition."""
    entries = []
    for edition in (2021, 2022):
        for name in (
            "先导技术榜",
            "新锐企业榜",
            "产学研融通组织榜",
            "融通创新组织榜",
            "技术经理人先锋榜",
        ):
            entries += [
                RegistryEntry(name, edition, f"第{i}号示范科技有限公司", "某单位")
                for i in range(100)
            ]
    return InMemoryRegistry(entries)


def bench_single(seconds: float) -> tuple[float, float]:
    """(checks per second, records per second) evaluating the sample records in a loop."""
    records = [_record(*spec) for spec in RECORDS]
    registry = _registry()
    cities = PilotCities((PilotCity("深圳市"), PilotCity("杭州市")), "bench")
    for record in records:  # warm up: jieba's dictionary, rules, name tokens
        evaluate(record, record.edition, registry, cities)
    checks = evaluated = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for record in records:
            checks += len(evaluate(record, record.edition, registry, cities).checks)
            evaluated += 1
    elapsed = time.perf_counter() - start
    return checks / elapsed, evaluated / elapsed


def _submissions(count: int) -> list[Submission]:
    rng = random.Random(2023)
    lists = [
        ("先导技术榜", 2023),
        ("新锐企业榜", 2023),
        ("融通创新组织榜", 2023),
        ("技术经理人先锋榜", 2023),
    ]
    domains = ["电子信息", "生物医药", "装备制造", "先进材料", "绿色低碳", "产业基础"]
    units = [f"推荐单位{i}" for i in range(5000)]
    channels = ["全国学会", "省级科协", "试点城市", "联合体成员单位"]
    subs = []
    for i in range(count):
        name, edition = rng.choice(lists)
        subs.append(
            Submission(
                key=f"s{i}",
                list=name,
                edition=edition,
                applicant=f"申报者{rng.randrange(count)}有限公司",
                domain=rng.choice(domains) if name == "先导技术榜" else None,
                units=(rng.choice(units),),
                channels=(rng.choice(channels),),
            )
        )
    return subs


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _dict_count(subs: list[Submission]) -> Counter[tuple[str, str, str | None]]:
    """The floor: one pass counting (unit, list, domain) in a plain dict."""
    counts: Counter[tuple[str, str, str | None]] = Counter()
    for sub in subs:
        for unit in sub.units:
            counts[(unit, sub.list, sub.domain)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    checks_per_s, records_per_s = bench_single(args.seconds)
    subs = _submissions(args.submissions)
    floor, _ = _timed(lambda: _dict_count(subs))
    quotas_s, quotas = _timed(lambda: quota_findings(subs))
    dupes_s, dupes = _timed(lambda: duplicate_findings(subs))
    rows = {
        "single records: checks/s": round(checks_per_s),
        "single records: records/s": round(records_per_s),
        "submissions": len(subs),
        "floor (plain dict count): s": round(floor, 3),
        "quota rules: s": round(quotas_s, 3),
        "quota rules / floor": round(quotas_s / floor, 1),
        "units over quota": len(quotas),
        "duplicate applicants: s": round(dupes_s, 3),
        "duplicate groups": len(dupes),
    }
    width = max(len(key) for key in rows)
    for key, value in rows.items():
        print(f"{key.ljust(width)}  {value}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "eligibility.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
