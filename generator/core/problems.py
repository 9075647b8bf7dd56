"""The one problem type: every check, the loader, the importer and the build report here.

Like Frictionless's errors, a problem has a stable ``code`` (tests and tools match on it,
docs/reference/codes.md lists them), a severity, a typed location (:class:`Where`: a file
with line and column, or a workbook with sheet and cell) and a Chinese message that says
what to change.
Nothing prints: the CLI decides at the boundary how to show problems and which exit code
follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}

# Every code a problem may carry, with its meaning (a warning's says “警告”). Problems.add
# refuses any other code; generator/core/fixes.py gives each its fix, and the page
# docs/reference/codes.md is generated from both (a test holds it so), so none can drift.
CODES: dict[str, str] = {
    # reading a file (generator/content/loader.py, discovery.py)
    "unreadable-file": "无法读取文件",
    "not-a-file": "不是普通文件（命名管道、套接字或设备），不会读取",
    "file-too-large": "文件超过大小上限",
    "encoding": "文件不是 UTF-8 编码",
    "yaml-syntax": "YAML 语法错误",
    "control-character": "文件或文字含有控制字符（YAML 不允许的，或由转义写出的）",
    "placeholder": "必填项还是 new 写下的“待填写”",
    "fullwidth-colon": "键后面的冒号是全角“：”，应为半角冒号加空格",
    "fullwidth-space": "缩进里有全角空格，应为半角空格",
    "tab-indent": "缩进里有制表符（Tab），应为空格",
    "fullwidth-number": "数字用了全角字符或句号作小数点",
    "amount-in-yuan": "金额以元为单位，应换算为万元",
    "multiple-documents": "一个文件中有多个 YAML 文档",
    "nesting-limit": "嵌套层级超过上限",
    "alias-limit": "别名展开后的节点数超过上限",
    "unknown-anchor": "别名没有对应的锚点",
    "recursive-alias": "别名引用了自身",
    "unsupported-tag": "不支持的 YAML 标签",
    "unsupported-number": "不支持的数值（如 .nan、.inf）",
    "number-too-long": "数字位数超出范围",
    "complex-key": "映射的键不是简单的文字",
    "duplicate-key": "同一映射中的键重复",
    "empty-file": "文件为空",
    "non-ascii-id": "文件名（项目编号）含有英文字母、数字、点、连字符、下划线以外的字符",
    "reserved-id": "文件名是 Windows 的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9）或以点结尾",
    "id-too-long": "项目编号超过 120 个字符（网页路径在 Windows 上会超过 260 个字符）",
    "id-case-clash": "两个文件名只差大小写（在 Windows、macOS 上是同一个文件）",
    "outside-content": "文件是指向项目文件夹之外的链接",
    "content-not-found": "找不到内容文件夹",
    "wrong-extension": "扩展名不是 .yml，文件不会被读取（警告）",
    # the shape of a file (generator/content/)
    "unknown-key": "未知的键",
    "missing-key": "缺少必填的键",
    "wrong-type": "值的类型不对（如应为数字却是文字）",
    "empty-value": "值为空",
    "empty-list": "列表为空",
    "invalid-value": "值不在允许的范围或格式内（年度、日期、评价方式、序号、比例等）",
    "negative-value": "值为负数",
    "budget-not-positive": "预算金额不大于 0",
    "weight-not-positive": "满分值不大于 0",
    "missing-score": "缺少得分：既没有 score，也没有可以计算得分的指标或计分规则",
    "unknown-rule": "未知的计分规则",
    "unknown-level": "未知的完成程度",
    "rule-on-inner": "上级指标使用了计分规则",
    "rule-input-missing": "计分规则缺少所需的输入",
    "rule-key-unused": "键只用于另一种计分规则",
    "execution-needs-rule": "actual: budget_execution 用在了上级指标上（只能用于末级指标）",
    "unit-mismatch": "年度指标值或实际完成值中写的单位与 unit 不一致",
    "invalid-tier": "tiers 的一档写法不对",
    "wrong-order": "档次没有从高到低排列",
    "lowest-grade-not-zero": "最低一档等级的 min 不为 0",
    "invisible-character": "部门名称或网站设置含有看不见的格式字符（零宽、双向控制、变体选择符）",
    "setting-too-long": "网站设置的文字超过长度上限",
    "reserved-slug": "部门网址名是 Windows 的设备名（con、nul、com1 等）",
    "duplicate-slug": "两个部门的网址名相同",
    # declared against derived (generator/core/checks.py)
    "score-over-weight": "得分超过满分值",
    "score-below-zero": "按计分规则计算的得分低于 0",
    "total-over-100": "评价分值超过 100",
    "inner-weight-mismatch": "上级指标的满分值不等于下级指标满分值之和",
    "inner-score-mismatch": "上级指标的得分不等于下级指标得分之和",
    "weights-not-100": "一级指标的满分值合计不为 100",
    "total-mismatch": "评价分值与指标得分合计不符",
    "grade-mismatch": "评价结论与总分对应的等级不符",
    "execution-needs-spent": "计分规则使用预算执行率，但项目没有填写实际支出",
    "duplicate-code": "同一项目中的指标编号重复（警告）",
    "spent-over-budget": "实际支出超过预算金额（警告）",
    "rule-score-differs": "按计分规则计算的得分与公布的得分不同（警告）",
    "standard-rule-differs": "按比较符年度指标值的标准计分规则计算的得分与公布的得分不同（警告）",
    "target-missed-no-note": "未完成年度指标值，但没有填写偏差原因分析及改进措施（警告）",
    "funding-sum-mismatch":
        "funding.sources 的合计与年初预算数、全年预算数或全年执行数不符（警告）",
    "items-sum-mismatch": "budget_items 的合计与预算金额或实际支出不符（警告）",
    "funding-group-mismatch":
        "部门整体：funding.sources 中同一 group 的合计与全年预算数或全年执行数不符（警告）",
    "tasks-sum-mismatch":
        "部门整体：tasks（年度主要任务）的合计与全年预算数或全年执行数不符（警告）",
    "duplicate-project": "同一项目名称和年度出现在多个文件中（警告）",
    "output-collision": "两个项目或部门的网页、下载文件会写到同一个路径",
    "similar-department":
        "两个部门名称几乎相同（只差一个字，或只差全角半角、大小写、空格）（警告）",
    # what the operating system refused, for any command (generator/cli.py)
    "os-disk-full": "磁盘空间不足或配额已用完",
    "os-read-only": "要写入的文件夹是只读的",
    "os-permission": "没有读写文件或文件夹的权限",
    "os-not-found": "找不到要读写的文件或文件夹",
    "os-locked": "文件正被其他程序使用（被锁定）",
    "os-error": "操作系统报告的其他错误",
    # importing a workbook or a Word document (generator/intake/)
    "import-encrypted": "文件已加密（设有打开密码），须另存为不加密的副本",
    "import-unreadable": "文件无法作为 .xlsx 工作簿读取",
    "import-pdf-scanned": "PDF 的页面是扫描或拍照的图片，没有文字可读",
    "import-pdf-too-complex": "PDF 的内容异常复杂或庞大，在时间和内存上限内读不完",
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
    "import-bad-rate": "预算执行率不是百分比（信息表中为警告，此列不导入；自评表中为错误）",
    "import-rate-mismatch": "预算执行率与 实际支出 ÷ 预算金额 不符（警告）",
    "import-duplicate-row": "两行（同一个文件中，或一次导入的几个文件中）生成同一个项目文件",
    "import-file-exists": "项目文件已存在且内容与表格不同，未加 --force 时不覆盖",
    "import-file-other-project": "同名的项目文件保存的是另一个项目（名称、单位或年度不同），"
                                 "加 --force 也不覆盖",
    "import-too-large": "文件、压缩包部件数或解压后的大小超过上限",
    "import-zip-bomb": "压缩比异常高的部件（“压缩炸弹”），不会解压",
    "import-macros": "文件含有宏（VBA），宏不会执行，文件不导入",
    "import-external-link": "工作簿链接到外部文件，外部链接不会打开，文件不导入",
    "import-xml-entity": "XML 部件含有 DOCTYPE 或实体定义，不会解析",
    "import-too-many-rows": "工作表的行数（或各工作表合计的行数）超过上限",
    "import-too-many-cells": "工作簿的单元格总数超过上限（解析前逐个计数）",
    "import-control-chars": "单元格的文字含有控制字符，导入时已删除（警告）",
    "import-cell-too-long": "单元格的文字超过 32767 个字",
    "import-bad-number": "单元格应为数字（或“是/否”、档次、扣分的写法）",
    "import-unknown-project": "指标或预算明细行的项目编号不在“项目”工作表中",
    "import-unknown-parent": "指标行的上级序号不是本项目前面某一行的序号",
    "import-docx-title": "Word 文档中找不到“<主管部门><年度>年度财政支出项目绩效评价结果”标题",
    "import-form-layout": "自评表缺少必需的栏目（项目资金的全年预算数列，或绩效指标表的一级指标、"
                          "三级指标、年度指标值、实际完成值、分值、得分列）",
    "import-form-year": "自评表的标题中找不到预算年度（如“（2022年度）”）",
    "import-form-unfilled": "自评表没有填写：各指标和总分的得分都是空的（只有模板或填写说明）",
    "import-form-total-from-sources": "年度资金总额为 0 或空，按其中各行之和导入（警告）",
    "import-form-no-scores": "表格有指标却没有分值和得分列（绩效目标表之类），不是评价结果",
    "import-form-scale": "自评表的分值合计不是 100 分，得分不能按百分制发布",
    "import-form-unread": "自评表中有文字没有对应的栏目，旁边也没有栏目名，未导入（警告）",
    "import-bad-fields": "“原表其他栏目”一列不是每行“栏目名：内容”的写法",
    "import-whole-no-score":
        "部门整体支出绩效评价的得分表、自评表或报告中没有评价得分（得分为空、只有目标或标准）",
    "import-whole-no-department": "部门整体支出绩效评价没有写被评价的部门（单位）名称",
    "import-site-setting": "“网站设置”工作表的表头或某一行写法不对（不认识的设置、重复、"
                           "多填了名称或别名）",
    "import-site-differs": "“网站设置”与内容文件夹已有的 site.yml 不同，"
                           "未加 --force 时 site.yml 保持不变；或一次导入的几个文件的"
                           "“网站设置”不同，按第一个文件的（警告）",
}


def known(code: str) -> str:
    """``code`` itself; a code missing from :data:`CODES` is a programming error."""
    if code not in CODES:
        raise ValueError(f"problem code {code!r} is not in generator.core.problems.CODES")
    return code


@dataclass(frozen=True)
class Where:
    """Where a problem is: ``file:line:column``, or ``file`` with ``sheet!cell`` (a workbook)
    or a table's row and column (a Word document)."""

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None  # a worksheet, or a Word table (“表 3”)
    cell: str | None = None  # A1-style in a workbook, “第 2 行第 3 列” in a Word table

    def __str__(self) -> str:
        if self.sheet is not None:
            if self.cell and self.cell.startswith("第 ") and " 页 表 " in self.cell:
                return self.cell  # a PDF's cell names its page and table: 第 2 页 表 1 第 7 行 …
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(frozen=True)
class Problem:
    code: str  # stable, kebab-case: see docs/reference/codes.md
    severity: Severity
    where: Where
    message: str

    @property
    def file(self) -> str:
        return self.where.file

    @property
    def line(self) -> int | None:
        return self.where.line

    @property
    def column(self) -> int | None:
        return self.where.column

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        return str(self.where)

    def format(self) -> str:
        return f"{self.location()}: {SEVERITY_LABEL[self.severity]}：{self.message}"

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "code": self.code, "severity": self.severity, "file": self.where.file,
            "line": self.where.line, "column": self.where.column, "message": self.message}
        if self.where.sheet is not None:
            record.update(sheet=self.where.sheet, cell=self.where.cell)
        return record

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, 0 if self.is_error else 1, self.line or 0, self.column or 0,
                self.where.sheet or "")


