"""Phone numbers and e-mail addresses that cannot be right."""

from __future__ import annotations

import re
from collections.abc import Callable

from schemas.catalogue import FormSpec
from schemas.checks import Values
from schemas.checks.common import flag
from schemas.flags import Flag, FlagCode
from schemas.normalise.contact import EMAIL_LABELS, PHONE_LABELS
from schemas.normalise.text import to_halfwidth

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\(0\d{2,3}\)|0\d{2,3})-?\d{7,8}(?:(?:-|转|ext\.?)\d{1,6})?$")
#: Nationwide company numbers (400-810-8888), printed on forms as the office phone.
_SERVICE = re.compile(r"^[48]00-?\d{3}-?\d{4}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
#: Between several numbers or addresses in one cell.
_SEPARATORS = re.compile(r"\s*(?:[/／、,;，；]|或)\s*")


def is_phone(text: str) -> bool:
    plain = re.sub(r"\s", "", to_halfwidth(text))
    digits = plain.replace("-", "")
    return bool(_MOBILE.match(digits) or _LANDLINE.match(plain) or _SERVICE.match(plain))


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def _bad_parts(text: str, ok: Callable[[str], bool]) -> list[str]:
    return [part for part in _SEPARATORS.split(text.strip()) if part and not ok(part)]


def _contact_flags(
    form: FormSpec,
    values: Values,
    labels: tuple[str, ...],
    ok: Callable[[str], bool],
    code: FlagCode,
) -> list[Flag]:
    what = "手机或座机号码" if code is FlagCode.BAD_PHONE else "电子邮箱"
    found = []
    for spec in form.fields:
        text = values.get(spec.label)
        if spec.label not in labels or not isinstance(text, str):
            continue
        for part in _bad_parts(text, ok):
            message = f"“{spec.label}”中的“{part}”不是有效的{what}（{code.value}）"
            found.append(flag(spec.label, code, message))
    return found


def bad_phone(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    return _contact_flags(form, values, PHONE_LABELS, is_phone, FlagCode.BAD_PHONE)


def bad_email(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    return _contact_flags(form, values, EMAIL_LABELS, is_email, FlagCode.BAD_EMAIL)
