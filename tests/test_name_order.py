"""Names with numbers are listed by the numbers' value (issue 46, item 11): 第1委员会,
第2委员会, 第19委员会 — not 第1, 第19, 第2 as code points sort them — on the departments
list and a year's list of projects."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.core.order import natural
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.conftest import check_dir, dedent, write_project

NAMES = ["第19委员会", "第2委员会", "第1委员会"]
IN_ORDER = ["第1委员会", "第2委员会", "第19委员会"]


def test_the_key_orders_numbers_by_value() -> None:
    assert sorted(["第19委员会", "第1委员会", "甲", "第2委员会", "10号", "9号"], key=natural) == [
        "9号", "10号", "甲", "第1委员会", "第2委员会", "第19委员会"]
    assert sorted(NAMES) != IN_ORDER  # code points would not


def test_departments_and_projects_are_listed_by_the_numbers_value(tmp_path: Path) -> None:
    for i, name in enumerate(NAMES):
        write_project(tmp_path, f"2020/p{i}.yml", dedent(f"""\
            name: {name}项目
            year: 2020
            department: {name}
            budget: 10.00
            score: 90
            """))
    content = check_dir(tmp_path)
    assert not content.errors, [p.format() for p in content.problems]
    pages = dict(render_pages(build_context(content)))
    listed = BeautifulSoup(pages["departments/index.md"], "html.parser")
    shown = [a.get_text() for a in listed.select("#departments-list tbody a")]
    assert [n for n in shown if n in NAMES] == IN_ORDER
    year = BeautifulSoup(pages["years/2020/index.md"], "html.parser").get_text()
    assert [year.index(f"{n}项目") for n in IN_ORDER] == sorted(
        year.index(f"{n}项目") for n in IN_ORDER)
