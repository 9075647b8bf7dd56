"""``tests/data/real/README.md`` from the sidecars: one row per document — where it was
published, its layout and quirks, and what a correct import gives or why it is refused.

``python -m tests.real_docs.readme`` rewrites it; ``tests/test_real_documents.py`` checks that
the committed file is what this writes, so a new document cannot land undescribed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
README = REAL / "README.md"

HEAD = """\
# Real documents (issues 32 and 43)

Documents that government bodies published, rebuilt as the Excel or Word file their publisher
used, quirks kept (letter-spaced labels, 合计 rows, 0 / 0 / 0 totals, codes before names, forms
stacked on a sheet, tables split over pages). Each `<name>.yml` beside a document says where it
was published, what a correct import gives — figures derived by hand from the published text,
not from the importer — or why it must be refused; `tests/test_real_documents.py` imports
every document (also with `--dry-run`) and compares. The 部门整体支出绩效评价 documents (issue
43) import as `kind: 部门整体`; where no filled copy of a layout is stored, a file tests the
layout from its real labels and its sidecar says what is MADE UP. The builders are
`tests/real_docs/` (`python -m tests.real_docs.build_corpus_a` …, `build_corpus_whole`,
`build_corpus_whole2`); this file is written by `python -m tests.real_docs.readme`.

{summary}

| 文件 | 省份 | 文件内容 | 格式与特点 | 导入结果 | 来源 |
|---|---|---|---|---|---|
"""


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _outcome(data: dict[str, Any]) -> str:
    if data["expect"] == "refuse":
        refusal = data["refusal"]
        return f"拒绝 `{refusal['code']}`：{_cell(refusal.get('reason', ''))}"
    parts = []
    for project in data["projects"]:
        whole = "部门整体 " if project.get("kind") == "部门整体" else ""
        if project.get("total") is None:
            figures = f"只公布等级 {project.get('grade')}"
        else:
            computed = "（由得分相加）" if project.get("total_computed") else ""
            grade = f"，{project['grade']}" if project.get("grade") else ""
            money = (f"预算 {project['budget']} 万元，执行 {project.get('spent')} 万元，"
                     if project.get("budget") is not None else "未公布金额，")
            figures = (f"{money}{project.get('leaves', 0)} 个三级指标，总分 {project['total']}"
                       f"{computed}{grade}")
        others = project.get("other_fields") or {}
        if others:
            figures += "，原表其他栏目 " + "、".join(f"{k}「{v}」" for k, v in others.items())
        parts.append(f"{whole}{_cell(project['name'])}（{project['year']}）：{figures}")
    return "导入 " + "；".join(parts)


def text() -> str:
    rows = []
    provinces: set[str] = set()
    counts = {"import": 0, "refuse": 0}
    for path in sorted(REAL.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["province"] != "不详":  # a re-post that does not say where it is from
            provinces.add(data["province"])
        counts[data["expect"]] += 1
        rows.append(f"| `{data['file']}` | {data['province']} | {_cell(data['document'])} | "
                    f"{_cell(data['layout'])} | {_outcome(data)} | <{data['source']}> |")
    summary = (f"{len(rows)} 份文件，{len(provinces)} 个省份（{'、'.join(sorted(provinces))}）："
               f"{counts['import']} 份应导入，{counts['refuse']} 份应拒绝并说明原因。")
    return HEAD.format(summary=summary) + "\n".join(rows) + "\n"


def main() -> None:
    README.write_text(text(), encoding="utf-8")


if __name__ == "__main__":
    main()
