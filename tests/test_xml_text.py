"""generator/base/xml_text.py gives what xml.sax.saxutils gives (the writers of the
workbooks, Word downloads, feeds and sitemap use it so as not to import urllib.request)."""

from __future__ import annotations

import subprocess
import sys
from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from generator.base.xml_text import escape, quoteattr

TEXT = st.text(alphabet=st.sampled_from(list("&<>\"'\n\r\t a上;#")) | st.characters(),
               max_size=40)
ENTITIES = st.dictionaries(st.sampled_from(list("\"'a上;")), st.text(max_size=6), max_size=3)


@given(TEXT, ENTITIES)
def test_escape_is_saxutils_escape(text: str, entities: dict[str, str]) -> None:
    assert escape(text) == saxutils.escape(text)
    assert escape(text, entities) == saxutils.escape(text, entities)


@given(TEXT, ENTITIES)
def test_quoteattr_is_saxutils_quoteattr(text: str, entities: dict[str, str]) -> None:
    assert quoteattr(text) == saxutils.quoteattr(text)
    assert quoteattr(text, entities) == saxutils.quoteattr(text, entities)


def test_the_downloads_writers_do_not_import_urllib_request() -> None:
    """What the edit's downloads process imports after the check (generator/publish/
    downloads_thread.py) leaves urllib.request, http and ssl out."""
    code = ("import sys\n"
            "import generator.downloads.files, generator.downloads.outputs\n"
            "import generator.site.feeds, generator.publish.sitemap\n"
            "print(sorted({'urllib.request', 'http.client', 'ssl'} & set(sys.modules)))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "[]"
