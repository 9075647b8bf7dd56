"""Problem codes: one table (``CODES``), each code produced by an example, the docs in step.

``Problems.add`` refuses a code missing from the table; the tests here hold the table, the
source, the fixes (``generator/core/fixes.py``) and the docs' page of codes
(``docs/reference/codes.md``, “问题代码”, generated from both) to one another, and give every
code of the content and core checks a file that produces it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content import loader
from generator.content.discovery import read_content
from generator.core.codes_page import main as codes_page_main
from generator.core.codes_page import render, sections
from generator.core.fixes import FIXES, severity
from generator.core.problems import CODES, Problem, Problems
from tests.conftest import HEADER, check_dir, check_text, content_dir, write_project

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
_LITERAL = re.compile(r'"([a-z0-9]+(?:-[a-z0-9]+)*)"')


def leaf(fields: str) -> str:
    """A project whose one indicator (line 6) is ``{code: A, name: 甲, <fields>}``."""
    return HEADER + f"indicators:\n  - {{code: A, name: 甲, {fields}}}\n"


def tree(weight: str = "100", score: str = "80", codes: tuple[str, str] = ("A1", "A2")) -> str:
    return HEADER + f"""\
indicators:
  - code: A
    name: 甲
    weight: {weight}
    score: {score}
    children:
      - {{code: {codes[0]}, name: 乙, weight: 60, score: 50}}
      - {{code: {codes[1]}, name: 丙, weight: 40, score: 30}}
"""


# a project file (content/projects/2020/p.yml) that produces each code
PROJECT_FILES: dict[str, str | bytes] = {
    "encoding": (HEADER + "score: 80\n").encode("utf-16"),
    "yaml-syntax": "name: [1\n",
    "control-character": "a: \x01\n",
    "placeholder": HEADER.replace("budget: 10.00", "budget: 待填写") + "score: 80\n",
    "fullwidth-colon": HEADER + "method：第三方评价\nscore: 80\n",
    "fullwidth-space": HEADER + "score: 80\nbudget_items:\n  - name: 甲\n\u3000 budget: 1\n",
    "tab-indent": HEADER + "score: 80\nbudget_items:\n  - name: 甲\n\t budget: 1\n",
    "fullwidth-number": HEADER + "score: ８０。５\n",
    "amount-in-yuan": HEADER.replace("budget: 10.00", "budget: 100000元") + "score: 80\n",
    "multiple-documents": "a: 1\n---\nb: 2\n",
    "nesting-limit": "[" * 70 + "]" * 70,
    "alias-limit": "a: &a [1]\n" + "".join(  # 12 ** 5 nodes
        f"{b}: &{b} [{', '.join([f'*{a}'] * 12)}]\n"
        for a, b in zip("abcde", "bcdef", strict=True)),
    "unknown-anchor": "a: *x\n",
    "recursive-alias": "a: &x [1, *x]\n",
    "unsupported-tag": "a: !!python/object:os.system x\n",
    "unsupported-number": HEADER + "score: .nan\n",
    "number-too-long": HEADER + "score: 80\nspent: 1000000000000\n",
    "complex-key": "? [a, b]\n: 1\n",
    "duplicate-key": HEADER + "score: 80\nscore: 81\n",
    "invisible-character": HEADER.replace("测试单位", "测试\u200b单位") + "score: 80\n",
    "empty-file": "",
    "unknown-key": HEADER + "score: 80\nscroe: 1\n",
    "missing-key": "name: 甲\nyear: 2020\ndepartment: 乙\nscore: 80\n",
    "wrong-type": HEADER + "score: [1]\n",
    "empty-value": HEADER + "score: 80\nsummary: ' '\n",
    "empty-list": HEADER + "indicators: []\n",
    "invalid-value": HEADER + "score: 80\nmethod: 自评\n",
    "negative-value": HEADER + "score: -1\n",
    "budget-not-positive": HEADER.replace("budget: 10.00", "budget: 0") + "score: 80\n",
    "weight-not-positive": leaf("weight: 0, score: 0"),
    "missing-score": HEADER,
    "unknown-rule": leaf("weight: 100, rule: ration, target: 1, actual: 1"),
    "unknown-level": leaf("weight: 100, rule: level, level: 不知道"),
    "rule-on-inner": tree().replace("    score: 80\n", "    rule: ratio\n"),
    "rule-input-missing": leaf("weight: 100, rule: ratio"),
    "rule-key-unused": leaf("weight: 100, score: 1, level: 较低"),
    "execution-needs-rule": HEADER + """\
