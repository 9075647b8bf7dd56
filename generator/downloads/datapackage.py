"""``data/datapackage.json``: the CSVs of ``data/`` described as a Frictionless Data Package
(Tabular Data Package), so that tools (frictionless, Open Data portals, pandas readers)
load them with the right types.

Every column comes from the one field table (:mod:`generator.core.fields`): a field's
``name`` is the CSV header exactly (预算金额（万元）), its ``title`` the Chinese name, its
``type`` the Table Schema type of its kind, and ``unit`` (万元, %) where the header carries
one. results.csv has the primary key 项目编号; indicators.csv and rectification.csv (one
row per 整改情况 item, primary key 项目编号 + 序号) refer to it (foreign keys).
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import datetime
from typing import Any

from generator.core.fields import (
    FIELDS_BY_KEY,
    INDICATOR_PROJECT_COLUMNS,
    RECTIFICATION_FIELDS,
    TABLE_FIELDS,
    TABLE_INDICATOR_FIELDS,
)
from generator.core.model import SiteConfig
from generator.core.urls import (
    DATA_DIR,
    DATA_PAGE,
    INDICATORS_PATH,
    RECTIFICATION_PATH,
    results_path,
)

PACKAGE_NAME = "performance-evaluation-results"
RESULTS = "results"
INDICATORS = "indicators"
RECTIFICATION = "rectification"
ID_HEADER = FIELDS_BY_KEY["id"].header  # 项目编号

# Licences recognised in site.yml's `license:` text -> their SPDX identifier (what the
# package's `licenses[].name` holds). Matched on the text without spaces, hyphens or
# dots, upper case: "署名 4.0 国际（CC BY 4.0）" holds CCBY40. Most specific first.
_LICENSE_IDS = (
    ("CCBYNCND40", "CC-BY-NC-ND-4.0"), ("CCBYNCSA40", "CC-BY-NC-SA-4.0"),
    ("CCBYNC40", "CC-BY-NC-4.0"), ("CCBYND40", "CC-BY-ND-4.0"), ("CCBYSA40", "CC-BY-SA-4.0"),
    ("CCBY40", "CC-BY-4.0"), ("CC010", "CC0-1.0"), ("CC0", "CC0-1.0"),
    ("ODBL10", "ODbL-1.0"), ("ODCBY10", "ODC-By-1.0"), ("PDDL10", "PDDL-1.0"),
)
OTHER_LICENSE = "other"  # a licence given as text the table above does not know


def license_id(text: str) -> str:
    """The SPDX identifier of a licence written in site.yml, or ``other``."""
    key = re.sub(r"[\s\-_.·]", "", text).upper()
    for marker, spdx in _LICENSE_IDS:
        if marker in key:
            return spdx
    return OTHER_LICENSE


def _relative(path: str) -> str:
    """A resource path relative to datapackage.json (which lives in data/)."""
    return posixpath.relpath(path, DATA_DIR)


def _resource(name: str, path: str, title: str, description: str,
              schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name, "path": _relative(path), "title": title, "description": description,
        "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8-sig",  # with a BOM, so Excel reads the Chinese text
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"',
                    "doubleQuote": True, "header": True},
        "schema": schema,
    }


def results_schema() -> dict[str, Any]:
    return {"fields": [f.schema_field() for f in TABLE_FIELDS], "missingValues": [""],
            "primaryKey": [ID_HEADER]}


def indicators_schema() -> dict[str, Any]:
    head = [FIELDS_BY_KEY[key].schema_field(label) for key, label in INDICATOR_PROJECT_COLUMNS]
    return {
        "fields": head + [f.schema_field() for f in TABLE_INDICATOR_FIELDS],
        "missingValues": [""],
        "foreignKeys": [{"fields": [ID_HEADER],
                         "reference": {"resource": RESULTS, "fields": [ID_HEADER]}}],
    }


def rectification_schema() -> dict[str, Any]:
    return {
        "fields": [FIELDS_BY_KEY["id"].schema_field()] +
                  [f.schema_field() for f in RECTIFICATION_FIELDS],
        "missingValues": [""],
        "primaryKey": [ID_HEADER, RECTIFICATION_FIELDS[0].header],
        "foreignKeys": [{"fields": [ID_HEADER],
                         "reference": {"resource": RESULTS, "fields": [ID_HEADER]}}],
    }


def datapackage(config: SiteConfig, years: list[int], when: datetime) -> dict[str, Any]:
    """The package descriptor: ``years`` are those with a data/<year>/results.csv;
    ``when`` is the build's one time (:mod:`generator.base.reproducible`)."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": config.title,
        "description": "财政支出项目绩效评价结果：每个项目一行的结果表、每个指标一行的指标表、"
                       "每项整改情况一行的整改表，以及各年度的结果表。字段说明见网站的“数据”页。"
                       "CSV 中以 =、+、-、@、制表符或回车开头的文字（数字除外）前加了英文单引号 '，"
                       "以免电子表格软件把它当作公式执行。",
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["绩效评价", "财政支出", "预算绩效管理"],
    }
    if config.base_url:
        package["homepage"] = config.base_url + DATA_PAGE
    if config.license:
        package["licenses"] = [{"name": license_id(config.license), "title": config.license}]
    if config.publisher:
        package["contributors"] = [{"title": config.publisher, "role": "publisher"}]
    resources = [
        _resource(RESULTS, results_path("csv"), "评价结果（全部年度）",
                  "每个项目一行，按年度从新到旧", results_schema()),
        _resource(INDICATORS, INDICATORS_PATH, "指标得分（全部年度）",
                  "每个指标一行，按报告中指标表的顺序；项目编号对应 results 的项目编号",
                  indicators_schema()),
        _resource(RECTIFICATION, RECTIFICATION_PATH, "整改情况（全部年度）",
                  "每项整改情况一行，含状态与日期；项目编号对应 results 的项目编号",
                  rectification_schema()),
    ]
    for year in years:
        resources.append(_resource(f"{RESULTS}-{year}", results_path("csv", year),
                                   f"{year} 年度评价结果", f"{year} 年度每个项目一行",
                                   results_schema()))
    package["resources"] = resources
    return package


def datapackage_json(config: SiteConfig, years: list[int], when: datetime) -> bytes:
    """Indented (the file is small and meant to be read), fixed key order, UTF-8."""
    text = json.dumps(datapackage(config, years, when), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
