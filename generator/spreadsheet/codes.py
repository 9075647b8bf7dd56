"""The importer's problem codes: stable, kebab-case, each with its meaning in Chinese.

Problems found by the real checker in the files an import would write keep the checker's
own codes (``score-over-weight``, ``grade-mismatch`` …); these are the importer's.
"""

from __future__ import annotations

IMPORT_CODES: dict[str, str] = {
    "import-unreadable": "文件无法作为 .xlsx 工作簿读取",
    "import-no-header": "没有一个工作表有 项目名称、预算年度 等列名的表头行",
    "import-missing-column": "表头缺少必填的列",
    "import-duplicate-column": "同一列名出现两次",
    "import-unknown-column": "不认识的列名，这一列不导入（警告）",
    "import-no-rows": "表格中没有项目数据行",
    "import-formula": "单元格是公式，应先转换为数值",
    "import-missing-value": "必填的单元格为空",
    "import-bad-year": "预算年度不是 2000 到 2100 之间的年份",
    "import-bad-money": "金额不是以万元为单位的数字",
    "import-bad-score": "评价分值不是 0 到 100 之间的数字",
    "import-bad-order": "序号不是从 1 开始的整数",
    "import-bad-id": "项目编号不能用作文件名",
    "import-bad-rate": "预算执行率不是百分比（警告；此列不导入）",
    "import-rate-mismatch": "预算执行率与 实际支出 ÷ 预算金额 不符（警告）",
    "import-duplicate-row": "两行生成同一个项目文件",
    "import-file-exists": "项目文件已存在，未加 --force 时不覆盖",
}
