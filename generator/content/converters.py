"""Value converters: one located YAML value to the Python value a field holds.

Each raises :class:`Invalid` with a problem code and a Chinese message that says what to
write instead; :class:`~generator.content.reader.Reader` turns it into a problem at the
value's line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from generator.content.loader import Map, Seq
from generator.content.names import name_problem, normal_name


class Invalid(Exception):
    """A value that cannot be used; the message says what to write instead."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # one of generator.core.problems.CODES


METHODS = ("第三方评价", "部门评价", "单位自评")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[%％]\s*$")
MAX_DIGITS = 12  # digits before / after the point: far beyond any score or 万元 amount


def kind_of(value: Any) -> str:
    if isinstance(value, Map):
        return "映射（键: 值）"
    if isinstance(value, Seq):
        return "列表"
    if isinstance(value, bool):
        return "是/否值"
    if isinstance(value, Decimal):
        return "数字"
    if value is None:
        return "空值"
    return "文字"


def text(value: Any) -> str:
    if type(value) is str and value.strip():  # most values: text as written
        return value
    if isinstance(value, bool) or isinstance(value, (Map, Seq)) or value is None:
        raise Invalid("wrong-type", f"应为文字，实际是{kind_of(value)}")
    if isinstance(value, Decimal):  # plain digits, unless that would be absurdly long
        exponent = value.as_tuple().exponent
        plain = -MAX_DIGITS <= exponent <= MAX_DIGITS  # type: ignore[operator]
        result = f"{value:f}" if plain else str(value)
    else:
        result = str(value)
    if not result.strip():
        raise Invalid("empty-value", "不能为空")
    return result


def department_name(value: Any) -> str:
    """A 主管部门 or 项目单位: one spelling (:func:`generator.content.names.normal_name`),
    without characters that would make it display as another name."""
    name = normal_name(text(value))
    problem = name_problem(name)
    if problem is not None:
        raise Invalid("invisible-character", problem)
    return name


def text_pairs(value: Any) -> dict[str, str]:
    """``other_fields``: what a 自评表 printed that has no key of its own (项目负责人及电话,
    财务负责人 …), as printed label -> printed text, in the form's order. Both sides are
    text; a number is kept as written (a telephone number stays digits)."""
    if not isinstance(value, Map):
        raise Invalid("wrong-type", f"应为映射（每行“栏目名: 内容”），实际是{kind_of(value)}")
    out: dict[str, str] = {}
    for key, item in value.items():
        try:
            name = text(key)
        except Invalid as exc:
            raise Invalid(exc.code, f"的栏目名{exc}") from None
        try:
            out[name] = text(item)
        except Invalid as exc:
            raise Invalid(exc.code, f"的「{name}」{exc}") from None
    return out


def text_list(value: Any) -> list[str]:
    """A list of paragraphs; a single text is accepted as a list of one."""
    if isinstance(value, Seq):
        out = []
        for item in value:
            if item is None:
                continue
            out.append(text(item))
        return out
    return [text(value)]


def rectification_list(value: Any) -> list[Any]:
    """整改情况: a list whose items are text or ``{text, status, date}``; a single text is a
    list of one. Returns :class:`~generator.core.model.Rectification` items."""
    from generator.core.model import RECTIFICATION_STATUSES, Rectification

    out = []
    for item in value if isinstance(value, Seq) else [value]:
        if item is None:
            continue
        if not isinstance(item, Map):
            out.append(Rectification(text(item)))
            continue
        unknown = [str(k) for k in item if k not in ("text", "status", "date")]
        if unknown:
            raise Invalid("unknown-key", f"的一项有未知的键「{unknown[0]}」：可用的键为 text、"
                                         "status、date")
        if item.get("text") is None:
            raise Invalid("missing-key", "的一项缺少 text（整改情况的文字）")
        status = text(item["status"]) if item.get("status") is not None else None
        if status is not None and status not in RECTIFICATION_STATUSES:
            raise Invalid("invalid-value", f"的 status 应为 {' / '.join(RECTIFICATION_STATUSES)}"
                                           f" 之一，实际是「{status}」")
        date = month_or_date(item["date"]) if item.get("date") is not None else None
        out.append(Rectification(text(item["text"]), status or "已填报", date))
    return out


def number(value: Any) -> Decimal:
    result: Decimal | None = None
    if isinstance(value, Decimal) and not isinstance(value, bool):
        result = value
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", ""))
        except ArithmeticError:
            pass
    if result is None and isinstance(value, str):
        typed = unicodedata.normalize("NFKC", value).replace("。", ".").replace("．", ".")
        typed = re.sub(r"\s+", "", typed)
        if typed != re.sub(r"\s+", "", value) and re.fullmatch(r"-?\d+(?:\.\d+)?", typed):
            raise Invalid("fullwidth-number", f"「{value}」用了全角数字或句号“。”作小数点："
                          f"请写成半角的「{typed}」")
    if result is None or not result.is_finite():  # "nan", "Infinity" as text
        raise Invalid("wrong-type", f"应为数字，实际是{kind_of(value)}「{value}」")
    exponent = result.as_tuple().exponent
    assert isinstance(exponent, int), "finite (checked above), so not 'n', 'N' or 'F'"
    if not -MAX_DIGITS <= exponent <= MAX_DIGITS or (result and result.adjusted() >= MAX_DIGITS):
        raise Invalid("number-too-long", f"数值「{value}」超出范围："
                      f"请写普通的数字（整数、小数部分各最多 {MAX_DIGITS} 位）")
    return result


