"""Synthetic content for the benchmark: realistic project files, deterministic, no data.

Every project is made by its own seeded ``random.Random`` from (seed, index), so project
``i`` is byte-for-byte the same file whatever the number of projects: the page of one
project can be compared between a site of 100 and one of 10,000 projects. Projects come
in blocks of ten consecutive indices, one per year 2015..2024, sharing an authority; every
third block carries a ``series`` over a run of three to ten years.

Files follow SPEC §3 and pass ``check`` with no errors: an indicator tree of 20–40 leaves in
three or four levels (codes A, A1, A1.1, A1.1.2), top-level weights summing to 100, leaf
scores at most their weight, a few leaves scored by a rule (``ratio`` on
``budget_execution``, ``deduct``, ``level``) whose published score is the computed one, and
the declared ``score`` / ``grade`` equal to the exact sum and its band. A third of the
projects are self-evaluations (单位自评, 项目支出绩效自评表): ``goals``, ``funding`` whose
sources add up, and a few leaves with comparator targets (``≥95%``, ``≤2小时``, ``=100%``),
actuals and, where the target is missed, a 偏差原因 ``note``; their scores are what the
standard rule computes. About one project in a hundred spends more than its budget: that
warning is the only one the content gives.

    python -m tests.bench.synth OUT_DIR --count 1000 [--seed 2024]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from generator.core.fmt import CENT
from generator.core.model import DEFAULT_BANDS, DEFAULT_LEVELS, Comparison
from generator.core.scoring import by_comparison, deduct, execution_rate, level, ratio

SEED = 2024
FIRST_YEAR = 2015
YEARS = 10
MILLS = Decimal("0.001")

SITE_YML = """\
# Synthetic content for the benchmark (python -m tests.bench.synth); SPEC §2 defaults.
title: 财政支出项目绩效评价结果公开
publisher: 上海市财政局
grades:
  - {label: 优, min: 90}
  - {label: 良, min: 80, aliases: [良好]}
  - {label: 中, min: 60}
  - {label: 差, min: 0}
