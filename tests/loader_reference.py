"""The loader's event fold as it was before it became one flat loop (commit d0fb77f): the
oracle that tests/test_load_fast.py holds the fast fold to, value for value and mark for
mark, message for message. Not used by the program."""

# ruff: noqa
from __future__ import annotations

from typing import Any

import yaml
from yaml import events as ev

from generator.content.loader import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    _SLIPS,
    LoadError,
    Map,
    Mark,
    Seq,
    _Loader,
    _control,
    _mark,
    _scalar,
    keyboard_slip,
)
from generator.core.text_safety import first_control


def parse_text(text: str, refused: list[LoadError] | None = None) -> Any:
    """Fold the event stream of one YAML document into :class:`Map`/:class:`Seq` values.

    A key or text holding a control character (YAML's reader refuses them raw, but a
    double-quoted ``"\\x1b"`` or ``"\\e"`` writes one) is a ``control-character`` problem at
    its scalar: appended to ``refused`` (every one of the file), or raised without it."""
    if "\u3000" in text:  # a key indented with full-width spaces parses, as an odd key
        pattern, slip, message = _SLIPS[1]
        for number, content in enumerate(text.splitlines(), 1):
            found = pattern.match(content)
            if found:
                raise LoadError(slip, message, (number, found.start(1) + 1))
    stack: list[Any] = []  # containers being filled
    pending_key: list[Any] = []  # for each Map on the stack: the key awaiting its value
    sizes: list[int] = []  # nodes inside each open container (for anchored sizes)
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: list[str | None] = []
    alias_nodes = 0
    root: Any = None
    documents = 0
    done = object()

    def attach(value: Any, mark: Mark, size: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        sizes[-1] += size
        if isinstance(top, Map):
            key = pending_key[-1]
            if key is done:
                if isinstance(value, (Map, Seq)):
                    raise LoadError("complex-key", "映射的键必须是简单的文字", mark)
                if value in top:
                    first = top.key_marks[value][0]
                    raise LoadError(
                        "duplicate-key",
                        f"键「{value}」重复（第 {first} 行已出现）：请删除或合并其中一个", mark)
                pending_key[-1] = value
                top.key_marks[value] = mark
            else:
                top[key] = value
                top.value_marks[key] = mark
                pending_key[-1] = done
        else:
            top.append(value)
            top.item_marks.append(mark)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            cls = type(event)
            if isinstance(event, ev.ScalarEvent):
                value = _scalar(event)
                mark = _mark(event.start_mark)
                if type(value) is str and first_control(value) is not None:
                    control = _control(value, mark)
                    if refused is None:
                        raise control
                    refused.append(control)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                attach(value, mark, 1)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise LoadError("nesting-limit",
                                    f"嵌套层级超过 {MAX_DEPTH} 层：请检查缩进",
                                    _mark(event.start_mark))
                mark = _mark(event.start_mark)
                container: Any = Map(mark) if cls is ev.MappingStartEvent else Seq(mark)
                stack.append(container)
                pending_key.append(done)
                sizes.append(1)
                open_anchors.append(event.anchor)
                if event.anchor:
                    anchors[event.anchor] = (container, -1)  # size known at the end
            elif cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
                container = stack.pop()
                pending_key.pop()
                size = sizes.pop()
                name = open_anchors.pop()
                if name:
                    anchors[name] = (container, size)
                attach(container, container.mark, size)
            elif isinstance(event, ev.AliasEvent):
                mark = _mark(event.start_mark)
                if event.anchor not in anchors:
                    raise LoadError(
                        "unknown-anchor",
                        f"别名「*{event.anchor}」没有对应的锚点「&{event.anchor}」", mark)
                value, size = anchors[event.anchor]
                if size == -1:
                    raise LoadError("recursive-alias", f"别名「*{event.anchor}」引用了自身",
                                    mark)
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise LoadError(
                        "alias-limit", f"别名（*）展开后超过 {MAX_ALIAS_NODES} 个节点："
                        "文件中的锚点与别名层层嵌套，请直接写出内容，不要用别名重复引用", mark)
                attach(value, mark, size)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError("multiple-documents",
                                    "一个文件只能有一个 YAML 文档：请删除多余的“---”",
                                    _mark(event.start_mark))
    except yaml.MarkedYAMLError as exc:
        failed = exc.problem_mark or exc.context_mark
        typed = keyboard_slip(text, failed.line + 1 if failed is not None else None)
        if typed is not None:
            raise typed from None
        yaml_mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or ""
        if exc.context:
            detail = f"{exc.context}，{detail}"
        raise LoadError(
            "yaml-syntax",
            f"YAML 语法错误（{detail}）：请检查缩进、冒号后的空格、引号和括号是否成对",
            _mark(yaml_mark) if yaml_mark else None) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. NUL
        where = None
        if isinstance(exc.position, int) and 0 <= exc.position <= len(text):
            line_start = text.rfind("\n", 0, exc.position) + 1
            where = (text.count("\n", 0, exc.position) + 1, exc.position - line_start + 1)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
        raise LoadError("control-character",
                        f"文件含有 YAML 不允许的控制字符 #x{code:04X}：请删除该字符",
                        where) from None
    except yaml.YAMLError as exc:
        raise LoadError("yaml-syntax", f"YAML 读取错误（{exc}）：请检查文件内容") from None
    except RecursionError:
        raise LoadError("nesting-limit",
                        f"嵌套层级过深：请检查缩进（最多 {MAX_DEPTH} 层）") from None
    return root