def percent_or_number(value: Any) -> Decimal:
    """Percentages are numbers in percent units; ``98.09%`` is accepted as 98.09."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return number(match.group(1))
    return number(value)


def amount(value: Any) -> Decimal:
    """万元 as staff type them: ``10.00``, ``10.00万元``, ``20.645 万元``, ``1,234.50``. An
    amount in 元 is refused with its conversion, never divided silently."""
    if isinstance(value, str):
        typed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
        if typed.endswith("万元"):
            return number(typed.removesuffix("万元"))
        if typed.endswith("元"):
            figure = number(typed.removesuffix("元"))
            raise Invalid("amount-in-yuan", f"「{value}」是以元为单位的金额：这里以万元为单位，"
                          f"{figure} 元 = {figure.scaleb(-4):f} 万元，请写 {figure.scaleb(-4):f}")
    return number(value)


def positive(code: str) -> Callable[[Any], Decimal]:
    """An amount (万元) > 0; ``code`` names what is not positive (``budget-not-positive``)."""

    def convert(value: Any) -> Decimal:
        result = amount(value)
        if result <= 0:
            raise Invalid(code, f"必须大于 0，实际是 {result}")
        return result

    return convert


def non_negative_amount(value: Any) -> Decimal:
    result = amount(value)
    if result < 0:
        raise Invalid("negative-value", f"不能为负数，实际是 {result}")
    return result


def non_negative(value: Any) -> Decimal:
    result = number(value)
    if result < 0:
        raise Invalid("negative-value", f"不能为负数，实际是 {result}")
    return result


def year(value: Any) -> int:
    result = number(value)
    if result != result.to_integral_value() or not 2000 <= result <= 2100:
        raise Invalid("invalid-value", f"应为 2000 到 2100 之间的年份，实际是「{value}」")
    return int(result)


def order(value: Any) -> int:
    result = number(value)
    if result != result.to_integral_value() or result < 1:
        raise Invalid("invalid-value", f"应为从 1 开始的整数序号，实际是「{value}」")
    return int(result)


def month_or_date(value: Any) -> str:
    raw = text(value)
    match = _DATE.match(raw)
    if not match or not 1 <= int(match.group(2)) <= 12 or (
            match.group(3) and not 1 <= int(match.group(3)) <= 31):
        raise Invalid("invalid-value",
                      f"日期应写成 YYYY-MM 或 YYYY-MM-DD（如 2018-06），实际是「{raw}」")
    return raw


def one_of(choices: Sequence[str], what: str) -> Callable[[Any], str]:
    """A converter to one of ``choices``: any other text is named with the choices listed."""
    def convert(value: Any) -> str:
        raw = text(value)
        if raw not in choices:
            raise Invalid("invalid-value",
                          f"{what}应为 {' / '.join(choices)} 之一，实际是「{raw}」")
        return raw
    return convert


method = one_of(METHODS, "评价方式")


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("wrong-type", f"应为 true 或 false，实际是「{value}」")
    return value


def as_is(value: Any) -> Any:
    """A nested map or list, read further by its own reader."""
    return value


# 年度指标值 / 实际完成值 ------------------------------------------------------------------

# every way the forms print a comparator -> the one the model keeps
COMPARATORS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "⩾": "≥", "＞＝": "≥", "＞=": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "⩽": "≤", "＜＝": "≤", "＜=": "≤",
    ">": ">", "＞": ">", "<": "<", "＜": "<", "=": "=", "＝": "=", "==": "=", "═": "=",
}
_OPS = "|".join(re.escape(op) for op in sorted(COMPARATORS, key=len, reverse=True))
# comparator? number unit?: the unit is a percent sign or a short word (次, 万元, 人次, km)
_MEASURE = re.compile(r"^\s*(?P<op>" + _OPS + r")?\s*(?P<num>[-+]?\d+(?:\.\d+)?)\s*"
                      r"(?P<unit>[%％‰]|[A-Za-z\u4e00-\u9fff/·²³°℃]{1,8})?\s*$")

# "100次以上", "3天以内", a deadline "9月前" / "11月底前": a bound in words, not a unit;
# such a target stays text (a 时效指标 is scored as published, never compared to "7月")
_NOT_A_UNIT = re.compile(r"以上|以下|以内|之内|左右|之间|不低于|不高于|不超过|内$|前$")


def normal_unit(unit: str | None) -> str | None:
    """A unit as compared: full-width ％ is %, surrounding spaces do not count."""
    if unit is None:
        return None
    return unit.strip().replace("％", "%") or None


def measured(value: Any, comparators: bool = True) -> tuple[Any, str | None]:
    """A 年度指标值 (``comparators``) or 实际完成值: ``(value, unit written with it)``.

    A number stays a number (``98.09%`` is 98.09 with unit %); a comparator and a number
    (``≥85%``, ``≤90万元``, ``＞0``) becomes a :class:`~generator.core.model.Comparison`;
    any other text (达成预期指标, 有效 …) stays text, as the form prints it."""
    from generator.core.model import Comparison

    if isinstance(value, Decimal) and not isinstance(value, bool):
        return number(value), None
    raw = text(value)
    match = _MEASURE.match(raw)
    if match is None or (match.group("op") and not comparators) or (
            match.group("unit") and _NOT_A_UNIT.search(match.group("unit"))):
        return raw, None
    amount = number(match.group("num"))
    unit = normal_unit(match.group("unit"))
    if match.group("op"):
        return Comparison(COMPARATORS[match.group("op")], amount, unit), unit
    return amount, unit


def target_value(value: Any) -> tuple[Any, str | None]:
    return measured(value, comparators=True)


def actual_value(value: Any) -> tuple[Any, str | None]:
    if value == "budget_execution":
        return value, None
    return measured(value, comparators=False)