levels: {基本达成: 1.0, 部分实现: 0.7, 较低: 0.3, 未实现: 0}
"""

# --- vocabulary (short lines: ruff counts a CJK character as two columns) ---------------

AUTHORITIES = [
    "发展和改革委员会", "经济和信息化委员会", "教育委员会", "科学技术委员会",
    "民族和宗教事务局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "规划和自然资源局", "生态环境局",
    "住房和城乡建设管理委员会", "交通委员会", "农业农村委员会", "水务局",
    "商务委员会", "文化和旅游局", "卫生健康委员会", "退役军人事务局",
    "应急管理局", "审计局", "市场监督管理局", "体育局", "统计局",
    "绿化和市容管理局", "医疗保障局", "机关事务管理局",
    "人民政府合作交流办公室", "工商业联合会", "药品监督管理局", "房屋管理局",
    "民防办公室", "地方金融监督管理局", "知识产权局", "档案局",
    "人民政府外事办公室", "总工会", "妇女联合会", "残疾人联合会",
]
UNITS = ["信息中心", "执法总队", "事务中心", "宣传中心", "研究中心", "培训中心"]
TOPICS = [
    ("信息系统", "info-system"), ("视频会议系统", "video-conference"),
    ("政务数据共享", "data-sharing"), ("网络安全保障", "cyber-security"),
    ("档案数字化", "archives"), ("业务培训", "training"),
    ("宣传教育", "publicity"), ("课题研究", "research"),
    ("办公设备更新", "equipment"), ("应急物资储备", "emergency-stock"),
    ("专项检查", "inspection"), ("统计调查", "survey"),
    ("公共服务平台", "service-platform"), ("基础设施维护", "facilities"),
    ("行政执法装备", "enforcement"), ("社会组织扶持", "social-groups"),
    ("人才引进", "talent"), ("科普活动", "science-outreach"),
    ("标准制定", "standards"), ("监测网络", "monitoring"),
    ("质量抽检", "quality-sampling"), ("便民服务热线", "hotline"),
    ("信用体系建设", "credit-system"), ("绩效管理", "performance"),
    ("法律援助", "legal-aid"), ("志愿服务", "volunteers"),
    ("对口支援", "paired-aid"), ("公共卫生服务", "public-health"),
    ("节能改造", "energy-saving"), ("文物保护", "heritage"),
]
SERIES_KINDS = ["运维项目", "项目经费", "专项经费", "运行维护经费", "日常运行项目", "保障经费"]
ONE_OFF_KINDS = ["建设项目", "升级改造项目", "购置项目", "试点项目", "补助项目", "课题项目"]
EVALUATORS = [
    "上海科技咨询有限公司", "上海信达财务咨询有限公司", "上海华诚会计师事务所",
    "上海公信绩效评价中心", "上海立衡管理咨询有限公司", "上海申正会计师事务所",
    "上海明理财务咨询有限公司", "上海致远绩效评估有限公司",
]
# (comparator, target, unit) of the self-evaluations' 年度指标值
SELF_TARGETS = [("≥", "100", "%"), ("≥", "95", "%"), ("≥", "85", "%"), ("≥", "12", "次"),
                ("≥", "4", "期"), ("≤", "2", "小时"), ("≤", "5", "%"), ("=", "100", "%"),
                ("=", "0", "起")]
DEVIATIONS = [
    "受疫情影响部分工作延后，已调整实施计划，下一年度优先完成。",
    "部分合同尾款在次年初支付，已督促按合同进度及时付款。",
    "个别用户反馈响应不及时，已完善运维值班制度并加强考核。",
    "需求调研不充分导致部分功能调整，下一年度将提前开展调研。",
]
GOALS_PLANNED = ["按计划完成{topic}的年度工作，确保系统全年稳定运行，无重大安全事故发生。",
                 "提升服务质量和用户满意度，用户满意度达到 85% 以上。"]
GOALS_ACHIEVED = ["已按计划完成年度工作，系统全年运行稳定，未发生重大安全事故。",
                  "开展用户满意度调查，综合满意度达到预期目标。"]

ITEM_PARTS = ["（运维）", "（升级改造）", "（设备购置）", "（咨询服务）", "（宣传推广）"]
WEIGHT_SETS = [(10, 20, 40, 30), (15, 20, 35, 30), (20, 20, 30, 30), (15, 25, 30, 30),
               (10, 30, 30, 30), (20, 20, 40, 20)]

CATEGORIES = [
    ("A", "项目决策", ["项目立项", "绩效目标", "资金投入"], [
        "立项依据充分性", "立项程序规范性", "绩效目标合理性", "绩效指标明确性",
        "预算编制科学性", "资金分配合理性", "战略目标适应性", "可行性研究充分性",
        "需求调研充分性", "项目方案完备性"]),
    ("B", "项目过程", ["资金管理", "组织实施", "制度建设"], [
        "资金到位率", "资金使用合规性", "财务管理制度健全性", "财务监控有效性",
        "管理制度健全性", "制度执行有效性", "合同管理规范性", "档案管理完整性",
        "采购程序合规性", "项目监理有效性", "信息公开及时性", "资金拨付及时性"]),
    ("C", "项目产出", ["产出数量", "产出质量", "产出时效", "产出成本"], [
        "实际完成率", "质量达标率", "完成及时性", "成本节约率", "培训人次完成率",
        "设备完好率", "系统可用率", "覆盖范围达标率", "验收合格率",
        "问题整改完成率", "服务响应及时率", "数据准确率"]),
    ("D", "项目效益", ["社会效益", "经济效益", "可持续影响", "满意度"], [
        "服务能力提升程度", "公众知晓率", "工作效率提升程度", "长效管理机制健全性",
        "服务对象满意度", "社会公众满意度", "信息共享程度", "资源利用率",
        "示范带动作用", "政策目标实现程度", "环境改善程度", "成本效益"]),
]
THIRD_LEVEL = ["基础工作", "实施情况", "保障措施", "监督检查", "成果运用"]

ACH_LEADS = [
    "项目按计划全面完成", "服务保障能力持续提升", "信息化水平明显提高",
    "资金使用效益逐步显现", "管理制度不断健全", "社会效益较为显著",
    "工作机制运行顺畅", "数据共享成效明显", "公共服务更加便捷", "安全运行得到保障",
]
ACH_CLAUSES = [
    "项目单位按照年度计划推进各项工作", "各项任务均在规定时间内完成",
    "系统全年运行平稳", "未发生重大安全事故", "服务对象满意度较高",
    "业务流程进一步优化", "工作效率明显提升", "为相关决策提供了数据支撑",
    "有效提升了社会公众的获得感", "形成了较为完善的长效管理机制",
    "各部门之间协同配合更加紧密", "项目成果得到主管部门认可",
    "累计开展培训{n}场次", "全年服务群众{n}人次", "完成数据交换{n}万条",
    "访问量较上年增长{p}%", "办结率达到{p}%",
]
PROB_LEADS = [
    "项目过程管理有待加强", "绩效目标设置不够细化", "预算编制的科学性有待提高",
    "资金支付进度偏慢", "制度执行不够到位", "档案资料不够完整",
    "绩效指标可衡量性不足", "服务对象反馈机制不健全", "合同管理有待规范",
    "成本控制有待加强",
]
PROB_CLAUSES = [
    "部分绩效指标未能量化", "阶段性工作总结不够及时", "项目实施后的跟踪评估不足",
    "部分合同条款约定不够明确", "预算调整程序不够规范", "部分支出凭证附件不全",
    "项目验收资料归档不及时", "需求调研不够充分", "与相关部门的沟通协调有待加强",
    "年度目标与中长期规划衔接不够", "有{n}项任务延期完成", "抽查的{n}份合同中有问题",
]
REC_LEADS = [
    "完善项目管理制度", "细化绩效目标", "加强预算编制管理", "加快资金支付进度",
    "强化合同管理", "健全档案管理", "建立服务对象反馈机制", "加强过程监控",
    "提高绩效指标的可衡量性", "加强成本核算",
]
REC_CLAUSES = [
    "建议项目单位结合以往实施经验", "在合同中明确阶段性工作要求",
    "及时总结工作量和实施效果", "针对重复出现的问题提出系统性解决措施",
    "按照可衡量的原则设置绩效指标", "加强预算编制前的调研论证",
    "建立定期检查和通报机制", "将评价结果应用于下年度预算安排",
    "进一步提高项目实施效果和满意度", "完善内部控制流程",
]
RECT_LEADS = [
    "已修订项目管理办法", "已细化年度绩效目标", "已建立月度执行分析制度",
    "已完善合同管理流程", "已补充完善档案资料", "已开展服务对象满意度调查",
    "已调整预算编制方法", "整改工作正在推进中",
]
RECT_CLAUSES = [
    "项目单位高度重视评价发现的问题", "召开专题会议研究整改措施",
    "明确整改责任人和完成时限", "对照问题清单逐项落实", "整改情况已报主管部门备案",
    "在下年度预算编制中予以改进", "建立了整改跟踪台账", "相关制度已印发执行",
    "共完成整改事项{n}项", "于{y}年{m}月完成整改",
]
SUMMARY_CLAUSES = [
    "主要用于系统运行维护和升级改造", "资金全部来源于市级财政",
    "项目实施周期为一个预算年度", "通过政府采购确定服务供应商",
    "旨在提升公共服务能力和管理水平", "按照年度工作计划分阶段实施",
    "项目内容包括前期调研、方案设计和组织实施", "项目由专人负责日常管理",
]
DEDUCT_REASONS = [
    "部分合同未按时签订", "个别支出凭证不完整", "档案资料归档不及时",
    "阶段性报告未按期提交", "部分采购程序不规范", "绩效目标未细化分解",
]

# Indexes of (authority, topic, kind) combinations: a multiplier coprime with their product
# spreads consecutive blocks over all of them, so names in one year never repeat.
_COMBOS = len(AUTHORITIES) * len(TOPICS) * len(SERIES_KINDS)
_SPREAD = 7919
_UNSAFE = re.compile(r"""[:#,\[\]{}'"\\]|^[-?&*!|>%@`\s]|\s$""")


def _q(text: str) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same text."""
    return json.dumps(text, ensure_ascii=False) if _UNSAFE.search(text) else text


def _num(value: Decimal) -> str:
    """A weight or score as a person writes it: 2, 1.5, 3.96."""
    return f"{value.normalize():f}"


def _fill(rng: random.Random, template: str, year: int) -> str:
    return template.format(n=rng.randint(3, 980), p=f"{rng.uniform(60, 99.9):.1f}",
                           y=year + 1, m=rng.randint(1, 12))


def paragraph(rng: random.Random, leads: list[str], clauses: list[str], year: int,
              low: int = 80, high: int = 150) -> str:
    """One paragraph of ``low``..``high`` characters: a lead sentence, then detail."""
    goal = rng.randint(low, high - 30)
    text = rng.choice(leads) + "。"
    pool = rng.sample(clauses, len(clauses))  # each clause once before any repeats
    while len(text) < goal:
        take = rng.randint(2, 3)
        pool += rng.sample(clauses, len(clauses)) if len(pool) < take else []
        parts = [_fill(rng, c, year) for c in pool[:take]]
        del pool[:take]
        sentence = "，".join(parts) + "。"
        if len(text) + len(sentence) > high:
            sentence = parts[0] + "。"
        text += sentence
    return text


def _paragraphs(rng: random.Random, leads: list[str], clauses: list[str], year: int
                ) -> list[str]:
    return [paragraph(rng, leads, clauses, year) for _ in range(rng.randint(2, 3))]


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` positive integers (a random composition)."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


# --- one project --------------------------------------------------------------------------

class _Leaf:
    def __init__(self, code: str, name: str, weight: int) -> None:
        self.code, self.name, self.weight = code, name, Decimal(weight)
        self.score = self.weight
        self.extra: list[tuple[str, str]] = []  # rule keys, written after the score
        self.write_score = True


def _leaf_score(rng: random.Random, weight: Decimal, quality: float) -> Decimal:
    if rng.random() < quality:
        return weight
    low = max(0.0, quality - 0.45)
    return min(weight, (weight * Decimal(str(rng.uniform(low, 0.98)))).quantize(CENT))


def _category(rng: random.Random, code: str, leaves: int, weight: int, deep: bool,
              names: list[str], groups: list[str], quality: float
              ) -> tuple[list[str], list[_Leaf]]:
    """YAML lines of one top-level indicator (indented as a list item) and its leaves."""
    weights = _split(rng, weight, leaves)
    group_count = rng.randint(2, max(2, min(len(groups), leaves // 3)))
    sizes = _split(rng, leaves, group_count)
    pool = rng.sample(names, len(names))
    all_leaves: list[_Leaf] = []
    body: list[str] = []
    start = 0
    for g, size in enumerate(sizes, 1):
        group_weights = weights[start:start + size]
        start += size
        gcode = f"{code}{g}"
        body += [f"      - code: {gcode}", f"        name: {groups[g - 1]}",
                 f"        weight: {sum(group_weights)}", "        children:"]
        if deep and size >= 4 and rng.random() < 0.6:
            halves = [group_weights[:size // 2], group_weights[size // 2:]]
            for s, sub in enumerate(halves, 1):
                scode = f"{gcode}.{s}"
                body += [f"          - code: {scode}",
                         f"            name: {rng.choice(THIRD_LEVEL)}",
                         f"            weight: {sum(sub)}", "            children:"]
                for i, w in enumerate(sub, 1):
                    leaf = _Leaf(f"{scode}.{i}", pool[len(all_leaves) % len(pool)], w)
                    all_leaves.append(leaf)
                    body.append(f"              - {{LEAF {len(all_leaves) - 1}}}")
        else:
            for i, w in enumerate(group_weights, 1):
                leaf = _Leaf(f"{gcode}.{i}", pool[len(all_leaves) % len(pool)], w)
                all_leaves.append(leaf)
                body.append(f"          - {{LEAF {len(all_leaves) - 1}}}")
    for leaf in all_leaves:
        leaf.score = _leaf_score(rng, leaf.weight, quality)
    return body, all_leaves


def _leaf_line(leaf: _Leaf) -> str:
    keys = [f"code: {leaf.code}", f"name: {_q(leaf.name)}", f"weight: {_num(leaf.weight)}"]
    if leaf.write_score:
        keys.append(f"score: {_num(leaf.score)}")
    keys += [f"{k}: {v}" for k, v in leaf.extra]
    return "{" + ", ".join(keys) + "}"


def _amount(rng: random.Random) -> tuple[int, int]:
    """A budget in 万元 as (integer units, decimals): 5 to 3,000 万元, 2 or 3 decimals."""
    decimals = 3 if rng.random() < 0.3 else 2
    value = 5 * (600 ** rng.random())
    return round(value * 10 ** decimals), decimals


def _money(units: int, decimals: int) -> str:
    return f"{Decimal(units).scaleb(-decimals):f}"


def _rules(rng: random.Random, leaves: list[list[_Leaf]], budget: Decimal, spent: Decimal
           ) -> None:
    """Give a few leaves a scoring rule; the published score is what the rule computes."""
    process = leaves[1]
    leaf = rng.choice(process)
    leaf.name = "预算执行率"
    leaf.score = ratio(leaf.weight, Decimal(100), execution_rate(budget, spent))
    leaf.extra = [("rule", "ratio"), ("target", "100"), ("actual", "budget_execution"),
                  ("unit", _q("%"))]
    leaf.write_score = rng.random() < 0.5  # else the rule alone gives the score
    if spent < budget:  # a missed 100 % needs its 偏差原因
        leaf.extra.append(("note", _q(rng.choice(DEVIATIONS))))
    candidates = [x for x in leaves[0] + leaves[2] + leaves[3] if x.weight >= 2]
    if candidates and rng.random() < 0.6:
        leaf = rng.choice(candidates)
        reasons = rng.sample(DEDUCT_REASONS, rng.randint(1, 2))
        points = [Decimal(rng.choice(["0.5", "1"])) for _ in reasons]
        leaf.score = deduct(leaf.weight, points)
        items = ", ".join(f"{{reason: {r}, points: {_num(p)}}}"
                          for r, p in zip(reasons, points, strict=True))
        leaf.extra = [("rule", "deduct"), ("deductions", f"[{items}]")]
    candidates = [x for x in leaves[3] if not x.extra]
    if candidates and rng.random() < 0.5:
        leaf = rng.choice(candidates)
        name = rng.choice(["基本达成", "基本达成", "部分实现"])
        leaf.score = level(leaf.weight, DEFAULT_LEVELS[name])
        leaf.extra = [("rule", "level"), ("level", name)]


def _actual(rng: random.Random, op: str, target: Decimal, met: bool) -> Decimal:
    """An actual that meets (or misses) ``op target``, to two decimals at most."""
    if op == "=":
        return target if met else target + (1 if target == 0 else -1)
    if op == "≥":
        factor = rng.uniform(1.0, 1.1) if met else rng.uniform(0.8, 0.99)
    else:  # ≤
        factor = rng.uniform(0.4, 1.0) if met else rng.uniform(1.05, 1.6)
    value = (target * Decimal(str(round(factor, 4)))).quantize(CENT)
    if target >= 10 and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if met != Comparison(op, target).met_by(value):  # rounding crossed the bound
        value = target
    return value.normalize() if value == value.to_integral_value() else value


def _targets(rng: random.Random, leaves: list[list[_Leaf]]) -> None:
    """A few output and outcome leaves get a comparator target, an actual and, when the
    target is missed, a 偏差原因; the score is what the standard rule computes."""
    candidates = [x for x in leaves[2] + leaves[3] if not x.extra]
    for leaf in rng.sample(candidates, min(len(candidates), rng.randint(3, 6))):
        op, target, unit = rng.choice(SELF_TARGETS)
        met = rng.random() < 0.75
        actual = _actual(rng, op, Decimal(target), met)
        comparison = Comparison(op, Decimal(target))
        leaf.score = by_comparison(leaf.weight, comparison, actual)
        leaf.extra = [("target", _q(f"{op}{target}")), ("actual", f"{actual:f}"),
                      ("unit", _q(unit))]
        if not comparison.met_by(actual):
            leaf.extra.append(("note", _q(rng.choice(DEVIATIONS))))
        leaf.write_score = rng.random() < 0.5


def _goals_and_funding(rng: random.Random, name: str, units: int, spent_units: int,
                       decimals: int) -> list[str]:
    topic = name.split("年", 1)[-1]
    lines = ["goals:", "  planned:"]
    lines += [f"    - {_q(t.format(topic=topic))}" for t in GOALS_PLANNED]
    lines += ["  achieved:"] + [f"    - {_q(t)}" for t in GOALS_ACHIEVED]
    carried = units * rng.randint(0, 15) // 100  # 上年结转资金: none to 15 %
    carried_spent = min(carried, spent_units)
    lines += ["funding:", f"  initial: {_money(units, decimals)}", "  sources:",
              f"    - {{name: 本年财政拨款, initial: {_money(units - carried, decimals)}, "
              f"budget: {_money(units - carried, decimals)}, "
              f"spent: {_money(spent_units - carried_spent, decimals)}}}",
              f"    - {{name: 上年结转资金, initial: {_money(carried, decimals)}, "
              f"budget: {_money(carried, decimals)}, spent: {_money(carried_spent, decimals)}}}"]
    return lines


def _identity(index: int, seed: int) -> tuple[int, str, str, str, str | None]:
    """(year, authority, topic slug, name, series) of project ``index``."""
    block, offset = divmod(index, YEARS)
    year = FIRST_YEAR + offset
    brng = random.Random(f"{seed}/block/{block}")
    in_series = block % 3 == 0  # a third of the blocks: the first one always
    first = brng.randint(0, YEARS - 3)
    last = brng.randint(first + 2, YEARS - 1)
    in_series = in_series and first <= offset <= last
    combo = (block * _SPREAD + (0 if in_series else offset * 2399)) % _COMBOS
    authority = AUTHORITIES[block % len(AUTHORITIES)]
    topic, slug = TOPICS[(combo // len(AUTHORITIES)) % len(TOPICS)]
    kinds = SERIES_KINDS if in_series else ONE_OFF_KINDS
    kind = kinds[combo // (len(AUTHORITIES) * len(TOPICS))]
    base = f"{authority}{topic}{kind}"
    if block >= _COMBOS:  # beyond 72,000 projects: a phase number keeps names apart
        base += f"（{block // _COMBOS + 1}期）"
    return year, "上海市" + authority, slug, f"{year}年{base}", (base if in_series else None)


def project_path(index: int, seed: int = SEED) -> str:
    """The file of project ``index`` under ``projects/``."""
    year, _, slug, _, _ = _identity(index, seed)
    return f"{year}/{slug}-{index:05d}.yml"


def project_text(index: int, seed: int = SEED) -> str:
    """The YAML text of project ``index`` (the same for any number of projects)."""
    year, authority, _, name, series = _identity(index, seed)
    rng = random.Random(f"{seed}/project/{index}")
    department = authority
    if rng.random() < 0.25:
        department = authority + rng.choice(UNITS)
    units, decimals = _amount(rng)
    spent_units = round(units * rng.uniform(0.8, 1.0))
    if rng.random() < 0.01:  # the one warning the content gives: spent over budget
        spent_units = units + max(1, units // 50)
    budget, spent = Decimal(_money(units, decimals)), Decimal(_money(spent_units, decimals))
    quality = rng.triangular(0.55, 1.0, 0.92)

    weights = rng.choice(WEIGHT_SETS)
    leaf_total = rng.randint(20, 40)
    deep = rng.random() < 0.4
    tree: list[tuple[str, str, int, list[str]]] = []
    leaves: list[list[_Leaf]] = []
    for (code, cname, groups, names), weight in zip(CATEGORIES, weights, strict=True):
        count = min(weight, max(3, round(leaf_total * weight / 100)))
        body, cat_leaves = _category(rng, code, count, weight, deep, names, groups, quality)
        leaves.append(cat_leaves)
        tree.append((code, cname, weight, body))
    _rules(rng, leaves, budget, spent)
    self_evaluation = index % 3 == 2  # a third of the projects: 单位自评 with the 自评表
    if self_evaluation:
        _targets(rng, leaves)

    lines = [f"name: {_q(name)}", f"year: {year}", f"department: {_q(department)}"]
    if department != authority:
        lines.append(f"authority: {_q(authority)}")
    if series:
        lines.append(f"series: {_q(series)}")
    lines.append(f"evaluator: {rng.choice(EVALUATORS)}")
    method = "单位自评" if self_evaluation else \
        rng.choices(["第三方评价", "部门评价", "单位自评"], [16, 3, 1])[0]
    lines.append(f"method: {method}")
    lines.append(f"report_date: {year + 1}-{rng.randint(3, 9):02d}")
    lines.append(f"budget: {budget}")
    lines.append(f"spent: {spent}")
    total = sum((leaf.score for cat in leaves for leaf in cat), Decimal(0))
    band = next(b for b in DEFAULT_BANDS if total >= b.min)
    grade = rng.choice(band.names()) if band.aliases else band.label
    lines.append(f"score: {total.quantize(CENT)}")
    lines.append(f"grade: {grade}")
    summary = f"该项目由{department}组织实施，预算金额{budget}万元，实际支出{spent}万元。"
    summary += paragraph(rng, ["项目概况如下"], SUMMARY_CLAUSES, year, 60, 120)
    lines.append(f"summary: {_q(summary)}")
    for key, leads, clauses in (("achievements", ACH_LEADS, ACH_CLAUSES),
                                ("problems", PROB_LEADS, PROB_CLAUSES),
                                ("recommendations", REC_LEADS, REC_CLAUSES),
                                ("rectification", RECT_LEADS, RECT_CLAUSES)):
        lines.append(f"{key}:")
        lines += [f"  - {_q(p)}" for p in _paragraphs(rng, leads, clauses, year)]
    if rng.random() < 0.3:
        lines += _budget_items(rng, name, units, spent_units, decimals)
    if self_evaluation:
        lines += _goals_and_funding(rng, name, units, spent_units, decimals)
    lines.append("indicators:")
    for (code, cname, weight, body), cat in zip(tree, leaves, strict=True):
        score = sum((leaf.score for leaf in cat), Decimal(0))
        lines += [f"  - code: {code}", f"    name: {cname}", f"    weight: {weight}",
                  f"    score: {_num(score)}", "    children:"]
        for line in body:
            if "{LEAF " in line:
                number = int(line.rsplit("{LEAF ", 1)[1].rstrip("}"))
                line = line.split("{LEAF ")[0] + _leaf_line(cat[number])
            lines.append(line)
    return "\n".join(lines) + "\n"


def _budget_items(rng: random.Random, name: str, units: int, spent_units: int,
                  decimals: int) -> list[str]:
    count = rng.randint(2, 4)
    if units < count * 10:
        return []
    parts = _split(rng, units, count)
    spent_parts = [spent_units * p // units for p in parts]
    spent_parts[-1] += spent_units - sum(spent_parts)
    base = name.split("年", 1)[-1]
    labels = rng.sample(ITEM_PARTS, count)
    out = ["budget_items:"]
    for label, b, s in zip(labels, parts, spent_parts, strict=True):
        out.append(f"  - {{name: {_q(base + label)}, budget: {_money(b, decimals)}, "
                   f"spent: {_money(s, decimals)}}}")
    return out


# --- a whole content folder ----------------------------------------------------------------

def iter_projects(count: int, seed: int = SEED) -> Iterator[tuple[str, str]]:
    """(path under projects/, text) of projects 0..count-1."""
    for index in range(count):
        yield project_path(index, seed), project_text(index, seed)


def write_content(root: Path, count: int, seed: int = SEED) -> list[Path]:
    """Write ``site.yml`` and ``count`` project files under ``root``; returns the files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    files = []
    for relpath, text in iter_projects(count, seed):
        path = root / "projects" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.synth",
                                     description="Write synthetic content for the benchmark.")
    parser.add_argument("out", type=Path, help="content folder to create")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    files = write_content(args.out, args.count, args.seed)
    print(f"{len(files)} project files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
