"""The templates in theme/ that override Material's stay in step with the installed Material.

``tests/material_overrides.json`` records, for each override in theme/, the SHA-256 of every
upstream source it was made from, in the Material version named there: the template it
replaces (``partials/search.html``) and, for a template that replaces a block of another
(``base.html#footer``), that block's text. When the installed mkdocs-material's source differs,
the override was made from another version: re-sync it with the installed one (keeping our
changes, which each override's first comment describes), then record the new hashes here.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"
MANIFEST = Path(__file__).resolve().parent / "material_overrides.json"
MATERIAL = Path(material.__file__).resolve().parent / "templates"

_BLOCK_TAG = re.compile(r"\{%-?\s*(block\s+(\w+)|endblock(?:\s+\w+)?)\s*-?%\}")


def jinja_block(source: str, name: str) -> str:
    """The text of ``{% block name %}`` through its own ``{% endblock %}`` (nesting counted)."""
    start, depth = None, 0
    for match in _BLOCK_TAG.finditer(source):
        opens = match.group(1).startswith("block")
        if start is None:
            if opens and match.group(2) == name:
                start, depth = match.start(), 1
            continue
        depth += 1 if opens else -1
        if depth == 0:
            return source[start:match.end()]
    raise LookupError(f"no block {name!r}")


def upstream_text(source: str) -> str:
    """The installed Material's text of ``path`` or ``path#block``."""
    path, _, block = source.partition("#")
    text = (MATERIAL / path).read_text(encoding="utf-8")
    return jinja_block(text, block) if block else text


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def drift(manifest: dict) -> list[str]:
    """One message per upstream source whose installed text differs from the recorded one."""
    made_from = manifest["material"]
    installed = version("mkdocs-material")
    out = []
    for override, sources in sorted(manifest["overrides"].items()):
        for source, recorded in sorted(sources.items()):
            try:
                now = sha256(upstream_text(source))
            except (OSError, LookupError) as exc:
                now = f"missing ({exc})"
            if now != recorded:
                out.append(
                    f"theme/{override}: made from mkdocs-material {made_from}'s {source}, which "
                    f"differs in the installed mkdocs-material {installed} (sha256 {now}, "
                    f"recorded {recorded}). Re-sync theme/{override} with {MATERIAL}/"
                    f"{source.partition('#')[0]} (keep our changes), then record the new sha256 "
                    f"and version in {MANIFEST.relative_to(ROOT)}.")
    return out


def test_every_override_is_in_the_manifest() -> None:
    """A template in theme/ with the path of one of Material's replaces it: it must be listed
    (and everything listed must still be in theme/)."""
    overriding = sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*")
                        if p.is_file() and (MATERIAL / p.relative_to(THEME)).is_file())
    listed = sorted(load_manifest()["overrides"])
    assert overriding == listed, (
        f"theme/ overrides {overriding}, {MANIFEST.relative_to(ROOT)} lists {listed}: "
        "record each override with the sha256 of the Material sources it was made from")


def test_overrides_match_the_installed_material() -> None:
    problems = drift(load_manifest())
    assert not problems, "\n".join(problems)


def test_drift_is_reported_with_the_partial_to_resync() -> None:
    """The check can fail: a recorded hash that is not the installed file's is reported."""
    manifest = load_manifest()
    manifest["overrides"]["partials/search.html"]["partials/search.html"] = "0" * 64
    (problem,) = drift(manifest)
    assert problem.startswith("theme/partials/search.html: made from mkdocs-material")
    assert "Re-sync theme/partials/search.html with" in problem


def test_block_text_is_the_whole_block() -> None:
    x = "{% block x %}1{% block y %}2{% endblock %}3{%- endblock x -%}"
    source = f"a{x}b{{% block z %}}{{% endblock %}}"
    assert jinja_block(source, "x") == x
    assert jinja_block(source, "y") == "{% block y %}2{% endblock %}"
    assert upstream_text("base.html#footer").startswith("{% block footer %}")
    with pytest.raises(LookupError):
        jinja_block(source, "nope")