indicators:
  - code: A
    name: 甲
    actual: budget_execution
    children:
      - {code: A1, name: 乙, weight: 100, score: 90}
""",
    "unit-mismatch": leaf('weight: 100, score: 90, target: "≥85%", actual: 90, unit: 次'),
    "standard-rule-differs": leaf('weight: 100, score: 7, target: "≥100", unit: "%", actual: 100'),
    "target-missed-no-note": leaf('weight: 100, score: 90, target: "≥100", unit: "%", actual: 90'),
    "funding-sum-mismatch": HEADER + "score: 80\nfunding:\n  initial: 10.00\n  sources:\n"
                            "    - {name: 本年财政拨款, initial: 9.00}\n",
    "invalid-tier": leaf("weight: 100, rule: tiers, actual: 1, tiers: [7]"),
    "wrong-order": leaf("weight: 100, rule: tiers, actual: 1, tiers: [[50, 1], [80, 0.5]]"),
    "score-over-weight": leaf("weight: 100, score: 101"),
    "score-below-zero": leaf("weight: 100, rule: ratio, target: 10, actual: -5"),
    "total-over-100": HEADER + "score: 101\n",
    "inner-weight-mismatch": tree(weight="90"),
    "inner-score-mismatch": tree(score="81"),
    "weights-not-100": leaf("weight: 90, score: 80"),
    "total-mismatch": leaf("weight: 100, score: 80") + "score: 81\n",
    "grade-mismatch": HEADER + "score: 80\ngrade: 优\n",
    "execution-needs-spent": leaf("weight: 100, rule: ratio, target: 100, "
                                  "actual: budget_execution"),
    "duplicate-code": tree(codes=("A1", "A1")),
    "spent-over-budget": HEADER + "score: 80\nspent: 11\n",
    "rule-score-differs": leaf("weight: 100, score: 90, rule: ratio, target: 10, actual: 5"),
    "items-sum-mismatch": HEADER + "score: 80\nbudget_items:\n  - {name: 甲, budget: 1}\n",
    "funding-group-mismatch": HEADER + "kind: 部门整体\nscore: 80\nfunding:\n  sources:\n"
                              "    - {name: 基本支出, group: 按支出性质, budget: 9.00}\n",
    "tasks-sum-mismatch": HEADER + "kind: 部门整体\nscore: 80\ntasks:\n"
                          "  - {name: 甲, budget: 9.00}\n",
}


def _unreadable(tmp_path: Path) -> list[Problem]:
    (content_dir(tmp_path) / "projects" / "p.yml").mkdir()
    return check_dir(tmp_path).problems


def _pipe(tmp_path: Path) -> list[Problem]:
    os.mkfifo(content_dir(tmp_path) / "projects" / "p.yml")
    return check_dir(tmp_path).problems


def _too_large(tmp_path: Path) -> list[Problem]:
    write_project(tmp_path, "p.yml", HEADER + "score: 80\n" + "#" * 100)
    saved = loader.MAX_BYTES
    loader.MAX_BYTES = 100
    try:
        return check_dir(tmp_path).problems
    finally:
        loader.MAX_BYTES = saved


def _outside(tmp_path: Path) -> list[Problem]:
    outside = tmp_path / "x.yml"
    outside.write_text(HEADER + "score: 80\n", encoding="utf-8")
    os.symlink(outside, content_dir(tmp_path) / "projects" / "link.yml")
    return check_dir(tmp_path).problems


def _two_files(tmp_path: Path) -> list[Problem]:
    write_project(tmp_path, "a.yml", HEADER + "score: 80\n")
    write_project(tmp_path, "b.yml", HEADER + "score: 80\n")
    return check_dir(tmp_path).problems


def _case_clash(tmp_path: Path) -> list[Problem]:
    write_project(tmp_path, "Road.yml", HEADER + "score: 80\n")
    write_project(tmp_path, "road.yml", HEADER.replace("测试项目", "另一个") + "score: 80\n")
    return check_dir(tmp_path).problems


def _with_site(tmp_path: Path, site: str) -> list[Problem]:
    write_project(tmp_path, "p.yml", HEADER + "score: 80\n", site=site)
    return check_dir(tmp_path).problems


SETUPS: dict[str, Callable[[Path], list[Problem]]] = {
    "unreadable-file": _unreadable,
    "not-a-file": _pipe,
    "file-too-large": _too_large,
    "outside-content": _outside,
    "duplicate-project": _two_files,
    "non-ascii-id": lambda t: check_text(t, HEADER + "score: 80\n", "2020/项目.yml").problems,
    "wrong-extension": lambda t: check_text(t, HEADER + "score: 80\n", "2020/p.yaml").problems,
    "reserved-id": lambda t: check_text(t, HEADER + "score: 80\n", "2020/CON.yml").problems,
    "id-too-long": lambda t: check_text(t, HEADER + "score: 80\n", "2020/" + "a" * 121 + ".yml"
                                        ).problems,
    "id-case-clash": _case_clash,
    "content-not-found": lambda t: read_content(t / "missing").problems,
    "lowest-grade-not-zero": lambda t: _with_site(t, "grades:\n  - {label: A, min: 50}\n"),
    "setting-too-long": lambda t: _with_site(t, f"title: {'长' * 61}\n"),
    "reserved-slug": lambda t: _with_site(t, "departments: {甲: nul}\n"),
    "duplicate-slug": lambda t: _with_site(t, "departments: {甲: a, 乙: a}\n"),
    "output-collision": lambda t: _with_site(
        t, "departments: {测试单位: d-" + hashlib.sha1("乙".encode()).hexdigest()[:10] + "}\n")
    + check_text(t, HEADER.replace("测试项目", "另一个") + "authority: 乙\nscore: 80\n",
                 "2020/q.yml").problems,
    "similar-department": lambda t: check_text(
        t, HEADER.replace("测试单位", "上海市财攻局") + "score: 80\n", "2020/q.yml").problems
    + check_text(t, HEADER.replace("测试单位", "上海市财政局") + "score: 80\n").problems,
}


# the tables themselves: every code is a literal there
TABLES = {GENERATOR / "core" / "problems.py", GENERATOR / "core" / "fixes.py"}


def _used_in(folder: Path) -> set[str]:
    """Every string literal in ``folder``'s Python files that is a code of the table."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        if path not in TABLES:
            found.update(c for c in _LITERAL.findall(path.read_text(encoding="utf-8"))
                         if c in CODES)
    return found


