"""ProperDocs, the engine, builds the seed site exactly as MkDocs 1.6.1 did (issue 45): every
file equal byte for byte but the generator tag (tests/engines.py; at 1,000 projects it is a
bench command there)."""

from __future__ import annotations

from pathlib import Path

from generator.publish.mkdocs import ENGINE
from tests.engines import ENGINES, build_with, differences, generator_tags
from tests.sitebuild import SEED_CONTENT


def test_properdocs_builds_the_seed_site_as_mkdocs_did(tmp_path: Path) -> None:
    sites = build_with(ENGINES, SEED_CONTENT, tmp_path)
    assert ENGINE == "properdocs"
    pages = sorted(sites[ENGINE].rglob("*.html"))
    assert len(pages) > 30, pages
    assert differences(*sites.values()) == []
    # the one difference taken out above is really there: each engine names itself
    assert [b"ProperDocs" in tag for tag in generator_tags(sites[ENGINE])] == [True]
    assert [b"ProperDocs" in tag for tag in generator_tags(sites["mkdocs"])] == [False]


def test_a_changed_byte_is_a_difference(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x" / "index.html").write_bytes(
            b'<meta name="generator" content="' + name.encode() + b'"><p>1</p>')
    assert differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "x" / "index.html").write_bytes(b"<p>2</p>")
    (tmp_path / "b" / "extra.css").write_bytes(b"")
    assert differences(tmp_path / "a", tmp_path / "b") == ["extra.css", "x/index.html"]
