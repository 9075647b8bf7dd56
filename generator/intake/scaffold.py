"""``python -m generator new``: a commented project file that already passes ``check``.

Staff start from a file that explains every field in Chinese, shows each optional field
commented out with an example, and is valid as written (placeholder values), so the first
``check`` is green and every later message is about something they changed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from generator.content.discovery import PROJECTS_DIR, display_path
from generator.content.ids import id_problem
from generator.content.reader import TO_FILL
from generator.intake.identity import name_stem

PLACEHOLDER_NAME = TO_FILL
PLACEHOLDER_DEPARTMENT = TO_FILL
DEFAULT_STEM = "new-project"


class ScaffoldError(Exception):
    """A file cannot be created; the message says why and what to do instead."""


def scalar(value: object) -> str:
    """A YAML scalar, quoted only when needed (a name like ``2019: x`` stays text)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_style=None)
    return text.removesuffix("\n").removesuffix("\n...").strip()


# Lines "# key: …" and "#   …" are examples: removing "# " enables them as they are.
OPTIONAL = """\
# 主管部门（公开结果的部门）：不填时同项目单位
# authority: 上海市某某局
# 同一项目在不同年度的评价共用的系列名称（可选），项目页会列出其他年度
# series: 某某信息系统运维
# 在主管部门当年“绩效评价结果信息表 N”中的序号 N（可选），决定公开时的顺序
# order: 1
# 评价机构（可选）
# evaluator: 上海某某咨询有限公司
# 评价方式（可选）：第三方评价、部门评价 或 单位自评
# method: 第三方评价
# 评价报告日期（可选）：YYYY-MM 或 YYYY-MM-DD
# report_date: 2020-06
"""

TEXTS = """\
# 公布的评价结论（可选）：优、良（或 良好）、中、差，须与评价分值所在的等级一致
# grade: 优
# 项目基本情况（可选），原文照录
# summary: 为保障某某系统正常运行，……
# 主要绩效、存在问题、整改建议、整改情况：每项一行，以“- ”开头，不要写“1、”编号
# achievements:
#   - 通过项目实施，保障了系统全年正常运行。
#   - 完成了 12 次系统巡检。
# problems:
#   - 项目绩效指标有待进一步细化。
# recommendations:
#   - 进一步细化项目绩效指标。
# rectification:
#   - 已在下一年度绩效目标中完善。
"""

INDICATORS = """\
# 指标体系（可选）。写了 indicators 后，评价分值 = 一级指标得分之和，
# 一级指标满分值合计须为 100；
# 请同时删除上面的 score 行（或保留它，检查会核对两者是否一致）。
# 上级指标的 weight 须等于下级之和；末级指标写 score（公布的得分），
# 或写 rule 计分规则由程序计算：ratio（完成比例）、floor（60% 起计）、reverse（越低越好）、
# threshold（达标即满分）、tiers（分档）、deduct（扣分）、
# level（基本达成 / 部分实现 / 较低 / 未实现），详见网站“评价方法”页。
# indicators:
#   - code: A
#     name: 项目决策
#     weight: 20
#     children:
#       - {code: A1, name: 项目立项, weight: 10, score: 10}
#       - {code: A2, name: 绩效目标, weight: 10, score: 9}
#   - code: B
#     name: 项目管理
#     weight: 20
#     children:
#       - code: B1
#         name: 预算执行率
#         weight: 10
#         rule: ratio
#         target: 100
#         actual: budget_execution
#         unit: "%"
#         note: 部分合同尾款在次年初支付
#       - code: B2
#         name: 制度执行有效性
#         weight: 10
#         rule: deduct
#         deductions:
#           - {reason: 验收资料不完整, points: 1}
#   - code: C
#     name: 项目绩效
#     weight: 60
#     children:
#       - {code: C1, name: 系统运维任务完成率, weight: 30, rule: level, level: 基本达成}
#       - {code: C2, name: 用户满意度, weight: 30, score: 28, unit: "%", note: 满意度调查}
# 预算构成（可选）：子项目的预算与支出，合计与上面的金额不符时给出警告
# budget_items:
#   - {name: 某某子项目, budget: 1.00, spent: 0.98}
"""


