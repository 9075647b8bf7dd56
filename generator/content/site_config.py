"""Read ``site.yml``: title, publisher, grade bands, completion levels, department slugs.

Every text of the settings lands on every page (title, header, footer, feed, downloads), so
each is checked like a project's texts and more: no control character (the loader refuses
those in a file; :func:`setting_problem` again for text that did not come from one), no
invisible or bidirectional character, and a length that fits where it is shown
(:data:`LIMITS`). Department names are normalised as projects' are
(:mod:`generator.content.names`), and their URL names must be folders every disk can hold:
not a Windows device name, not one another department has. :func:`read_site_text` reads
settings given as ``site.yml`` text (the import's 网站设置 sheet is turned into such text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.content.converters import Invalid, as_is, non_negative, number, text, text_list
from generator.content.ids import is_device_name
from generator.content.loader import LoadError, Map, Seq, parse_text
from generator.content.names import normal_name
from generator.content.reader import Field, Reader, expect_map, expect_seq
from generator.core.model import Band, SiteConfig
from generator.core.problems import Problems
from generator.core.text_safety import describe, excerpt, first_control, first_invisible

# the longest each setting may be, in characters: enough for any real one, short enough to
# fit the header, a table cell or the footer
LIMITS = {"title": 60, "publisher": 100, "license": 200, "base_url": 500, "grade": 10,
          "alias": 20, "level": 20, "department": 100}


def setting_problem(value: str, limit: int) -> tuple[str, str] | None:
    """(code, Chinese message) when a setting's text cannot be published, else None."""
    char = first_control(value)
    if char is not None:
        return ("control-character",
                f"「{excerpt(value)}」含有控制字符 {describe(char)}：请删除该字符")
    char = first_invisible(value)
    if char is not None:
        return ("invisible-character", f"「{excerpt(value)}」含有看不见的格式字符 {describe(char)}"
                "：它会让文字显示得与实际不同，请删除该字符（把文字重新输入一遍）")
    if len(value) > limit:
        return ("setting-too-long", f"「{excerpt(value)}」有 {len(value)} 个字，超过 {limit} 个字"
                "的上限：请改短")
    return None


def _setting(kind: str, optional: bool = False) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if optional and value == "":
            return ""
        result = text(value)
        problem = setting_problem(result, LIMITS[kind])
        if problem is not None:
            raise Invalid(*problem)
        return result
    return convert


SITE_FIELDS = {
    "title": Field(_setting("title")), "publisher": Field(_setting("publisher", True)),
    "grades": Field(as_is), "levels": Field(as_is), "departments": Field(as_is),
    "license": Field(_setting("license", True)),
    "base_url": Field(lambda v: _base_url(v)),
}
BAND_FIELDS = {"label": Field(_setting("grade"), True), "min": Field(non_negative, True),
               "aliases": Field(lambda v: [_setting("alias")(a) for a in text_list(v)])}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?$")


def _base_url(value: Any) -> str:
    """The published address: empty, or http(s)://… (a trailing / is added)."""
    url = "" if value == "" else text(value).strip()
    if url and not _URL.match(url):
        raise Invalid("invalid-value",
                      f"应为以 http:// 或 https:// 开头的网站发布地址，实际是「{excerpt(url)}」")
    if len(url) > LIMITS["base_url"]:
        raise Invalid("setting-too-long", f"有 {len(url)} 个字符，超过 {LIMITS['base_url']} 个")
    return url if not url or url.endswith("/") else url + "/"


def read_site_text(text: str, problems: Problems) -> SiteConfig:
    """Settings given as ``site.yml`` text, with every problem at its line and column."""
    refused: list[LoadError] = []
    try:
        data = parse_text(text, refused)
    except LoadError as exc:
        refused.append(exc)
    for error in refused:
        problems.error(error.code, error.message, *(error.mark or (None, None)))
    return read_site(None if refused else data, problems)


def located(value: Any, mark: tuple[int, int] = (1, 1)) -> Any:
    """A plain mapping or list (settings that did not come from a file) as the loader's
    :class:`Map` / :class:`Seq`, every position ``mark``, so that :func:`read_site` reads it."""
    if isinstance(value, (Map, Seq)) or not isinstance(value, (Mapping, list, tuple)):
        return value
    if isinstance(value, Mapping):
        result = Map(mark)
        for key, item in value.items():
            result[key] = located(item, mark)
            result.key_marks[key] = result.value_marks[key] = mark
        return result
    seq = Seq(mark)
    for item in value:
        seq.append(located(item, mark))
        seq.item_marks.append(mark)
    return seq


