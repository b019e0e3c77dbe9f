"""Free text of a chosen length, counted the way the catalogue counts characters."""

from __future__ import annotations

from itertools import pairwise
from random import Random

from samples.fake import MAJORS, UNIVERSITIES

#: Sentences with {subject} (the technology, organisation or company), {city}, {n}, {m}.
SENTENCES = (
    "{subject}围绕行业共性关键问题开展攻关，形成了具有自主知识产权的核心技术体系。",
    "项目团队先后承担国家重点研发计划课题{n}项、省部级科研项目{m}项。",
    "相关成果已在{city}等地的{n}家重点企业实现规模化应用，运行稳定可靠。",
    "通过产学研协同机制，{subject}与高校和科研院所共建联合实验室，持续推动成果转化。",
    "核心指标经第三方检测机构测试，主要性能参数达到国际先进水平。",
    "近三年累计实现新增销售收入约{n}千万元，带动上下游配套企业{m}家。",
    "该技术有效降低了生产能耗和制造成本，单位产品能耗下降约{n}个百分点。",
    "{subject}建立了完善的质量管理体系，已通过ISO9001质量管理体系认证。",
    "在关键材料和核心部件方面实现了国产化替代，解决了长期依赖进口的问题。",
    "团队成员中博士{n}人、硕士{m}人，形成了结构合理、梯队完整的研发队伍。",
    "下一步将进一步扩大应用范围，重点面向制造业数字化转型需求提供整体解决方案。",
    "依托科协组织和学会资源，{subject}积极参与“科创中国”路演和技术对接活动。",
    "累计组织技术对接会{n}场，促成校企合作项目{m}项，服务企业超过百家。",
    "在{city}试点城市建设中，{subject}发挥了桥梁纽带作用，推动创新资源向企业集聚。",
    "建立了覆盖需求挖掘、技术评估、中试熟化和交易撮合的全链条服务体系。",
    "通过市场化运营机制，实行项目经理负责制和成果转化收益分享制度。",
    "主导或参与制定国家标准{n}项、行业标准{m}项，行业影响力持续提升。",
    "该成果获得省部级科学技术进步奖{n}项，获得授权发明专利{m}件。",
    "产品已进入多家行业龙头企业供应链体系，市场占有率稳步提高。",
    "公司坚持以技术创新为核心竞争力，每年研发投入占营业收入比重保持在较高水平。",
    "面向高校毕业生和青年群体开展就业指导和技能培训，累计服务{n}千人次。",
    "平台通过岗位精准推送和就业进展跟踪，帮助重点群体实现稳定就业。",
    "坚持诚信经营和规范管理，建立了现代企业制度和科学的激励约束机制。",
    "在新冠疫情期间，{subject}积极履行社会责任，保障了重点产业链供应链稳定。",
    "通过开放共享仪器设备和技术服务平台，降低了中小企业的研发门槛。",
    "成果转化过程中注重知识产权保护与运营，形成了高价值专利组合。",
    "获得天使轮和A轮融资，累计融资金额约{n}千万元，投资方包括多家知名创投机构。",
    "公司商业模式以技术授权和整体解决方案为主，客户复购率较高。",
    "作为技术经理人，长期从事科技成果评价、技术交易撮合和投融资对接服务。",
    "严格遵守技术经理人职业道德规范，对委托方的商业秘密和技术秘密负有保密义务。",
)
#: Openings that fit a field better than the generic sentences.
OPENINGS = {
    "education": (
        "{y1}年9月至{y2}年6月在{univ}{major}专业学习，获工学学士学位。",
        "{y2}年9月至{y3}年6月在{univ}攻读硕士研究生，研究方向为{major}。",
    ),
    "resume": (
        "{y3}年起在{subject}从事研发和管理工作，先后担任研发工程师、技术总监。",
        "主持完成多个产品的研发和产业化项目，积累了丰富的行业经验。",
    ),
    "team_intro": ("技术团队由{n}名核心成员组成，负责人长期从事相关领域研究。",),
    "org_intro": ("{subject}成立于{y3}年，由地方政府、高校和龙头企业共同发起设立。",),
    "applicant_opinion": ("经审核，申报材料真实有效，同意申报。",),
    "recommender_opinion": ("经审核，情况属实，同意推荐。",),
}


def count_chars(text: str) -> int:
    """Chinese characters, letters and digits: the catalogue's way of counting 字."""
    return sum(1 for ch in text if ch.isalnum())


def _fill(template: str, rng: Random, subject: str, city: str) -> str:
    year = rng.randint(2000, 2008)
    return template.format(
        subject=subject,
        city=city,
        n=rng.randint(2, 9),
        m=rng.randint(2, 15),
        univ=rng.choice(UNIVERSITIES),
        major=rng.choice(MAJORS),
        y1=year,
        y2=year + 4,
        y3=year + 7,
    )


def prose(rng: Random, lo: int, hi: int, *, subject: str, city: str, key: str | None = None) -> str:
    """Text of ``lo..hi`` counted characters, in one to three paragraphs.

    Stops as soon as the count reaches a target drawn in the window, dropping a
    sentence that would overshoot ``hi``; sentences are short enough (under 50
    characters) for a window of 50 to be always reachable.
    """
    target = rng.randint(lo, hi)
    sentences = [_fill(t, rng, subject, city) for t in OPENINGS.get(key or "", ())]
    total = sum(count_chars(s) for s in sentences)
    pool = list(SENTENCES)
    rng.shuffle(pool)
    attempts = 0
    while total < target and attempts < 400:
        attempts += 1
        sentence = _fill(pool[attempts % len(pool)], rng, subject, city)
        size = count_chars(sentence)
        if total + size > hi:
            continue
        sentences.append(sentence)
        total += size
    while total > hi and sentences:
        total -= count_chars(sentences.pop())
    return _paragraphs(rng, sentences)


def _paragraphs(rng: Random, sentences: list[str]) -> str:
    if len(sentences) < 4:
        return "".join(sentences)
    parts = rng.randint(1, 3)
    cuts = sorted(rng.sample(range(1, len(sentences)), parts - 1))
    bounds = [0, *cuts, len(sentences)]
    return "\n".join("".join(sentences[a:b]) for a, b in pairwise(bounds))
