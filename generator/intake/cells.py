"""Cell values and their parsers: text, lists, year, money (万元), score, rate, order, id.

A parser returns the value for the project file or raises :class:`Invalid` with a problem
code (see :mod:`.codes`) and a message that says what to write instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from generator.content.converters import Invalid as ContentInvalid
from generator.content.converters import order
from generator.content.ids import id_problem
from generator.core.fields import CONTINUED

PLACEHOLDERS = {"-", "—", "－", "/", "／", "——"}


class Invalid(Exception):
    """A cell value that cannot be used; the message says what to write instead."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Cell(NamedTuple):
    """A cell's value, number format and coordinate (a tuple: an import of 1,000 projects
    makes hundreds of thousands)."""

    value: Any
    number_format: str
    coordinate: str


def blank(value: Any) -> bool:
    """Empty, spaces only, or a placeholder such as “—” or “/”."""
    return value is None or (isinstance(value, str) and (not value.strip()
                                                         or value.strip() in PLACEHOLDERS))


def _format_decimals(number_format: str) -> int:
    section = (number_format or "General").split(";")[0]
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


def _exponent(number: Decimal) -> int:
    """The exponent of a finite number (only NaN and infinity have 'n', 'N' or 'F')."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int), "a finite number's exponent is an int"
    return exponent


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _decimal(cell: Cell, code: str, suffixes: tuple[str, ...] = (),
             what: str = "数字") -> Decimal:
    """A number as written: text keeps its digits, a number cell its displayed decimals."""
    value = cell.value
    if isinstance(value, bool):
        raise Invalid(code, f"应为{what}，实际是是/否值")
    if isinstance(value, (datetime, date, time)):
        raise Invalid(code, f"应为{what}，实际是日期：请把单元格格式改为“常规”或“数值”后重新输入")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(code, f"应为{what}，实际是「{value}」")
        # 15 significant digits, as Excel shows them: 19.369 stays 19.369, no binary noise
        result = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if "%" in (cell.number_format or ""):
            result = (result * 100).normalize()
            decimals = max(_format_decimals(cell.number_format), 0)
        else:
            decimals = _format_decimals(cell.number_format)
        if result == result.to_integral_value() and _exponent(result) > 0:
            result = result.quantize(Decimal(1))
        if -_exponent(result) < decimals:
            result = result.quantize(Decimal(1).scaleb(-decimals))
        return result
    text = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", str(value)))
    for suffix in suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(text):
        raise Invalid(code, f"应为{what}，实际是文字「{str(value).strip()}」")
    return Decimal(text)


def parse_text(cell: Cell) -> str:
    """One-line text; line breaks (from copying a PDF) are removed."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    lines = [line.strip() for line in str(value).splitlines()]
    return "".join(line for line in lines if line)


_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[0-9０-９]+\s*[)）]|[0-9０-９]+\s*(?:[、．]|\.(?![0-9])|[)）])"
    r"|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*")


def parse_list(cell: Cell) -> list[str]:
    """Items on separate lines; numbering (1、 1. （1） (1) ①) is removed.

    When some lines are numbered, a line without a number continues the item above it
    (a paragraph that wrapped when copied from a PDF).
    """
    lines = [line.strip() for line in str(cell.value).splitlines() if line.strip()]
    numbered = any(_NUMBERING.match(line) for line in lines)
    items: list[str] = []
    for line in lines:
        match = _NUMBERING.match(line)
        rest = line[match.end():].strip() if match else line
        if numbered and not match and items:
            items[-1] += rest
        elif rest:
            items.append(rest)
    return items


_PAIR = re.compile(r"\s*([^:：\s][^:：]*?)\s*[:：]\s*(\S.*?)\s*")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def item_lines(text: str) -> list[str]:
    """The lines of a one-item-a-line cell: split at line feeds only (U+2028, U+2029 and
    the like stay inside an item's text, as written); a line starting with
    :data:`~generator.core.fields.CONTINUED` continues the item above."""
    return _LINE_BREAK.split(text)


def parse_pairs(cell: Cell) -> dict[str, str]:
    """原表其他栏目 (``other_fields``), as the downloads write it: one “栏目名：内容” a line."""
    pairs: dict[str, str] = {}
    name = ""
    for line in item_lines(str(cell.value)):
        if line.startswith(CONTINUED) and name:
            pairs[name] += "\n" + line[len(CONTINUED):]
            continue
        if not line.strip():
            continue
        match = _PAIR.fullmatch(line)
        if match is None:
            raise Invalid("import-bad-fields",
                          f"每行应写“栏目名：内容”，实际有一行是「{line[:30]}」")
        name, text = match.groups()
        pairs[name] = text
    return pairs


def parse_year(cell: Cell) -> int:
    result = _decimal(cell, "import-bad-year", ("年度", "年"), "年份")
    if result != result.to_integral_value() or not 2000 <= result <= 2100:
        raise Invalid("import-bad-year", f"应为 2000 到 2100 之间的年份，实际是「{cell.value}」")
    return int(result)


def parse_money(cell: Cell) -> Decimal:
    """万元, as written, at least two decimals; 元 is refused (a factor of 10,000 off)."""
    if isinstance(cell.value, str):
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell.value))
        if text.endswith("元") and not text.endswith("万元"):
            raise Invalid("import-bad-money", f"应以万元为单位，实际是「{cell.value.strip()}」："
                          "请换算为万元（如 20.645）")
    result = _decimal(cell, "import-bad-money", ("万元",), "金额（万元）")
    if -result.as_tuple().exponent < 2:  # type: ignore[operator]
        result = result.quantize(Decimal("0.01"))
    return result


def parse_score(cell: Cell) -> Decimal:
    result = _decimal(cell, "import-bad-score", ("分",), "分值")
    if not 0 <= result <= 100:
        raise Invalid("import-bad-score", f"应在 0 到 100 之间，实际是 {result}")
    return result


def parse_rate(cell: Cell) -> Decimal:
    return _decimal(cell, "import-bad-rate", ("%",), "百分比")


def parse_order(cell: Cell) -> int:
    """序号 (and 上级序号): a whole number from 1, by the YAML reader's own rule."""
    try:
        return order(_decimal(cell, "import-bad-order", (), "序号"))
    except ContentInvalid as exc:
        raise Invalid("import-bad-order", str(exc)) from exc


def parse_id(cell: Cell) -> str:
    text = unicodedata.normalize("NFKC", str(cell.value)).strip().removesuffix(".yml")
    refused = id_problem(text)
    if refused is not None and refused[0] == "non-ascii-id":
        raise Invalid("import-bad-id", f"「{text}」只能含英文字母、数字、点、连字符、下划线和“/”，"
                      "如 2019/video-conference；也可以删除这一列，由导入程序自动命名")
    if refused is not None:
        raise Invalid("import-bad-id", refused[1] + "；也可以删除这一列，由导入程序自动命名")
    return text