def read_site(data: Any, problems: Problems) -> SiteConfig:
    """The settings of ``site.yml`` as the loader gave them, or of any mapping (its
    problems then without a line)."""
    config = SiteConfig()
    if data is None:
        return config
    data = located(data)
    root = expect_map(data, (1, 1), "site.yml ", problems)
    if root is None:
        return config
    reader = Reader(root, SITE_FIELDS, problems, "site.yml：")
    config.title = reader.get("title", config.title)
    config.publisher = reader.get("publisher", "")
    config.license = reader.get("license", "")
    config.base_url = reader.get("base_url", "")
    if "grades" in reader.values:
        bands = _read_bands(reader, problems)
        if bands:
            config.grades = bands
    if "levels" in reader.values:
        levels = expect_map(reader.values["levels"], reader.mark("levels"), "levels ", problems)
        if levels is not None:
            config.levels = {}
            for name, value in levels.items():
                problem = setting_problem(str(name), LIMITS["level"])
                if problem is not None:
                    problems.error(problem[0], f"levels 的名称{problem[1]}",
                                   *levels.key_marks[name])
                    continue
                try:
                    fraction = number(value)
                    if not 0 <= fraction <= 1:
                        raise Invalid("invalid-value", f"应在 0 到 1 之间，实际是 {fraction}")
                    config.levels[str(name)] = fraction
                except Invalid as exc:
                    problems.error(exc.code, f"levels「{name}」{exc}", *levels.value_marks[name])
    if "departments" in reader.values:
        _read_departments(reader, config, problems)
    return config


def _read_departments(reader: Reader, config: SiteConfig, problems: Problems) -> None:
    """``departments``: name -> URL name. The name is normalised as a project's 主管部门
    is; two names (after that) or two URL names the same, a URL name Windows cannot hold
    as a folder (con, nul, com1 …) are refused where they are written."""
    slugs = expect_map(reader.values["departments"], reader.mark("departments"),
                       "departments ", problems)
    if slugs is None:
        return
    lines: dict[str, int] = {}  # a department's name -> its line
    owners: dict[str, tuple[str, int]] = {}  # a URL name -> (department, line)
    for raw, slug in slugs.items():
        name = normal_name(str(raw))
        key_mark, value_mark = slugs.key_marks[raw], slugs.value_marks[raw]
        problem = setting_problem(name, LIMITS["department"])
        if problem is not None:
            problems.error(problem[0], f"departments 的部门名称{problem[1]}", *key_mark)
            continue
        if name in lines:
            problems.error("duplicate-key", f"departments「{name}」与第 {lines[name]} 行是同一个"
                           "部门（名称只差空格或全角、半角）：请删除其中一行", *key_mark)
            continue
        lines[name] = key_mark[0]
        if not isinstance(slug, str) or not _SLUG.match(slug):
            problems.error("invalid-value",
                           f"departments「{name}」的网址名应只含小写字母、数字和连字符，"
                           f"如 hezuojiaoliu，实际是「{excerpt(str(slug))}」", *value_mark)
        elif is_device_name(slug):
            problems.error("reserved-slug",
                           f"departments「{name}」的网址名「{slug}」是 Windows 的设备名，"
                           f"在 Windows 上无法建立这样的文件夹：请改名，如「{slug}-dept」",
                           *value_mark)
        elif slug in owners:
            other, line = owners[slug]
            problems.error("duplicate-slug",
                           f"departments「{name}」的网址名「{slug}」与第 {line} 行的「{other}」"
                           "相同：两个部门的网页会写到同一个地址，请给其中一个改名", *value_mark)
        else:
            owners[slug] = (name, key_mark[0])
            config.departments[name] = slug


def _read_bands(reader: Reader, problems: Problems) -> tuple[Band, ...]:
    seq = expect_seq(reader.values["grades"], reader.mark("grades"), "grades ", problems)
    if not seq:
        return ()
    bands: list[Band] = []
    for item, mark in zip(seq, seq.item_marks, strict=True):
        band_map = expect_map(item, mark, "grades 的每一项", problems)
        if band_map is None:
            continue
        band = Reader(band_map, BAND_FIELDS, problems, "grades：")
        if band.ok:
            bands.append(Band(band.get("label"), band.get("min"), tuple(band.get("aliases", []))))
    for higher, lower in zip(bands, bands[1:], strict=False):
        if lower.min >= higher.min:
            problems.error("wrong-order", f"grades 应从高到低排列：「{lower.label}」的 min "
                           f"应小于「{higher.label}」的", *reader.mark("grades"))
    if bands and bands[-1].min != 0:
        problems.error("lowest-grade-not-zero",
                       "grades 的最后一档 min 应为 0，否则低分项目没有等级", *reader.mark("grades"))
    return tuple(bands)
