"""Clean, mutually consistent values for every field of a form.

Promises a correct validator relies on (and the tests check):
- a year table's 平均值 is the mean of the years: exact for counts (the years are
  chosen so that it is whole), rounded to 2 decimals otherwise;
- 研发经费投入强度 = 研发经费总额 / GDP贡献 * 100 per year (新锐企业榜) and
  研发费用总额 / 企业总收入 * 100 (创业就业先锋榜), rounded to 2 decimals;
- subsets never exceed their totals (孵化 高新技术企业数 + 科技型中小企业数 <= 总数,
  研发团队规模 <= 从业人数, 专利授权量 <= 专利申请量, ...); shares are <= 100;
- long texts respect min_chars/max_chars; dates fall before the edition deadline;
- choices and multis come from the catalogue's options (a multi in catalogue order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from samples import fake
from samples.prose import prose
from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.editions import edition_info
from schemas.record import FlatValue, Scalar

Values = dict[str, FlatValue]
AVERAGE = "平均值"


@dataclass(frozen=True)
class Persona:
    """Who fills the form: keeps names, places and e-mails of one form coherent."""

    place: fake.Place
    org: str
    brand: str
    applicant: fake.Person
    contact: fake.Person
    tech: str
    domain: str


def persona(rng: Random) -> Persona:
    where = fake.place(rng)
    org, brand = fake.company(rng, where)
    tech, domain = rng.choice(fake.TECH_CORES)
    return Persona(where, org, brand, fake.person(rng), fake.person(rng), tech, domain)


@dataclass
class Ctx:
    form: FormSpec
    edition: int
    rng: Random
    who: Persona

    @property
    def deadline(self) -> date:
        return edition_info(self.edition).deadline

    def date_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))


def make_values(form: FormSpec, edition: int, rng: Random) -> Values:
    """Every field of ``form`` filled, keyed by flat name."""
    ctx = Ctx(form, edition, rng, persona(rng))
    values: Values = {}
    for spec in form.fields:
        if spec.is_year_table:
            continue
        value = _field_value(ctx, spec)
        if value is not None:
            values[spec.label] = value
    values.update(YEAR_TABLES.get(form.key, _no_year_tables)(ctx))
    return values


def _no_year_tables(ctx: Ctx) -> Values:
    return {}


def _field_value(ctx: Ctx, spec: FieldSpec) -> FlatValue:
    special = SPECIAL.get((ctx.form.key, spec.key)) or SPECIAL.get(("*", spec.key))
    if special is not None:
        return special(ctx, spec)
    return _by_type(ctx, spec)


def _by_type(ctx: Ctx, spec: FieldSpec) -> FlatValue:
    rng = ctx.rng
    kind = spec.cell_type
    if kind is FieldType.LONGTEXT:
        return longtext(ctx, spec)
    if kind is FieldType.CHOICE:
        return rng.choice(spec.options)
    if kind is FieldType.MULTI:
        picked = set(rng.sample(spec.options, rng.randint(1, min(3, len(spec.options)))))
        return [o for o in spec.options if o in picked]
    if kind is FieldType.BOOL:
        return rng.random() < 0.5
    if kind is FieldType.DATE:
        return ctx.date_between(date(ctx.edition - 9, 1, 1), ctx.deadline).isoformat()
    if kind is FieldType.INT:
        return rng.randint(5, 300)
    if kind is FieldType.NUMBER:
        return round(rng.uniform(50, 5000), 2)
    if kind is FieldType.PERCENT:
        return round(rng.uniform(5, 60), 1)
    if kind is FieldType.ENUM:
        return rng.choice(spec.options)
    return ctx.who.org


def longtext(ctx: Ctx, spec: FieldSpec, lo: int | None = None, hi: int | None = None) -> str:
    """Text within the field's limits; ``lo``/``hi`` override them (for defects)."""
    if lo is None or hi is None:
        lo, hi = text_window(spec)
    subject = ctx.who.tech if ctx.form.key == "leading_tech" else ctx.who.org
    return prose(ctx.rng, lo, hi, subject=subject, city=ctx.who.place.city, key=spec.key)