class Problems:
    """Collects problems for one file (or a whole run) so that all are reported at once."""

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.items: list[Problem] = []

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, code: str, severity: Severity, message: str, line: int | None = None,
            column: int | None = None, file: str | None = None) -> None:
        where = Where(self.file if file is None else file, line, column)
        self.items.append(Problem(known(code), severity, where, message))

    def error(self, code: str, message: str, line: int | None = None,
              column: int | None = None, file: str | None = None) -> None:
        self.add(code, "error", message, line, column, file)

    def warning(self, code: str, message: str, line: int | None = None,
                column: int | None = None, file: str | None = None) -> None:
        self.add(code, "warning", message, line, column, file)

    def at_cell(self, code: str, severity: Severity, message: str, sheet: str,
                cell: str | None = None) -> None:
        """A problem in a workbook's sheet and cell (or a Word table's row and column)."""
        self.items.append(Problem(known(code), severity,
                                  Where(self.file, sheet=sheet, cell=cell), message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)


class ContentError(Exception):
    """Raised at the end of a run whose content has errors; carries all of them."""

    def __init__(self, problems: list[Problem], files: int = 0) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} 个错误")
        self.problems = problems
        self.files = files  # project files read


class BuildError(Exception):
    """MkDocs or an output step failed; the message says what to do."""
