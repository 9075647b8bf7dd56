"""Read ``site.yml``: title, publisher, grade bands, completion levels, department slugs."""

from __future__ import annotations

import re
from typing import Any

from generator.content.converters import Invalid, as_is, non_negative, number, text, text_list
from generator.content.reader import Field, Reader, expect_map, expect_seq
from generator.core.model import Band, SiteConfig
from generator.core.problems import Problems

SITE_FIELDS = {
    "title": Field(text), "publisher": Field(lambda v: "" if v == "" else text(v)),
    "grades": Field(as_is), "levels": Field(as_is), "departments": Field(as_is),
    "license": Field(lambda v: "" if v == "" else text(v)),
    "base_url": Field(lambda v: _base_url(v)),
}
BAND_FIELDS = {"label": Field(text, True), "min": Field(non_negative, True),
               "aliases": Field(text_list)}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?$")


def _base_url(value: Any) -> str:
    """The published address: empty, or http(s)://… (a trailing / is added)."""
    url = "" if value == "" else text(value).strip()
    if url and not _URL.match(url):
        raise Invalid("invalid-value",
                      f"应为以 http:// 或 https:// 开头的网站发布地址，实际是「{url}」")
    return url if not url or url.endswith("/") else url + "/"


def read_site(data: Any, problems: Problems) -> SiteConfig:
    config = SiteConfig()
    if data is None:
        return config
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
                try:
                    fraction = number(value)
                    if not 0 <= fraction <= 1:
                        raise Invalid("invalid-value", f"应在 0 到 1 之间，实际是 {fraction}")
                    config.levels[str(name)] = fraction
                except Invalid as exc:
                    problems.error(exc.code, f"levels「{name}」{exc}", *levels.value_marks[name])
    if "departments" in reader.values:
        slugs = expect_map(reader.values["departments"], reader.mark("departments"),
                           "departments ", problems)
        for name, slug in (slugs or {}).items():
            if not isinstance(slug, str) or not _SLUG.match(slug):
                assert slugs is not None, "the loop runs only over a mapping"
                problems.error("invalid-value",
                               f"departments「{name}」的网址名应只含小写字母、数字和连字符，"
                               f"如 hezuojiaoliu，实际是「{slug}」", *slugs.value_marks[name])
            else:
                config.departments[str(name)] = slug
    return config


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
