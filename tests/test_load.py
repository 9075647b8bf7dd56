"""The located YAML loader: Decimal numbers, marks, limits, encodings and hostile files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.content import loader as load
from generator.content.loader import LoadError, Map, Seq, load_file, parse_text
from generator.core.problems import Problems
from tests.conftest import HEADER, check_text, errors, one, project_of


def load_error(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        parse_text(text)
    return info.value


# --- values ---------------------------------------------------------------------------

def test_numbers_are_decimals_from_their_source_text() -> None:
    data = parse_text("a: 19.369\nb: 10.00\nc: 7\nd: -0.50\ne: 1.0e+3\nf: 0\n")
    assert data == {"a": Decimal("19.369"), "b": Decimal("10.00"), "c": Decimal(7),
                    "d": Decimal("-0.50"), "e": Decimal("1000"), "f": Decimal(0)}
    assert all(type(v) is Decimal for v in data.values())
    assert str(data["a"]) == "19.369" and str(data["b"]) == "10.00"  # not 19.368999…, not 10.0


def test_other_scalars() -> None:
    data = parse_text("a: '12'\nb: \"3.5\"\nc: 文字\nd: true\ne: no\nf: ~\ng:\n"
                      "h: 2018-06-01\ni: 2018-06\nj: |\n  块\n")
    assert data == {"a": "12", "b": "3.5", "c": "文字", "d": True, "e": False, "f": None,
                    "g": None, "h": "2018-06-01", "i": "2018-06", "j": "块\n"}


def test_marks_of_maps_keys_values_and_items() -> None:
    data = parse_text("name: 项目\nlist:\n  - 1\n  - {a: 2, b: x}\n")
    assert isinstance(data, Map) and data.mark == (1, 1)
    assert data.key_marks == {"name": (1, 1), "list": (2, 1)}
    assert data.value_marks == {"name": (1, 7), "list": (3, 3)}
    seq = data["list"]
    assert isinstance(seq, Seq) and seq.mark == (3, 3)
    assert seq.item_marks == [(3, 5), (4, 5)]
    inner = seq[1]
    assert inner.mark == (4, 5)
    assert inner.key_marks == {"a": (4, 6), "b": (4, 12)}
    assert inner.value_marks == {"a": (4, 9), "b": (4, 15)}


def test_small_aliases_are_expanded() -> None:
    data = parse_text("a: &x [1, 2]\nb: *x\nc: &s 文字\nd: *s\n")
    assert data["b"] == [1, 2] and data["d"] == "文字"


# --- YAML errors ----------------------------------------------------------------------

def test_syntax_error_has_line_and_column() -> None:
    err = load_error("a: 1\nb: [1, 2\nc: 3\n")
    assert err.code == "yaml-syntax"
    assert err.message.startswith("YAML 语法错误（")
    assert "请检查缩进、冒号后的空格、引号和括号是否成对" in err.message
    assert err.mark == (3, 2)


def test_syntax_error_mapping_in_plain_value() -> None:
    err = load_error("name: a: b\n")
    assert err.code == "yaml-syntax"
    assert err.mark == (1, 8)


def test_tab_indentation() -> None:
    err = load_error("a:\n\t- b\n")
    assert err.code == "tab-indent" and err.mark == (2, 1)
    assert "Tab" in err.message and "空格" in err.message


def test_keyboard_slips_of_a_chinese_input_method_are_named_at_their_line() -> None:
    err = load_error("name: 甲\nmethod：第三方评价\nscore: 80\n")  # YAML blames line 3
    assert (err.code, err.mark) == ("fullwidth-colon", (2, 7))
    err = load_error("name: 甲\nbudget_items:\n  - name: 乙\n\u3000 budget: 1\n")
    assert (err.code, err.mark) == ("fullwidth-space", (4, 1))
    # a paragraph that opens with full-width spaces, as Chinese text does, is no slip
    assert parse_text("summary: |\n  \u3000\u3000项目概况：全年运维。\n")["summary"].startswith(
        "\u3000\u3000项目概况")


def test_duplicate_keys() -> None:
    err = load_error("a: 1\nb: 2\na: 3\n")
    assert err.code == "duplicate-key"
    assert err.message == "键「a」重复（第 1 行已出现）：请删除或合并其中一个"
    assert err.mark == (3, 1)


def test_duplicate_keys_in_nested_flow_map() -> None:
    err = load_error("x:\n  - {code: A, code: B}\n")
    assert err.code == "duplicate-key"
    assert err.mark == (2, 15)


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.INF", ".nan", ".NaN"])
def test_inf_and_nan_are_rejected(value: str) -> None:
    err = load_error(f"score: {value}\n")
    assert err.code == "unsupported-number"
    assert err.mark == (1, 8)


def test_too_long_integer() -> None:
    err = load_error("order: +" + "1" * 5000 + "\n")
    assert err.code == "number-too-long"
    assert err.mark == (1, 8)


@pytest.mark.parametrize(("value", "shown"), [
    ("!!float nan", "nan"), ("!!float snan", "snan"), ("!!float Infinity", "Infinity"),
    ("!!float -inf", "-inf"), ('!!float ""', ""), ("!!float abc", "abc"), ('!!int ""', ""),
    ("!!int abc", "abc"), ("0x_", "0x_"), ("0b_", "0b_")])
def test_tagged_values_that_are_no_finite_number(value: str, shown: str) -> None:
    """Not a traceback (``!!int ""``, ``!!float abc``), nor a NaN that a check then prints
    or hashes as a key (``name: !!float nan`` ended in a TypeError), nor "too long"."""
    err = load_error(f"score: {value}\n")
    assert err.code == "unsupported-number"
    assert err.message == f"不支持的数值「{shown}」：请写一个普通的数字"
    assert err.mark == (1, 8)


def test_nan_name_in_a_project_file(tmp_path: Path) -> None:
    text = HEADER.replace("name: 测试项目", "name: !!float nan") + "score: 80\n"
    problem = one(errors(check_text(tmp_path, text)), "unsupported-number")
    assert (problem.line, problem.column) == (1, 7)


def test_unsupported_tag() -> None:
    err = load_error("a: !!python/object:os.system x\n")
    assert err.code == "unsupported-tag"
    assert err.message.startswith("不支持的 YAML 标签「tag:yaml.org,2002:python/object:os.system」")
    assert err.mark == (1, 4)


def test_complex_key() -> None:
    err = load_error("? [a, b]\n: 1\n")
    assert err.code == "complex-key" and err.mark == (1, 3)


def test_two_documents() -> None:
    err = load_error("a: 1\n---\nb: 2\n")
    assert err.code == "multiple-documents"
    assert err.mark == (2, 1)


def test_undefined_and_recursive_alias() -> None:
    assert load_error("a: *x\n").code == "unknown-anchor"
    assert load_error("a: *x\n").message == "别名「*x」没有对应的锚点「&x」"
    assert load_error("a: &x [1, *x]\n").code == "recursive-alias"


def test_control_character_has_line_and_column() -> None:
    err = load_error("a: 1\nb: x\x00y\n")
    assert err.code == "control-character"
    assert err.mark == (2, 5)


# --- limits ---------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused() -> None:
    err = load_error(BILLION_LAUGHS)
    assert err.code == "alias-limit"
    assert err.mark[0] == 6  # the first alias that crosses the limit


def test_billion_laughs_in_a_project_file(tmp_path: Path) -> None:
    content = check_text(tmp_path, HEADER + "score: 80\nsummary_x:\n" + "  " +
                         BILLION_LAUGHS.replace("\n", "\n  "))
    problem = one(errors(content), "alias-limit")
    assert problem.message.startswith(f"别名（*）展开后超过 {load.MAX_ALIAS_NODES} 个节点")
    assert "请直接写出内容，不要用别名重复引用" in problem.message


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000 + "1" + "}" * 10_000,
    "".join(" " * i + "a:\n" for i in range(10_000)),
    "".join(" " * i + "- \n" for i in range(10_000)),
], ids=["flow-seq", "flow-map", "block-map", "block-seq"])
def test_nesting_ten_thousand_deep(text: str) -> None:
    err = load_error(text)
    assert err.code == "nesting-limit"
    assert err.mark is not None and err.mark[0] >= 1


def test_nesting_at_the_limit_is_fine() -> None:
    depth = load.MAX_DEPTH
    data = parse_text("[" * depth + "]" * depth)
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_BYTES", 100)
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * 200, encoding="utf-8")
    problems = Problems("big.yml")
    assert load_file(path, "big.yml", problems) is None
    problem = one(problems.items, "file-too-large")
    assert (problem.file, problem.line) == ("big.yml", None)


def test_unreadable_file(tmp_path: Path) -> None:
    problems = Problems()
    assert load_file(tmp_path, "dir.yml", problems) is None
    problem = one(problems.items, "unreadable-file")
    assert problem.file == "dir.yml"


def test_five_megabyte_file_loads(tmp_path: Path) -> None:
    paragraph = "通过项目的实施，提升了视频会议系统的稳定性。" * 20  # ~ 1.3 kB in UTF-8
    lines = [f"  - 第{i}段：{paragraph}" for i in range(4000)]
    text = HEADER + "score: 80\nachievements:\n" + "\n".join(lines) + "\n"
    assert 5_000_000 < len(text.encode()) < 6_000_000
    content = check_text(tmp_path, text)
    assert content.problems == []
    assert len(project_of(content).achievements) == 4000


# --- encodings ------------------------------------------------------------------------

def test_gbk_file_gets_a_clear_message_with_line(tmp_path: Path) -> None:
    text = "year: 2020\nbudget: 10\nname: 测试项目\ndepartment: 测试单位\nscore: 80\n"
    content = check_text(tmp_path, text.encode("gbk"))
    problem = one(errors(content), "encoding")
    assert problem.message == ("文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码）："
                               "请在编辑器中选择“UTF-8”编码另存此文件")
    assert (problem.line, problem.column) == (3, 7)
    assert content.projects == []


def test_latin1_file_without_gbk_hint() -> None:
    with pytest.raises(LoadError) as info:
        load._decode("a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert info.value.code == "encoding"
    assert info.value.message == "文件不是 UTF-8 编码：请在编辑器中选择“UTF-8”编码另存此文件"
    assert info.value.mark == (2, 7)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file(tmp_path: Path, encoding: str) -> None:
    data = (HEADER + "score: 80\n").encode(encoding)
    if encoding != "utf-16":  # the codec without a BOM: prepend one as editors do
        data = ("\ufeff" + HEADER + "score: 80\n").encode(encoding)
    content = check_text(tmp_path, data)
    problem = one(errors(content), "encoding")
    assert problem.message == "文件是 UTF-16 编码：请用 UTF-8 编码另存此文件"
    assert (problem.line, problem.column) == (1, 1)


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    content = check_text(tmp_path, (HEADER + "score: 80\n").encode("utf-16-le"))
    problem = one(errors(content), "encoding")
    assert (problem.line, problem.column) == (1, 1)


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    content = check_text(tmp_path, ("\ufeff" + HEADER + "score: 80\n").encode("utf-8"))
    assert content.problems == []
    assert project_of(content).name == "测试项目"


def test_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    content = check_text(tmp_path, (HEADER + "score: 80\n").replace("\n", "\r\n").encode())
    assert content.problems == []


# --- the shape of the root ------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "# 只有注释\n", "~\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    content = check_text(tmp_path, text.encode())
    problem = one(errors(content), "empty-file")
    assert (problem.line, problem.column) == (1, 1)


def test_root_is_a_list(tmp_path: Path) -> None:
    content = check_text(tmp_path, "- name: 测试项目\n- year: 2020\n")
    problem = one(errors(content), "wrong-type")
    assert problem.message == "项目文件应为映射（键: 值），实际是列表"
    assert (problem.line, problem.column) == (1, 1)


def test_root_is_text(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, "只是一句话\n")), "wrong-type")
    assert (problem.line, problem.column) == (1, 1)


def test_inf_in_a_project_file(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "score: .inf\n")), "unsupported-number")
    assert problem.message == "不支持的数值「.inf」：请写一个普通的数字"
    assert (problem.line, problem.column) == (5, 8)


def test_duplicate_key_in_a_project_file(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "score: 80\nbudget: 12\n")), "duplicate-key")
    assert (problem.line, problem.column) == (6, 1)
