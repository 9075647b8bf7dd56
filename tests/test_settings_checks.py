"""site.yml's texts, department names and URL names, outputs on one path, and what the
terminal is shown (issue 42, points 5, 9 and 11)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.core.problems import Problem, Problems
from tests.conftest import DEFAULT_SITE, HEADER, check_dir, content_dir, write_project


def _site(tmp_path: Path, extra: str, base: str = DEFAULT_SITE) -> list[Problem]:
    content_dir(tmp_path, site=base + extra)
    write_project(tmp_path, "2020/p.yml", HEADER + "score: 80\n")
    return check_dir(tmp_path).problems


def _at(problems: list[Problem], code: str) -> list[tuple[int | None, int | None]]:
    return [(p.line, p.column) for p in problems if p.code == code]


# --- department URL names (point 5) ---------------------------------------------------------

DEPARTMENTS = """\
departments:
  甲局: con
  乙局: jia
  丙局: jia
  "甲局\u3000": x
  丁局: LPT1
  戊局: com9
"""


def test_department_url_names_windows_cannot_hold_or_two_share_are_refused_where_written(
        tmp_path: Path) -> None:
    problems = _site(tmp_path, DEPARTMENTS)
    base = DEFAULT_SITE.count("\n")  # departments: is on the line after the defaults
    assert _at(problems, "reserved-slug") == [(base + 2, 7), (base + 7, 7)]
    assert _at(problems, "duplicate-slug") == [(base + 4, 7)]
    assert f"第 {base + 3} 行的「乙局」" in next(
        p.message for p in problems if p.code == "duplicate-slug")
    assert _at(problems, "duplicate-key") == [(base + 5, 3)]  # 甲局 with a full-width space
    assert _at(problems, "invalid-value") == [(base + 6, 7)]  # upper case, as before
    assert all(p.file.endswith("content/site.yml") for p in problems)


def test_two_outputs_on_one_path_are_found_by_check_not_by_the_build(tmp_path: Path,
                                                                        run_cli) -> None:
    taken = "d-" + hashlib.sha1("乙局".encode()).hexdigest()[:10]  # 乙局's own URL name
    content_dir(tmp_path, site=DEFAULT_SITE + f"departments:\n  甲局: {taken}\n")
    write_project(tmp_path, "2020/a.yml", HEADER + "authority: 甲局\nscore: 80\n")
    write_project(tmp_path, "2020/b.yml", HEADER.replace("测试项目", "另一项目")
                  + "authority: 乙局\nscore: 80\n")
    problems = check_dir(tmp_path).problems
    found = [p for p in problems if p.code == "output-collision"]
    assert sorted((Path(p.file).name, p.line, p.column) for p in found) == [
        ("a.yml", 5, 12), ("b.yml", 5, 12)]
    assert f"departments/{taken}/index.md" in found[0].message
    code, out, err = run_cli("build", "--content", tmp_path / "content", "--out",
                             tmp_path / "build", "--no-site")
    assert code == 1
    assert "后写的会覆盖先写的" in err and "WriteError" not in err + out


# --- settings (point 9) ---------------------------------------------------------------------

def test_every_setting_text_is_checked_for_invisible_characters_and_length(
        tmp_path: Path) -> None:
    site = (
        'title: "财政\\u202e公开"\n'
        f"publisher: {'某' * 101}\n"
        "license: 署名\u200b 4.0\n"
        "grades:\n"
        "  - {label: \"优\\u200d\", min: 90}\n"
        "  - {label: 良, min: 0, aliases: [\"良好\\ufe0f\", 一般]}\n"
        "levels: {\"达成\\u2066\": 1, 未实现: 0}\n"
        "departments:\n"
        "  \"上海市\\u200b财政局\": czj\n")
    problems = _site(tmp_path, "", base=site)
    assert _at(problems, "invisible-character") == [(1, 8), (3, 10), (5, 13), (6, 33),
                                                    (7, 10), (9, 3)]
    assert _at(problems, "setting-too-long") == [(2, 12)]
    assert all("U+" in p.message for p in problems if p.code == "invisible-character")


def test_settings_given_as_text_are_checked_with_their_lines() -> None:
    from generator.content.site_config import read_site, read_site_text  # for other callers

    problems = Problems("site.yml")
    config = read_site_text('title: 公开\npublisher: "某\\x1b]0;x\\x07单位"\n', problems)
    assert [(p.code, p.line, p.column) for p in problems] == [("control-character", 2, 12)]
    assert "\x1b" not in problems.items[0].message and "\\x1b" in problems.items[0].message
    assert config.publisher == ""
    # or as a mapping
    problems = Problems("网站设置")
    config = read_site({"title": "公开\u202e", "departments": {"甲局": "con"}}, problems)
    assert [p.code for p in problems] == ["invisible-character", "reserved-slug"]


# --- department names (point 11) ------------------------------------------------------------

SPELLINGS = {  # file -> the authority as written (YAML double-quoted)
    "a": "上海市财政局", "b": " 上海市财政局", "c": "上海市财政局\u3000", "d": "\u00a0上海市财政局",
    "e": "上海市财政局\u200b", "f": "上海市财\ufe00政局", "g": "\u202e局政财市海上",
    "h": "上海市第１财政所", "i": "上海市第1财政所", "j": "上海市财攻局", "k": "上海市财政局\u200e",
}


def test_ten_spellings_of_one_department_do_not_make_ten_departments(tmp_path: Path) -> None:
    for name, authority in SPELLINGS.items():
        quoted = json.dumps(authority)  # JSON is YAML: the characters stay as they are
        write_project(tmp_path, f"2020/{name}.yml", HEADER.replace("测试项目", f"项目{name}")
                      + f"authority: {quoted}\nscore: 80\n")
    content = check_dir(tmp_path)
    assert sorted({p.authority for p in content.projects}) == [
        "上海市第1财政所", "上海市财攻局", "上海市财政局"]
    assert sorted(Path(p.file).stem for p in content.errors) == ["e", "f", "g", "k"]
    assert {(p.code, p.line, p.column) for p in content.errors} == {
        ("invisible-character", 5, 12)}
    similar = [p for p in content.warnings if p.code == "similar-department"]
    assert sorted(Path(p.file).stem for p in similar) == ["a", "j"]
    assert "「上海市财攻局」（1 个项目）与「上海市财政局」（4 个项目）" in next(
        p.message for p in similar if p.file.endswith("j.yml"))


def test_two_real_departments_one_character_apart_are_silenced_by_site_yml(
        tmp_path: Path) -> None:
    content_dir(tmp_path, site=DEFAULT_SITE + "departments:\n  上海市财政局: czj\n"
                "  上海市民政局: mzj\n")
    for name, authority in (("a", "上海市财政局"), ("b", "上海市民政局"), ("c", "上海市民政局 ")):
        write_project(tmp_path, f"2020/{name}.yml", HEADER.replace("测试项目", f"项目{name}")
                      + f"authority: {json.dumps(authority)}\nscore: 80\n")
    content = check_dir(tmp_path)
    assert [p.format() for p in content.problems] == []
    assert sorted(p.authority for p in content.projects) == ["上海市民政局", "上海市民政局",
                                                             "上海市财政局"]


# --- the terminal (point 9) ----------------------------------------------------------------

def test_check_shows_control_characters_and_escape_sequences_escaped(tmp_path: Path,
                                                                      run_cli) -> None:
    write_project(tmp_path, "2020/a\x1b]0;pwned\x07\x1b[2K.yml", HEADER + "score: 80\n")
    write_project(tmp_path, "2020/b.yml", HEADER + "score: 80\n\u202ekey: 1\n")
    code, out, _ = run_cli("check", tmp_path / "content")
    assert code == 1
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    assert "a\\x1b]0;pwned\\x07\\x1b[2K.yml" in out and "「\\u202ekey」" in out
    code, out, _ = run_cli("check", tmp_path / "content", "--json")
    assert "\u202e" not in out and "\x1b" not in out
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert any("「\u202ekey」" in m for m in messages)  # JSON gives the text back exactly
    # every command's output goes the same way: here `new`'s refusal of a file name
    code, out, err = run_cli("new", "--id", "a\x1b]0;x\x07", "--year", "2020",
                             "--content", tmp_path / "content")
    assert code == 1 and "\x1b" not in err + out and "a\\x1b]0;x\\x07" in err