CONTENT_CODES = sorted(_used_in(GENERATOR / "content") | _used_in(GENERATOR / "core"))


def test_every_code_has_an_example() -> None:
    assert sorted(PROJECT_FILES.keys() | SETUPS.keys()) == CONTENT_CODES


@pytest.mark.parametrize("code", CONTENT_CODES)
def test_the_example_produces_its_code(tmp_path: Path, code: str) -> None:
    if code in SETUPS:
        problems = SETUPS[code](tmp_path)
    else:
        problems = check_text(tmp_path, PROJECT_FILES[code]).problems
    assert code in [p.code for p in problems], [f"{p.code} {p.format()}" for p in problems]


def test_codes_are_kebab_case_with_a_chinese_meaning() -> None:
    for code, meaning in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert re.search(r"[\u4e00-\u9fff]", meaning) and "|" not in meaning, code


def test_every_code_of_the_table_is_used_and_every_code_used_is_in_it() -> None:
    used = _used_in(GENERATOR)
    assert sorted(set(CODES) - used) == []  # a code no source produces: delete it
    literals = {c for path in GENERATOR.rglob("*.py") if path not in TABLES
                for c in re.findall(r'(?:error|warning|add|at_cell|Invalid|LoadError|positive)'
                                    r'\(\s*"([a-z0-9-]+)"', path.read_text(encoding="utf-8"))}
    assert sorted(literals - set(CODES)) == []


def test_an_unknown_code_is_refused() -> None:
    problems = Problems("a.yml")
    with pytest.raises(ValueError, match="no-such-code"):
        problems.error("no-such-code", "消息", 1, 1)
    with pytest.raises(ValueError):
        problems.at_cell("no-such-code", "error", "消息", "Sheet1", "A1")
    assert len(problems) == 0


