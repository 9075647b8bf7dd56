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
warning is the only one the content gives. The words (names, indicator trees, paragraph
clauses) are in :mod:`tests.bench.synth_text`.

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
from tests.bench.synth_text import (
    ACH_CLAUSES,
    ACH_LEADS,
    AUTHORITIES,
    CATEGORIES,
    DEDUCT_REASONS,
    DEVIATIONS,
    EVALUATORS,
    GOALS_ACHIEVED,
    GOALS_PLANNED,
    ITEM_PARTS,
    ONE_OFF_KINDS,
    PROB_CLAUSES,
    PROB_LEADS,
    REC_CLAUSES,
    REC_LEADS,
    RECT_CLAUSES,
    RECT_LEADS,
    SELF_TARGETS,
    SERIES_KINDS,
    SUMMARY_CLAUSES,
    THIRD_LEVEL,
    TOPICS,
    UNITS,
    WEIGHT_SETS,
    paragraph,
    paragraphs,
)

SEED = 2024
FIRST_YEAR = 2015
YEARS = 10

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
    rate = execution_rate(budget, spent)
    assert rate is not None  # a synthetic budget is never 0
    leaf.score = ratio(leaf.weight, Decimal(100), rate)
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
        lines += [f"  - {_q(p)}" for p in paragraphs(rng, leads, clauses, year)]
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