def scaffold_text(year: int, name: str | None = None, authority: str | None = None) -> str:
    """The file as written by ``new``: every field explained; each required field it cannot
    know says “待填写”, which ``check`` refuses by name until it is filled."""
    department = authority or PLACEHOLDER_DEPARTMENT
    optional = OPTIONAL
    if authority:
        optional = optional.replace("# authority: 上海市某某局", f"authority: {scalar(authority)}")
    return f"""\
# 项目绩效评价结果（由 python -m generator new 生成）。以 # 开头的是注释，不会被读取；
# 去掉示例行开头的“# ”即可启用该字段（注意保持缩进）。
# 写着“{TO_FILL}”的必填项还没有内容：python -m generator check 会逐项指出，
# 全部改为公布的内容后才能通过检查、发布。
# 文件名就是项目编号（只用英文字母、数字、连字符），项目网页地址为 projects/<年度>/<文件名>/。

# 项目名称（必填），与信息表一致
name: {scalar(name or PLACEHOLDER_NAME)}
# 被评价的预算年度（必填），2000 到 2100
year: {year}
# 项目单位（必填）
department: {scalar(department)}
{optional}
# 预算金额（必填），单位万元，按公布的小数位书写，如 19.369 或 20.00
budget: {TO_FILL}
# 实际支出（可选），单位万元；预算执行率 = 实际支出 ÷ 预算金额
# spent: 0.98

# 评价分值（没有 indicators 指标体系时必填），0 到 100，按公布的写（如 87.74）
score: {TO_FILL}
{TEXTS}
{INDICATORS}"""


SELF_EVALUATION = """\
# 项目支出绩效自评表（财预〔2020〕10号附件1，由 python -m generator new --self-evaluation 生成）。
# 以 # 开头的是注释，不会被读取。项目名称和单位写着“待填写”：check 会指出，填好才能发布；
# 下面的数字是示例，请逐项改为自评表上的内容后再检查。
# 文件名就是项目编号（只用英文字母、数字、连字符），项目网页地址为 projects/<年度>/<文件名>/。

# 项目名称（必填），与自评表一致
name: {name}
# 评价的预算年度（必填）
year: {year}
# 实施单位（必填）
department: {department}
{authority}
method: 单位自评
# 全年预算数、全年执行数（万元；自评表以元为单位时除以 10000，如 387664.62 元写 38.766462）
budget: 20.00
spent: 19.50
# 总分：不写时由指标得分相加；写了则检查两者是否一致（如 99.75）
# score: 99.75
# 评价结论（可选）：优、良、中、差，须与总分所在的等级一致
# grade: 优

# 年度总体目标：预期目标与实际完成情况，各写一段或以“- ”开头的多段
goals:
  planned:
    - 按计划完成系统运维，全年无重大故障，用户满意度达到 85% 以上。
  achieved:
    - 全年巡检 12 次，故障均及时修复，无重大故障，用户满意度 90%。

# 项目资金（万元）：年初预算数，以及“其中”各行（名称可改）；
# 各行的全年预算数、全年执行数之和应等于上面的 budget、spent（不符时给出警告）
funding:
  initial: 20.00
  sources:
    - {{name: 本年财政拨款, initial: 20.00, budget: 20.00, spent: 19.50}}
    - {{name: 上年结转资金, initial: 0, budget: 0, spent: 0}}
    # - {{name: 其他资金, initial: 0, budget: 0, spent: 0}}

# 绩效指标。一级指标满分值合计为 100（含预算执行率一行的分值 10）。
# 末级指标：target 年度指标值、actual 实际完成值、unit 单位、score 得分、
# note 偏差原因分析及改进措施。
# 年度指标值可带比较符：≥ ≤ = > <（全角 ＞ ＜ ＝、≧ ≦ 也可），如 "≥12"、"≤2"、"=100%"，请加引号。
# 不写 score 时按标准计分规则（财预〔2020〕10号第十六条）计算：≥/> 按完成比例，≤/< 越低越好，
# = 达标得满分；写了 score 则以公布的得分为准，计算结果不同时给出警告。
# 未完成年度指标值时请在 note 中写明偏差原因分析及改进措施，否则给出警告。
indicators:
  # 预算执行率一行：actual: budget_execution 即 spent ÷ budget，按 100% 的完成比例计分
  - name: 预算执行率
    weight: 10
    actual: budget_execution
    unit: "%"
    note: 部分合同尾款在次年初支付，已督促按进度付款。
  - name: 产出指标
    weight: 50
    children:
      - name: 数量指标
        children:
          - {{name: 系统巡检次数, weight: 20, target: "≥12", actual: 12, unit: 次}}
      - name: 质量指标
        children:
          - {{name: 故障修复及时率, weight: 15, target: "≥95%", actual: 98}}
      - name: 时效指标
        children:
          - {{name: 故障响应时间, weight: 15, target: "≤2", actual: 1.5, unit: 小时}}
  - name: 效益指标
    weight: 30
    children:
      - name: 社会效益指标
        children:
          # 定性指标：年度指标值、实际完成值写文字，得分写 score
          - {{name: 系统运行稳定性, weight: 30, target: 达成预期指标, actual: 达成预期指标,
             score: 30}}
  - name: 满意度指标
    weight: 10
    children:
      - name: 服务对象满意度指标
        children:
          - {{name: 用户满意度, weight: 10, target: "≥85%", actual: 90}}
"""


