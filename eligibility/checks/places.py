"""Checks on where an applicant is registered."""

from __future__ import annotations

import unicodedata

from eligibility.checks.base import Context, Outcome, Result, is_missing, missing
from eligibility.models import InPilotCity, Mainland

#: Mainland province-level divisions, by the short name a region text starts with.
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆",
)  # fmt: skip

# Traditional spellings of the excluded regions fold to the simplified ones.
_TRADITIONAL = str.maketrans({"門": "门", "灣": "湾", "臺": "台"})


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)


def mainland(params: Mainland, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    if is_missing(value):
        return missing(params.field)
    region = _fold(str(value))
    observed = {params.field: value}
    expected = "中国境内省份，不含" + "、".join(params.excluded)
    for excluded in params.excluded:
        if excluded in region:
            return Outcome(Result.FAIL, f"注册于{excluded}", observed, expected)
    for province in PROVINCES:
        if province in region:
            return Outcome(Result.PASS, f"注册于{province}", observed, expected)
    city = ctx.pilot_cities.find(region) if ctx.pilot_cities is not None else None
    if city is not None:
        return Outcome(Result.PASS, f"注册于试点城市{city.name}", observed, expected)
    message = f"{params.field}“{value}”未写明省份，所在地需人工确认"
    return Outcome(Result.UNKNOWN, message, observed, expected)


def pilot_city(params: InPilotCity, ctx: Context) -> Outcome:
    value = ctx.value(params.field)
    expected = "“科创中国”试点城市（园区）"
    if ctx.pilot_cities is None:
        message = "未配置试点城市（园区）名单，无法核对"
        return Outcome(Result.UNKNOWN, message, {params.field: value}, expected)
    if is_missing(value):
        return missing(params.field)
    observed = {params.field: value}
    city = ctx.pilot_cities.find(_fold(str(value)))
    if city is None:
        message = f"{value}不在试点城市名单（{ctx.pilot_cities.origin}）中"
        return Outcome(Result.FAIL, message, observed, expected)
    return Outcome(Result.PASS, f"位于试点城市{city.name}", observed, expected)
