"""Zero and empty money figures end in located problems, never in a traceback.

Two real shapes crashed the import in the 执行率 check (decimal.DivisionByZero /
InvalidOperation): a 信息表 row with 预算金额 0, and a 自评表 whose 年度资金总额 row prints
0 / 0 / 0 while its 其中 row holds the money (issue 32). The checker's own budget rule
(``budget-not-positive``: 预算金额必须大于 0) must name the cell instead.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from generator.downloads.selfeval_form import form_workbook
from generator.intake.importer import plan_import
from tests.conftest import HEADER, write_project
from tests.selfeval_forms import yongde_sheet
from tests.test_importer import DISCLOSURE, good_row, workbook

ROOT = Path(__file__).resolve().parent.parent


def codes_at(path: Path, content: Path) -> list[tuple[str, str | None]]:
    plan = plan_import(path, content)
    assert not plan.ok
    return [(p.code, p.where.cell) for p in plan.problems if p.is_error]


@pytest.mark.parametrize("spent", [0, 19, None])
def test_a_disclosure_row_with_a_zero_budget(tmp_path: Path, spent: int | None) -> None:
    headers = [*DISCLOSURE, "预算执行率"]
    row = [*good_row(**{"预算金额（万元）": 0, "实际支出（万元）": spent}), "95%"]
    path = workbook(tmp_path / "信息表.xlsx", [row], headers)
    assert ("budget-not-positive", "E2") in codes_at(path, tmp_path / "content")


def test_a_form_whose_total_row_is_zero(tmp_path: Path) -> None:
    sheet = yongde_sheet()
    for col in (5, 6, 7):
        sheet.put(6, col, 0)
    sheet.put(6, 9, "0%")
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(form_workbook([sheet]))
    # the 其中 row holds the money (as published forms do): its sums stand, with a warning
    plan = plan_import(path, tmp_path / "content")
    assert plan.ok and plan.files[0].row.values["budget"] == Decimal("38.766462")
    assert ("import-form-total-from-sources", "F6") in [(p.code, p.where.cell)
                                                        for p in plan.problems]
    for col in (5, 6, 7):  # and when no row holds any money, the budget is refused
        sheet.put(7, col, 0)
    path.write_bytes(form_workbook([sheet]))
    assert ("budget-not-positive", "F6") in codes_at(path, tmp_path / "content")


def test_check_of_a_zero_budget_with_the_execution_rule(tmp_path: Path) -> None:
    project = HEADER.replace("budget: 10.00", "budget: 0") + """\
spent: 0
indicators:
  - {code: A, name: 预算执行率, weight: 100, rule: ratio, target: 100,
     actual: budget_execution}
"""
    path = write_project(tmp_path, "2020/zero.yml", project)
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--json",
                             str(path.parent.parent.parent)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert '"budget-not-positive"' in result.stdout