def text_window(spec: FieldSpec) -> tuple[int, int]:
    """A length window inside the field's limits, kept short where there is none."""
    if spec.max_chars is not None:
        hi = min(spec.max_chars - 5, 450)
        lo = spec.min_chars + 5 if spec.min_chars is not None else min(hi // 2, 200)
        return max(lo, 30), hi
    if spec.min_chars is not None:
        return spec.min_chars + 5, spec.min_chars + 150
    if spec.key.endswith("opinion"):
        return 8, 40
    return 60, 220


# --- fields that need more than their type -------------------------------------------


def _org_name(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.org


def _tech_name(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.tech


def _domain(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.domain if ctx.who.domain in spec.options else ctx.rng.choice(spec.options)


def _trl(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(4, 9)


def _transfer_forms(ctx: Ctx, spec: FieldSpec) -> list[str]:
    usable = spec.options[:-1]
    picked = set(ctx.rng.sample(usable, ctx.rng.randint(1, 3)))
    return [o for o in spec.options if o in picked]


def _contact_name(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.contact.name


def _applicant_name(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.applicant.name


def _legal_rep(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.applicant.name


def _phone(ctx: Ctx, spec: FieldSpec) -> str:
    return fake.mobile(ctx.rng)


def _office_phone(ctx: Ctx, spec: FieldSpec) -> str:
    if ctx.rng.random() < 0.3:
        return fake.landline(ctx.rng, ctx.who.place)
    return fake.mobile(ctx.rng)


def _contact_email(ctx: Ctx, spec: FieldSpec) -> str:
    return fake.email(ctx.rng, ctx.who.contact, ctx.who.brand)


def _applicant_email(ctx: Ctx, spec: FieldSpec) -> str:
    return fake.email(ctx.rng, ctx.who.applicant)


def _address(ctx: Ctx, spec: FieldSpec) -> str:
    return fake.address(ctx.rng, ctx.who.place)


def _region(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.place.region


def _service_industry(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(
        (
            "C3562 半导体器件专用设备制造",
            "C3421 金属切削机床制造",
            "C2761 生物药品制造",
            "C3985 电子专用材料制造",
            "D4415 太阳能发电",
            "I6513 应用软件开发",
        )
    )


def _registered_on(ctx: Ctx, spec: FieldSpec) -> str:
    first = date(ctx.edition - 9, 1, 1)
    return ctx.date_between(first, date(ctx.edition - 2, 12, 31)).isoformat()


def _startup_registered_on(ctx: Ctx, spec: FieldSpec) -> str:
    first = date(ctx.edition - 4, 1, 1)
    return ctx.date_between(first, date(ctx.edition - 1, 6, 30)).isoformat()


def _founded_on(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.date_between(date(ctx.edition - 12, 1, 1), date(ctx.edition - 3, 6, 30)).isoformat()


def _capital(ctx: Ctx, spec: FieldSpec) -> float:
    return float(ctx.rng.choice((100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000)))


def _employees(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(40, 600)


def _contact_title(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(fake.CONTACT_TITLES)


def _industry(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(fake.INDUSTRIES)


def _main_business(ctx: Ctx, spec: FieldSpec) -> str:
    return f"{ctx.who.tech}的研发、生产和销售及相关技术服务"


def _industry_code(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(fake.INDUSTRY_CODES)


def _honours(ctx: Ctx, spec: FieldSpec) -> list[dict[str, Scalar]] | None:
    count = ctx.rng.randint(1, 3)
    names = ctx.rng.sample(fake.HONOURS, count)
    first_year = ctx.edition - 2
    rows: list[dict[str, Scalar]] = [
        {"称号名称": n, "认定年度": ctx.rng.randint(first_year, ctx.edition)} for n in names
    ]
    return _as_rows(rows)


def _as_rows(rows: list[dict[str, Scalar]]) -> list[dict[str, Scalar]] | None:
    return rows or None


def _service_years(ctx: Ctx, spec: FieldSpec) -> float:
    return float(ctx.rng.randint(3, 12))


def _service_staff(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(8, 120)


def _org_contact(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.who.contact.name


def _contract_value(ctx: Ctx, spec: FieldSpec) -> float:
    return round(ctx.rng.uniform(300, 20000), 2)


def _talent_share(ctx: Ctx, spec: FieldSpec) -> float:
    return round(ctx.rng.uniform(10, 75), 1)


def _gender(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(spec.options)


def _age(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(26, 52)


def _birthplace(ctx: Ctx, spec: FieldSpec) -> str:
    where = fake.place(ctx.rng)
    return f"{where.province.removesuffix('省').removesuffix('市')}-{where.city}"


def _role(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(("创始人、董事长", "创始人、CEO", "联合创始人、总经理", "董事长兼总经理"))


def _company_size(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(15, 300)


def _industry_domain(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(fake.INDUSTRIES)


def _employer(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(
        (ctx.who.org, f"{ctx.who.place.city.removesuffix('市')}{ctx.rng.choice(fake.ORG_KINDS)}")
    )


def _manager_title(ctx: Ctx, spec: FieldSpec) -> str:
    return ctx.rng.choice(fake.TITLES)


def _dated_rows(ctx: Ctx, date_label: str, count: int) -> list[dict[str, Scalar]]:
    rows: list[dict[str, Scalar]] = []
    for _ in range(count):
        when = ctx.date_between(date(ctx.edition - 7, 1, 1), ctx.deadline - timedelta(days=30))
        serial = f"{when.year}{ctx.rng.randint(0, 99999):05d}"
        kind = ctx.rng.choice(("技术经纪人", "技术经理人", "高级技术经理人", "技术转移"))
        rows.append(
            {
                date_label: when.isoformat(),
                "颁发机构": ctx.rng.choice(fake.ISSUERS),
                "证书编号及名称": f"No.{serial} {kind}培训合格证书",
            }
        )
    return sorted(rows, key=lambda r: str(r[date_label]))


def _certificates(ctx: Ctx, spec: FieldSpec) -> list[dict[str, Scalar]] | None:
    return _as_rows(_dated_rows(ctx, "颁发日期", ctx.rng.randint(1, 3)))


def _awards(ctx: Ctx, spec: FieldSpec) -> list[dict[str, Scalar]] | None:
    rows = _dated_rows(ctx, "获得日期", ctx.rng.randint(0, 2))
    for row in rows:
        row["证书编号及名称"] = str(row["证书编号及名称"]).replace("培训合格证书", "优秀服务奖")
    return _as_rows(rows)


def _contracts(ctx: Ctx, spec: FieldSpec) -> int:
    return ctx.rng.randint(5, 180)


def _deal_value(ctx: Ctx, spec: FieldSpec) -> float:
    return round(ctx.rng.uniform(200, 30000), 2)


def _work_history(ctx: Ctx, spec: FieldSpec) -> list[dict[str, Scalar]] | None:
    count = ctx.rng.randint(1, 4)
    year = ctx.edition - ctx.rng.randint(count * 2 + 1, count * 4 + 2)
    rows: list[dict[str, Scalar]] = []
    for index in range(count):
        start = f"{year}.{ctx.rng.randint(1, 12):02d}"
        year += ctx.rng.randint(1, 3)
        end = "至今" if index == count - 1 else f"{year}.{ctx.rng.randint(1, 12):02d}"
        org = ctx.who.org if index == count - 1 else fake.company(ctx.rng, fake.place(ctx.rng))[0]
        rows.append(
            {"起止年月": f"{start}-{end}", "工作单位": org, "职务": ctx.rng.choice(fake.TITLES)}
        )
    return rows


def _optional_text(ctx: Ctx, spec: FieldSpec) -> str | None:
    if ctx.rng.random() < 0.4:
        return None
    return longtext(ctx, spec)


Special = Callable[[Ctx, FieldSpec], FlatValue]
SPECIAL: dict[tuple[str, str], Special] = {
    ("leading_tech", "tech_name"): _tech_name,
    ("leading_tech", "owner_name"): _org_name,
    ("leading_tech", "domain"): _domain,
    ("leading_tech", "service_industry"): _service_industry,
    ("leading_tech", "trl"): _trl,
    ("leading_tech", "transfer_forms"): _transfer_forms,
    ("*", "contact_name"): _contact_name,
    ("*", "contact_phone"): _office_phone,
    ("*", "email"): _contact_email,
    ("*", "address"): _address,
    ("*", "contact_address"): _address,
    ("*", "applicant_opinion"): _optional_text,
    ("*", "recommender_opinion"): _optional_text,
    ("rising_company", "company_name"): _org_name,
    ("*", "region"): _region,
    ("rising_company", "registered_on"): _registered_on,
    ("rising_company", "legal_rep"): _legal_rep,
    ("rising_company", "registered_capital"): _capital,
    ("rising_company", "employees"): _employees,
    ("*", "contact_title"): _contact_title,
    ("rising_company", "industry"): _industry,
    ("rising_company", "main_business"): _main_business,
    ("rising_company", "industry_code"): _industry_code,
    ("*", "honours"): _honours,
    ("innovation_org", "org_name"): _org_name,
    ("innovation_org", "founded_on"): _founded_on,
    ("innovation_org", "service_years"): _service_years,
    ("innovation_org", "service_staff"): _service_staff,
    ("innovation_org", "contact_name"): _org_contact,
    ("innovation_org", "contract_value"): _contract_value,
    ("innovation_org", "talent_share"): _talent_share,
    ("entrepreneur", "name"): _applicant_name,
    ("entrepreneur", "gender"): _gender,
    ("entrepreneur", "age"): _age,
    ("entrepreneur", "birthplace"): _birthplace,
    ("entrepreneur", "phone"): _phone,
    ("entrepreneur", "email"): _applicant_email,
    ("entrepreneur", "company_name"): _org_name,
    ("entrepreneur", "role"): _role,
    ("entrepreneur", "registered_on"): _startup_registered_on,
    ("entrepreneur", "company_size"): _company_size,
    ("entrepreneur", "industry"): _industry_domain,
    ("tech_manager", "name"): _applicant_name,
    ("tech_manager", "phone"): _phone,
    ("tech_manager", "employer"): _employer,
    ("tech_manager", "title"): _manager_title,
    ("tech_manager", "email"): _applicant_email,
    ("tech_manager", "certificates"): _certificates,
    ("tech_manager", "awards"): _awards,
    ("tech_manager", "contracts_registered"): _contracts,
    ("tech_manager", "deal_value"): _deal_value,
    ("tech_manager", "work_history"): _work_history,
    ("tech_manager", "kczg_work"): _optional_text,
}


# --- year tables -----------------------------------------------------------------------


def mean_of(values: list[float], kind: FieldType) -> float | int:
    """平均值 as the forms write it: whole for counts, else rounded to 2 decimals."""
    mean = sum(values) / len(values)
    if kind is FieldType.INT:
        return round(mean)
    return round(mean, 2)


def whole_mean(values: list[int]) -> list[int]:
    """Counts nudged (the last one up) so that their mean is a whole number."""
    short = -sum(values) % len(values)
    return [*values[:-1], values[-1] + short]


def row(spec: FieldSpec, years: list[float] | list[int]) -> Values:
    """Flat values of one year-table row; adds 平均值 when the row has that column."""
    cells = [c for c in spec.columns if c != AVERAGE]
    out: Values = {f"{spec.label}/{c}": v for c, v in zip(cells, years, strict=True)}
    if AVERAGE in spec.columns:
        out[f"{spec.label}/{AVERAGE}"] = mean_of([float(v) for v in years], spec.cell_type)
    return out


def ratio(part: float, whole: float) -> float:
    return round(part / whole * 100, 2)


def _growing(rng: Random, start: float, low: float, high: float, n: int = 3) -> list[float]:
    out = [start]
    for _ in range(n - 1):
        out.append(out[-1] * rng.uniform(low, high))
    return [round(v, 2) for v in out]


def _counts(rng: Random, low: int, high: int, n: int = 3, whole: bool = True) -> list[int]:
    values = sorted(rng.randint(low, high) for _ in range(n))
    return whole_mean(values) if whole else values


def _rising_company_years(ctx: Ctx) -> Values:
    rng, form = ctx.rng, ctx.form
    out: Values = {}
    applications = _counts(rng, 8, 60)
    grants = _trim_to_whole([max(3, a - rng.randint(2, 8)) for a in applications])
    licences = _counts(rng, 0, 6)
    own = whole_mean([g + rng.randint(10, 40) for g in grants])
    out |= row(form.field("专利申请量"), applications)
    out |= row(form.field("专利授权量"), grants)
    out |= row(form.field("专利许可转让数量"), licences)
    out |= row(form.field("拥有自主知识产权的专利数量"), own)
    staff = _counts(rng, 10, 35)
    out |= row(form.field("研发团队规模"), staff)
    out |= row(form.field("研发团队素质"), [round(rng.uniform(15, 65), 1) for _ in range(3)])
    revenue = _growing(rng, rng.uniform(1500, 30000), 1.05, 1.6)
    spend = [round(r * rng.uniform(0.03, 0.15), 2) for r in revenue]
    out |= row(form.field("研发经费总额"), spend)
    out |= row(
        form.field("研发经费投入强度"), [ratio(s, r) for s, r in zip(spend, revenue, strict=True)]
    )
    out |= row(form.field("税收贡献"), [round(r * rng.uniform(0.02, 0.08), 2) for r in revenue])
    out |= row(form.field("就业贡献"), [round(rng.uniform(2, 30), 1) for _ in range(3)])
    out |= row(form.field("GDP贡献"), revenue)
    out |= row(form.field("经济辐射带动贡献"), _counts(rng, 3, 40))
    profit = _growing(rng, revenue[-1] * rng.uniform(0.05, 0.2), 1.1, 1.5)
    out |= row(form.field("盈利预期增长能力"), profit)
    out |= row(form.field("主营业务收入预期增长能力"), _growing(rng, revenue[-1] * 1.2, 1.1, 1.5))
    out |= _grade_row(ctx, form.field("关键核心技术应用程度评估"))
    return out


def _trim_to_whole(values: list[int]) -> list[int]:
    """Lower the last value until the mean is whole (keeps values <= their caps)."""
    short = sum(values) % len(values)
    return [*values[:-1], values[-1] - short]


def _grade_row(ctx: Ctx, spec: FieldSpec) -> Values:
    """Grades of three years and their 平均值: the grade at least two years share."""
    usual = ctx.rng.choice(spec.options[:2])
    other = ctx.rng.choice(spec.options)
    years = [usual, usual, other]
    ctx.rng.shuffle(years)
    cells = [c for c in spec.columns if c != AVERAGE]
    out: Values = {f"{spec.label}/{c}": g for c, g in zip(cells, years, strict=True)}
    out[f"{spec.label}/{AVERAGE}"] = usual
    return out


def _entrepreneur_years(ctx: Ctx) -> Values:
    rng, form = ctx.rng, ctx.form
    out: Values = {}
    income = _growing(rng, rng.uniform(500, 8000), 1.2, 1.8)
    income[-1] = round(income[-1] * rng.uniform(0.4, 0.6), 2)
    spend = [round(i * rng.uniform(0.05, 0.2), 2) for i in income]
    out |= row(form.field("企业总收入"), income)
    out |= row(form.field("研发费用总额"), spend)
    out |= row(
        form.field("研发经费投入强度"), [ratio(s, i) for s, i in zip(spend, income, strict=True)]
    )
    out |= row(form.field("税收贡献"), [round(i * rng.uniform(0.02, 0.07), 2) for i in income])
    out |= row(form.field("研发人员占比"), [round(rng.uniform(15, 60), 1) for _ in range(3)])
    own = _counts(rng, 5, 40, whole=False)
    out |= row(form.field("拥有自主知识产权的专利数量"), own)
    out |= row(form.field("拥有发明专利数量"), [max(0, o - rng.randint(2, 10)) for o in own])
    out |= row(form.field("新增研发项目数"), _counts(rng, 2, 15, whole=False))
    out |= row(form.field("新增产品/工艺创新数"), _counts(rng, 1, 12, whole=False))
    out |= row(form.field("预期盈利增长能力"), _growing(rng, income[1] * 0.2, 1.2, 1.6))
    out |= row(form.field("主营业务利润增长率"), [round(rng.uniform(10, 60), 1) for _ in range(3)])
    out |= row(form.field("企业估值"), _growing(rng, income[1] * rng.uniform(5, 15), 1.2, 1.8))
    visits = _counts(rng, 20000, 500000, whole=False)
    employers = [round(v * rng.uniform(0.01, 0.05)) for v in visits]
    seekers = [round(v * rng.uniform(0.1, 0.3)) for v in visits]
    jobs = [round(e * rng.uniform(1, 3)) for e in employers]
    out |= row(form.field("就业服务（平台）的访问量"), visits)
    out |= row(form.field("就业服务平台的企业用户数"), employers)
    out |= row(form.field("就业服务平台的求职用户数"), seekers)
    out |= row(form.field("就业服务（平台）促成的就业职位数量"), jobs)
    out |= row(
        form.field("就业服务（平台）促成的大学生/青年就业人数"),
        [round(j * rng.uniform(0.3, 0.8)) for j in jobs],
    )
    out |= row(form.field("围绕就业服务开展的活动数量"), _counts(rng, 5, 60, whole=False))
    return out


def _innovation_org_incubated(ctx: Ctx) -> Values:
    total = ctx.rng.randint(8, 80)
    high_tech = ctx.rng.randint(1, total // 2)
    sme = ctx.rng.randint(1, total - high_tech)
    return {
        "孵化科技型企业数量/总数": total,
        "孵化科技型企业数量/高新技术企业数": high_tech,
        "孵化科技型企业数量/科技型中小企业数": sme,
    }


YEAR_TABLES: dict[str, Callable[[Ctx], Values]] = {
    "rising_company": _rising_company_years,
    "entrepreneur": _entrepreneur_years,
    "innovation_org": _innovation_org_incubated,
}