def self_evaluation_text(year: int, name: str | None = None,
                         authority: str | None = None) -> str:
    """The self-evaluation scaffold: a 项目支出绩效自评表 that passes ``check`` as written."""
    line = f"authority: {scalar(authority)}" if authority else \
        "# 主管部门：不填时同实施单位\n# authority: 某某局"
    return SELF_EVALUATION.format(name=scalar(name or PLACEHOLDER_NAME), year=year,
                                  department=scalar(authority or PLACEHOLDER_DEPARTMENT),
                                  authority=line)


def default_stem(name: str | None, folder: Path) -> str:
    """With a name: the importer's p-<hash> (the same project gets the same file); else
    new-project, new-project-2, … whichever is free."""
    if name:
        return name_stem(name)
    stem, number = DEFAULT_STEM, 1
    while (folder / f"{stem}.yml").exists():
        number += 1
        stem = f"{DEFAULT_STEM}-{number}"
    return stem


def target_path(content: Path, year: int, name: str | None, project_id: str | None) -> Path:
    """content/projects/<year>/<id>.yml; an id with a “/” is taken as a path under projects/."""
    projects = content / PROJECTS_DIR
    if project_id is None:
        folder = projects / str(year)
        return folder / f"{default_stem(name, folder)}.yml"
    stem = project_id.removesuffix(".yml")
    relative = stem if "/" in stem else f"{year}/{stem}"
    refused = id_problem(relative)
    if refused is not None:
        raise ScaffoldError(refused[1])
    return projects / f"{relative}.yml"


def create_project(content: Path, year: int | None = None, name: str | None = None,
                   authority: str | None = None, project_id: str | None = None,
                   self_evaluation: bool = False) -> Path:
    """Write the scaffold; never overwrites an existing file."""
    year = year if year is not None else date.today().year - 1
    if not 2000 <= year <= 2100:
        raise ScaffoldError(f"年度 {year} 不在 2000 到 2100 之间")
    target = target_path(content, year, name, project_id)
    if target.exists():
        raise ScaffoldError(f"文件 {display_path(target)} 已存在，不会覆盖："
                            "请用 --id 指定另一个文件名")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite
        write = self_evaluation_text if self_evaluation else scaffold_text
        handle.write(write(year, name, authority))
    return target
