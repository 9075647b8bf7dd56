"""How a project file was read before the reader's shortcuts (commit d0fb77f): the
:class:`~generator.content.reader.Reader` that visited every field of its table, and the
indicator tree walked by one generator a level. tests/test_read_fast.py puts these back
(with :func:`~generator.content.rules.read_rule_fully` and
:func:`~generator.content.project.split_units`, the two shortcuts' full paths) and holds the
reading, scoring and checking of a file to the same outcome. Not used by the program."""

# ruff: noqa
from __future__ import annotations

import difflib
from typing import Any

from generator.content.converters import Invalid
from generator.content.reader import TO_FILL


def reader_init(self, data, fields, problems, where: str = "") -> None:
    self.data = data
    self.fields = fields
    self.problems = problems
    self.where = where
    self.values: dict[str, Any] = {}
    self.ok = True
    for key in data:
        if key in fields:
            continue
        line, column = data.key_marks[key]
        hint = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
        suggestion = f"，你是不是想写「{hint[0]}」？" if hint else \
            f"。可用的键：{'、'.join(fields)}"
        problems.error("unknown-key", f"{where}未知的键「{key}」{suggestion}", line, column)
        self.ok = False
    for key, spec in fields.items():
        if key not in data or data[key] is None:
            if spec.required:
                line, column = data.mark
                label = f"（{spec.label}）" if spec.label else ""
                problems.error("missing-key", f"{where}缺少必填的键「{key}」{label}：请补上",
                               line, column)
                self.ok = False
            continue
        if data[key] == TO_FILL:  # the scaffold's mark: `new` wrote it, nobody filled it
            label = f"（{spec.label}）" if spec.label else ""
            self.error("placeholder", key, f"「{key}」{label}还没有填写：请把“{TO_FILL}”"
                       "改为公布的内容")
            continue
        try:
            self.values[key] = spec.convert(data[key])
        except Invalid as exc:
            self.error(exc.code, key, f"「{key}」{exc}")


def indicator_walk(self):
    yield self
    for child in self.children:
        yield from child.walk()


def project_walk(self):
    for node in self.indicators:
        yield from node.walk()


def project_leaves(self):
    for node in self.indicators:
        yield from node.leaves()
