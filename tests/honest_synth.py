"""A small synthetic content folder for the honest-labels and rectification tests (issue 33):
a 单位自评 project with every rectification status, a 第三方评价 project whose lists do not
pair, and a project of another year without 评价方式. Built once per worker."""

from __future__ import annotations

from pathlib import Path

from generator.publish.pipeline import build
from tests.sitebuild import tmp_dir

SELF = """\
name: 自评项目甲
year: 2020
department: 测试单位甲
method: 单位自评
budget: 10.00
spent: 9.00
problems: [问题一, 问题二, 问题三, 问题四, 问题五]
rectification:
  - {text: 已更换设备, status: 已整改, date: 2020-12}
  - 1、已整改。制定了管理办法
  - 正在整改，预计年底完成
  - 尚未整改
  - 已整改部分问题
indicators:
  - name: 产出指标
    weight: 60
    children:
      - {name: 巡检次数, weight: 60, target: "≥12", actual: 12, unit: 次, score: 60}
  - name: 满意度指标
    weight: 40
    children:
      - {name: 用户满意度, weight: 40, target: "≥90", actual: 80, unit: "%", score: 30,
         note: 宣传不足}
"""

THIRD = """\
name: 第三方项目乙
year: 2020
department: 测试单位乙
method: 第三方评价
evaluator: 某咨询公司
budget: 20.00
spent: 20.00
problems: [问题一, 问题二]
rectification: [已整改]
indicators:
  - name: 产出指标
    weight: 100
    children:
      - {name: 完成率, weight: 100, target: "≥95", actual: 90, unit: "%", score: 80,
         note: 进度滞后}
"""

UNNAMED = """\
name: 未注明方式项目丙
year: 2019
department: 测试单位甲
budget: 5.00
score: 70
problems: [问题一]
"""


def synthetic_content(root: Path) -> Path:
    for rel, body in (("2020/self.yml", SELF), ("2020/third.yml", THIRD),
                      ("2019/unnamed.yml", UNNAMED)):
        path = root / "projects" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def synthetic_site() -> Path:
    out = tmp_dir("honest-synth", kept=True)
    site = out / "site"
    if not (site / "index.html").is_file():
        result = build(synthetic_content(out / "content"), out / "build", site)
        assert not result.content.errors
    return site
