"""The Jinja2 environment every page renders in: its filters, and what every page reads.

Templates autoescape, and every ``{{ }}`` goes through :func:`generator.site.text.finalize`
(see :mod:`generator.site.pages`). What every page of a run reads (the site settings, the
术语 entries, the linker) is the environment's, not each page's: so the macro templates,
imported without the page's context, are run once a process, not six times a project page
(``_macros`` 40 µs, ``_selfeval`` 52 µs, ``_ledger`` 20 µs three times; a project page's
template 2.04, 2.02 → 1.93, 1.99 ms, 2,000 pages in one process). The one thing a macro
reads of the page being rendered, where ``term`` links from, is ``at.url``, set by the
renderer before each page.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr

from generator.base.compiled import compiled_in
from generator.core import fmt, urls
from generator.core.methods import form_title, is_self_evaluation, method_of
from generator.core.model import HUNDRED, BudgetItem
from generator.core.rectification import STATUSES, items_of, status_of
from generator.core.scoring import category_rate
from generator.core.themes import THEME_SLUGS
from generator.core.urls import (
    Linker,
    authority_page,
    department_docx_path,
    department_page,
    problems_page,
    project_page,
    rectification_page,
    year_page,
)
from generator.site import glossary
from generator.site.context import SiteContext
from generator.site.text import BREAK, finalize, lines

_TITLE_SWAP = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇",
                             "`": "｀"})


GRADE_CLASSES = frozenset({"优", "良", "中", "差"})  # pe.css colours .pe-grade-<label>


def safe_title(value: Any) -> str:
    """A title as MkDocs and its theme print it (unescaped): no markup character, one line."""
    return BREAK.sub(" ", str(value)).translate(_TITLE_SWAP)


def item_rate(item: BudgetItem) -> Decimal | None:
    if item.spent is None or not item.budget:
        return None
    return item.spent / item.budget * HUNDRED


class _Finalized(CodeGenerator):
    """Each ``{{ }}`` compiled to :func:`~generator.site.text.finalize` alone, not to
    Jinja's ``escape(finalize(…))``: finalize gives Markup, escaped, for every value, which
    escape only copied into a new Markup (a project page's 390 values: 0.4 ms of its 3.1 ms,
    2,000 pages in one process). The same text either way; a template compiled by Jinja's
    own generator renders the same page. These two methods are Jinja's own, not its API:
    Jinja is pinned (requirements.txt), and ``tests/test_finalized_output.py`` fails if a
    new version compiles an output otherwise."""

    def _output_child_pre(self, node: Expr, frame: Frame,
                          finalize: CodeGenerator._FinalizeInfo) -> None:
        if self.environment.finalize is not _finalize or finalize.src is None:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write(finalize.src)

    def _output_child_post(self, node: Expr, frame: Frame,
                           finalize: CodeGenerator._FinalizeInfo) -> None:
        if self.environment.finalize is not _finalize or finalize.src is None:
            super()._output_child_post(node, frame, finalize)
            return
        self.write(")")


_finalize = finalize  # the site's: in the methods, ``finalize`` is Jinja's note on it
PAGES_COMPILED = "__pages_%s.cache"  # the page templates' names in the compiled folder


def make_env(compiled: Path | None = None) -> Environment:
    """``compiled``: a folder of the build's where the templates are kept compiled (Jinja's
    bytecode cache, checked against each template's source): compiling them took 0.3–0.5 s
    of every build and of each page worker, an edit's rebuild included."""
    cache = compiled_in(compiled, PAGES_COMPILED)
    env = Environment(loader=PackageLoader("generator.site", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      undefined=StrictUndefined, bytecode_cache=cache, finalize=finalize,
                      auto_reload=False)  # no stat of the template file at every page
    env.code_generator_class = _Finalized
    env.filters.update(
        money=fmt.amount, total=fmt.amount_total,  # grouped in threes: pages are read
        two=fmt.two, percent=fmt.percent, number=fmt.number, plain=fmt.plain, lines=lines,
        safe_title=safe_title, category_rate=category_rate, item_rate=item_rate,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.globals.update(project_page=project_page, year_page=year_page, urls=urls,
                       rectification_page=rectification_page, problems_page=problems_page,
                       statuses=STATUSES, theme_slugs=THEME_SLUGS, items_of=items_of,
                       status_of=status_of, method_of=method_of, form_title=form_title,
                       is_self_evaluation=is_self_evaluation, grade_classes=GRADE_CLASSES)
    return env


def page_env(site: SiteContext, directory_urls: bool, compiled: Path | None = None
             ) -> tuple[Environment, SimpleNamespace]:
    """:func:`make_env` with what every page of ``site`` reads, and the page being rendered
    (``at.url``: the renderer sets it)."""
    env = make_env(compiled)
    at = SimpleNamespace(url="")
    env.globals.update(
        config=site.config, glossary=glossary.by_word(site.config), glossary_page=glossary.PAGE,
        department_page=partial(department_page, config=site.config),
        authority_page=partial(authority_page, config=site.config),
        department_docx_path=partial(department_docx_path, config=site.config),
        link=Linker(directory_urls), at=at)
    return env, at
