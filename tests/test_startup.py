"""The build's start-up: ``python -m generator build`` imports what the check needs before
it starts, and the rest (pages, charts, downloads, search, MkDocs) where a later step uses
it. Importing them all first took 0.6–0.7 s of every build, a no-change one included, and
started the warm MkDocs process (:class:`generator.publish.mkdocs.WarmMkDocs`) that much
later; measured with ``python -X importtime -c "import generator.cli,
generator.publish.pipeline"``."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.sitebuild import ROOT

# what the check does not use: each imported where the step that does starts
LATER = ("pyecharts", "jinja2", "openpyxl", "docx", "pypdfium2", "urllib.request",
         "concurrent.futures.process", "multiprocessing", "xml.sax.saxutils", "properdocs",
         "mkdocs", "material", "generator.site.pages", "generator.site.charts",
         "generator.downloads.files", "generator.publish.pagefind")


def _imported(script: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", script + "\nimport json, sys; print(json.dumps(list(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_the_build_command_starts_without_what_only_later_steps_use() -> None:
    loaded = _imported("import generator.cli, generator.publish.pipeline")
    assert "generator.content.discovery" in loaded  # the check's, needed at once
    assert sorted(set(LATER) & loaded) == []


def test_reading_a_pages_front_matter_does_not_import_mkdocs() -> None:
    """The shells read each changed page's front matter in the build's own process, before
    its MkDocs run starts: MkDocs' own function, without the 0.12 s of ``mkdocs.utils``."""
    loaded = _imported(
        "from generator.publish.mkdocs import front_matter\n"
        "assert front_matter('---\\ntitle: 标题\\n---\\n\\n正文') == ('正文', {'title': '标题'})")
    assert sorted({"properdocs", "mkdocs", "properdocs.utils"} & loaded) == []