CODES_PAGE = ROOT / "docs" / "reference" / "codes.md"
REGENERATE = "python -m generator.core.codes_page"


def test_every_code_has_a_fix_in_plain_chinese() -> None:
    assert list(FIXES) == list(CODES), (  # the same codes, in the same order: easy to keep
        "每个代码在 generator/core/fixes.py 的 FIXES 中（与 CODES 同样的位置）写上改法，"
        f"然后运行 {REGENERATE} 重新生成 docs/reference/codes.md")
    for code, fix in FIXES.items():
        assert fix.strip() and re.search(r"[\u4e00-\u9fff]", fix), code
        assert "|" not in fix and "\n" not in fix and fix.endswith("。"), code
        assert len(fix) <= 120, (code, len(fix))  # one or two sentences


def test_the_sections_hold_every_code_once_in_the_tables_order() -> None:
    parts = sections()
    assert [heading for heading, _, _ in parts] == [
        "读取项目文件", "项目文件的键和值", "分数和金额的核对", "读写文件夹", "导入 Excel 和 Word"]
    assert all(codes for _, _, codes in parts)
    assert [code for _, _, codes in parts for code in codes] == list(CODES)
    assert all(c.startswith("os-") for c in parts[3][2])
    assert all(c.startswith("import-") for c in parts[4][2])


def test_the_docs_page_is_the_generated_one() -> None:
    """docs/reference/codes.md is what CODES and FIXES give: a new code shows up there only
    after a fix is written and the page regenerated."""
    page = CODES_PAGE.read_text(encoding="utf-8")
    assert page.startswith("# 问题代码\n")
    assert page == render(), (
        f"{CODES_PAGE.relative_to(ROOT)} 与 CODES、FIXES 不一致：请运行 {REGENERATE} 重新生成"
        "（新代码先在 generator/core/fixes.py 的 FIXES 中写上改法）")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert len(rows) == len(CODES)


def test_a_code_without_a_fix_cannot_be_rendered(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, capsys) -> None:
    monkeypatch.setitem(CODES, "new-code", "新的问题")
    with pytest.raises(ValueError, match="new-code"):
        render()
    out = tmp_path / "codes.md"
    assert codes_page_main([str(out)]) == 1
    assert "FIXES 缺少这些代码的改法：new-code" in capsys.readouterr().err
    assert not out.exists()


def test_the_page_is_written_by_the_command(tmp_path: Path) -> None:
    out = tmp_path / "codes.md"
    assert codes_page_main([str(out)]) == 0
    assert out.read_bytes() == render().encode("utf-8")


# what the source says of each code's severity: problems.warning/.error, Reader.warn/.error,
# at_cell(code, "warning"/"error")
_SEVERITY_CALL = re.compile(r'(?:\.(warning|warn|error)\(|at_cell\()\s*"([a-z0-9-]+)"'
                            r'(?:,\s*"(warning|error)")?')


def test_the_severity_the_page_gives_is_the_one_the_source_uses() -> None:
    found: dict[str, set[str]] = {}
    for path in GENERATOR.rglob("*.py"):
        for method, code, given in _SEVERITY_CALL.findall(path.read_text(encoding="utf-8")):
            level = given or method
            if code in CODES and level:
                found.setdefault(code, set()).add("警告" if level.startswith("warn") else "错误")
    assert len(found) > 60
    wrong = {code: (levels, severity(code)) for code, levels in found.items()
             if severity(code) != ("警告或错误" if len(levels) == 2 else next(iter(levels)))}
    assert wrong == {}
    assert severity("import-bad-rate") == "警告或错误"  # a warning in 信息表, an error in 自评表
    assert severity("wrong-extension") == "警告" and severity("grade-mismatch") == "错误"


def test_check_json_gives_every_problem_a_code(tmp_path: Path, run_cli) -> None:
    for code, text in PROJECT_FILES.items():
        write_project(tmp_path, f"2020/{code}.yml", text)
    code, out, _ = run_cli("check", tmp_path / "content", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert len(problems) > len(PROJECT_FILES)
    assert all(list(p)[:6] == ["code", "severity", "file", "line", "column", "message"]
               for p in problems)
    assert {p["code"] for p in problems} <= set(CODES)
    assert set(PROJECT_FILES) - {"duplicate-project"} <= {p["code"] for p in problems}
