"""Fuzz `check` and `import` for a fixed time: every input ends in a result or located,
coded problems, never in an exception (issue 35). Not part of `make test`; run as

    .venv/bin/python -m tests.bench.fuzz --seconds 300

Inputs, drawn by hypothesis: the seed projects with lines mutated (cut, duplicated,
replaced by drawn text, keys and values swapped for hostile scalars), whole drawn YAML
documents, and disclosure workbooks whose cells hold drawn values (text, numbers, zero,
negatives, formulas, huge strings). Each goes through the real per-file pipeline
(:func:`generator.content.discovery.process_file`) or :func:`plan_import`. The last
line says how many inputs were tried and how many failed; a failure prints its input.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from generator.content.discovery import process_file
from generator.core.model import SiteConfig
from generator.intake.importer import plan_import

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXTS = [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "content" / "projects").rglob("*.yml"))]
HOSTILE = ["0", "-1", "1e400", ".nan", "~", "''", "[]", "{}", "!!binary aGk=", "&a [*a]",
           "2020-13-45", "９９．５", "10.00万元", "=1+1", "@SUM(A1)", "\t", "：", "　", "\ufeff",
           "9" * 40, "x" * 5000, "≥", "≤5300元/户", ">=21933人", "%", "100%", "—"]
HEADERS = ["项目名称", "预算年度", "项目单位", "主管部门", "预算金额（万元）", "实际支出（万元）",
           "评价分值", "评价结论", "主要绩效", "存在问题", "整改建议", "整改情况", "预算执行率"]

lines = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
cells = st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=30),
                  st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                  st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str))


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    text: list[str] = draw(st.sampled_from(SEED_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["cut", "double", "replace", "value"]))
        if how == "cut":
            del text[i]
        elif how == "double":
            text.insert(i, text[i])
        elif how == "replace":
            text[i] = draw(lines)
        elif ":" in text[i]:
            text[i] = text[i].split(":", 1)[0] + ": " + draw(lines)
        if not text:
            text = [""]
    return "\n".join(text) + "\n"


class Tally:
    def __init__(self) -> None:
        self.tried = 0
        self.failed: list[tuple[str, str]] = []

    def run(self, what: str, sample: Any, call: Any) -> None:
        self.tried += 1
        try:
            call()
        except Exception:  # noqa: BLE001 - finding these is the point
            self.failed.append((repr(sample)[:500], traceback.format_exc(limit=3)))
            print(f"FAILED ({what}): {repr(sample)[:300]}\n{traceback.format_exc(limit=3)}")


def fuzz(seconds: float) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    config = SiteConfig()
    with tempfile.TemporaryDirectory() as scratch:
        projects = Path(scratch) / "content" / "projects"
        (projects / "2020").mkdir(parents=True)
        path = projects / "2020" / "fuzz.yml"
        book = Path(scratch) / "fuzz.xlsx"
        # rounds of 200 drawn inputs each, until the time is up (a test that stopped itself
        # mid-round would be replayed by hypothesis as a flaky failure)
        quick = settings(max_examples=200, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))

        @quick
        @given(st.one_of(mutated_seed(), st.text(max_size=400)))
        def yaml_input(text: str) -> None:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            tally.run("check", text, lambda: process_file(path, projects, config))

        @quick
        @given(st.lists(st.lists(cells, min_size=len(HEADERS), max_size=len(HEADERS)),
                        min_size=1, max_size=4))
        def workbook_input(rows: list[list[Any]]) -> None:
            sheet_book = openpyxl.Workbook()
            sheet = sheet_book.active
            assert sheet is not None
            sheet.append(HEADERS)
            for row in rows:
                try:
                    sheet.append(row)
                except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses it
                    return
            sheet_book.save(book)
            tally.run("import", rows,
                      lambda: plan_import(book, Path(scratch) / "content-import"))

        share = deadline - time.monotonic()
        for test, part in ((yaml_input, 0.6), (workbook_input, 0.4)):
            until = time.monotonic() + share * part
            while time.monotonic() < until:
                test()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    started = time.monotonic()
    tally = fuzz(args.seconds)
    print(f"{tally.tried} inputs in {time.monotonic() - started:.0f} s; "
          f"{len(tally.failed)} ended in an exception")
    raise SystemExit(1 if tally.failed else 0)


if __name__ == "__main__":
    main()
