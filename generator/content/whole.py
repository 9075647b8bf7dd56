"""Read what a 部门整体 result adds to a project file: ``kind``, ``tasks``, ``staff``.

Kept apart from :mod:`generator.content.project` so a project file reads as it did; the
project reader asks this module for the field table of the kind and for the added blocks.
A 部门整体 result may leave out ``name`` (it is "<department><year>年度部门整体支出") and
``budget`` (a report that states only its score: the site shows the money as not published).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.content.converters import Invalid, non_negative_amount, one_of, text
from generator.content.loader import Map
from generator.content.reader import Field, Reader, read_list, read_map
from generator.core.problems import Problems
from generator.core.whole import KINDS, WHOLE, Staff, Task

TASK_FIELDS = {"name": Field(text, True, "任务名称"), "content": Field(text, label="主要内容"),
               "budget": Field(non_negative_amount, label="预算数"),
               "spent": Field(non_negative_amount, label="执行数")}


kind = one_of(KINDS, "评价对象")


def head_count(value: Any) -> int:
    """A number of people: the loader gives numbers as Decimal, so 21 (not 21.5, not -1)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value < 0 \
            or value != int(value):
        raise Invalid("invalid-value", f"人数应为 0 或正整数，实际是「{value}」")
    return int(value)


STAFF_FIELDS = {"authorized": Field(head_count, label="人员编制"),
                "actual": Field(head_count, label="实有人数")}
ADDED = {"kind": Field(kind, label="评价对象"), "tasks": Field(lambda v: v, label="年度主要任务"),
         "staff": Field(lambda v: v, label="人员编制 / 实有人数")}


def is_whole(root: Map) -> bool:
    return root.get("kind") == WHOLE


def fields_for(root: Map, fields: dict[str, Field]) -> dict[str, Field]:
    """The project table with the added keys; for a 部门整体 result ``name`` and ``budget``
    are not required. The same table object for the same kind (the reader works out its
    order once a table); never changed by its users."""
    whole = is_whole(root)
    known = _TABLES.get((id(fields), whole))
    if known is not None and known[0] is fields:
        return known[1]
    table = {**fields, **ADDED}
    if whole:
        for key in ("name", "budget"):
            spec = table[key]
            table[key] = Field(spec.convert, False, spec.label)
    _TABLES[(id(fields), whole)] = (fields, table)
    return table


_TABLES: dict[tuple[int, bool], tuple[dict[str, Field], dict[str, Field]]] = {}


def read_tasks(reader: Reader, problems: Problems) -> list[Task]:
    """The 年度主要任务 that read cleanly; a bad one is reported (and keeps the file out)."""
    return [Task(item.get("name"), item.get("content"), item.get("budget"), item.get("spent"),
                 mark[0], {k: item.data.value_marks[k] for k in ("budget", "spent")
                           if k in item.data.value_marks})
            for item, mark in read_list(reader, "tasks", TASK_FIELDS, problems)]


def read_staff(reader: Reader, problems: Problems) -> Staff | None:
    """人员编制 / 实有人数, or ``None`` when absent or reported as wrong."""
    staff = read_map(reader, "staff", STAFF_FIELDS, problems)
    if staff is None or not staff.ok:
        return None
    return Staff(staff.get("authorized"), staff.get("actual"))


def whole_keys_only(reader: Reader, kind: str) -> None:
    """``tasks`` and ``staff`` belong to a 部门整体 result: on a project they are a mistake
    (a missing ``kind: 部门整体``, or a block pasted from another file), not to be dropped."""
    if kind == WHOLE:
        return
    for key in ("tasks", "staff"):
        if key in reader.values:
            reader.error("invalid-value", key, f"「{key}」只用于部门整体支出绩效评价：请写上 "
                         "kind: 部门整体，或从项目文件中删除它")
