"""Real builds shared by the site and browser tests: each kind is built once per session."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

from generator.build.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SEED_CONTENT = ROOT / "content"
_TMP = Path(tempfile.mkdtemp(prefix="pe-sites-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "img": '<img src=x onerror="alert(1)">',
    "mdlink": "[点我](javascript:alert(1))",
    "pipe": "甲 | 乙 | 丙",
    "jinja": "{{ 7*7 }} {% if true %}模板{% endif %}",
}

H = {key: json.dumps(value, ensure_ascii=False) for key, value in HOSTILE.items()}

HOSTILE_PROJECT = f"""\
name: {json.dumps(HOSTILE['script'] + '恶意项目名称', ensure_ascii=False)}
year: 2019
department: "<b>粗体单位</b>"
authority: "<i>主管</i>部门 | 竖线"
budget: 12.5
spent: 12.5
evaluator: {H['img']}
achievements:
  - {H['img']}
  - {H['mdlink']}
problems:
  - {H['pipe']}
recommendations:
  - {H['jinja']}
rectification:
  - "# 不是标题\\n* 不是列表\\n    四个空格不是代码"
summary: "**不加粗** <a href='https://example.com/'>外部链接</a>"
indicators:
  - code: "<A>"
    name: {H['script']}
    weight: 40
    children:
      - {{code: A1, name: {H['mdlink']}, weight: 40, score: 30,
         note: {H['img']}}}
  - code: B
    name: {H['pipe']}
    weight: 60
    children:
      - {{code: B1, name: {H['jinja']}, weight: 60, score: 55, rule: ratio,
         target: 100, actual: 91.67, unit: "%"}}
"""


def _content_with_hostile() -> Path:
    folder = _TMP / "hostile-content"
    if not folder.exists():
        shutil.copytree(SEED_CONTENT, folder)
        (folder / "projects" / "2019").mkdir()
        (folder / "projects" / "2019" / "hostile.yml").write_text(HOSTILE_PROJECT,
                                                                  encoding="utf-8")
    return folder


@cache
def built(kind: str = "seed") -> BuildResult:
    """``seed``: the shipped content; ``hostile``: the seeds plus a hostile project (both
    searched with Pagefind); ``offline``: the seeds built as the offline package's site
    (``index.html`` links, Material's built-in search with jieba); ``sharded``: the seeds
    with Pagefind's index split into shards."""
    content = SEED_CONTENT if kind in ("seed", "offline", "sharded") else _content_with_hostile()
    out = _TMP / kind
    if kind == "offline":
        return build(content, out / "build", out / "site", directory_urls=False, offline=True)
    if kind == "sharded":  # Pagefind's index in shards of 10 pages, as a large site's
        return build(content, out / "build", out / "site", shard_pages=10)
    return build(content, out / "build", out / "site")


def tmp_dir(name: str) -> Path:
    path = _TMP / name
    path.mkdir(parents=True, exist_ok=True)
    return path
