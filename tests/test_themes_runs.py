"""A problem text's themes, found run by run (only the runs that hold a keyword are cut, and
each run's keywords kept), are the themes of the text cut whole: on the seeds' and the test
data's problems, on synthetic ones, and on texts hypothesis writes from the keywords, other
Chinese, letters, digits, jieba's run characters (``+#&._%-``), punctuation and whitespace."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core import themes
from generator.core.themes import KEYWORDS, OTHER, THEMES, themes_of, words
from tests.bench.synth import write_content

REPO = Path(__file__).resolve().parent.parent


def cut_whole(text: str) -> tuple[str, ...]:
    """The themes as the text cut whole gives them (the method the site's 问题 page states)."""
    found = set(words(text))
    return tuple(t.name for t in THEMES if found.intersection(t.keywords)) or (OTHER,)


def fresh(text: str) -> tuple[str, ...]:
    themes._THEMES.pop(text, None)  # worked out now, not remembered from another test
    return themes_of(text)


def problem_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("**/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("problems"), list):
            texts += [str(text) for text in data["problems"]]
    return texts


def test_problems_of_the_seeds_the_test_data_and_synthetic_projects(tmp_path: Path) -> None:
    write_content(tmp_path, 200)
    texts = problem_texts(REPO / "content") + problem_texts(REPO / "tests" / "data") + \
        problem_texts(tmp_path)
    assert len(texts) > 500
    assert [fresh(text) for text in texts] == [cut_whole(text) for text in texts]
    assert {name for text in texts for name in fresh(text)} >= {t.name for t in THEMES}


PIECES = st.one_of(
    st.sampled_from(sorted(KEYWORDS)),
    st.sampled_from(["项目", "管理", "不够", "规范", "部分", "资金", "绩效", "评价", "目标值",
                     "采购合同", "预算执行率低", "过程", "档案管理", "会计", "数据", "服务",
                     "招投标程序", "政府", "指", "标", "预", "算"]),
    st.sampled_from(["，", "。", "；", "、", "（", "）", "：", " ", "\n", "\t", "\u3000",
                     "a", "B", "1", "2.5", "%", "-", "+", "#", "&", "_", ".", "x1", "·"]),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E50), max_size=3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(PIECES, max_size=25).map("".join))
def test_written_texts(text: str) -> None:
    assert fresh(text) == cut_whole(text)
