"""Read one YAML file into plain values that remember where they came from.

Why not ``yaml.safe_load``: it turns ``19.369`` into a binary float and forgets line
numbers, and its composer is recursive and expands aliases without bound. Here the C
parser's event stream (the fastest path PyYAML offers) is folded into dicts and lists
iteratively: numbers become ``Decimal`` from their source text, every key and value keeps
its line and column, nesting depth and alias expansion are capped, and a non-UTF-8 file
is a clear message instead of a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from generator.core.problems import Problems
from generator.core.text_safety import CONTROL, describe, excerpt, first_control

try:  # the C parser is ~8x faster; fall back so a machine without libyaml still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000
MAX_BYTES = 20 * 1024 * 1024

Mark = tuple[int, int]  # 1-based line, column


class Map(dict):
    """A mapping with the position of itself, each key and each value."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark) -> None:  # empty as made: no dict.__init__ to call
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}


class Seq(list):
    """A sequence with the position of itself and of each item."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark) -> None:  # empty as made: no list.__init__ to call
        self.mark = mark
        self.item_marks: list[Mark] = []


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_BOOL_TRUE = {"yes", "true", "on", "y"}
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|nan)$", re.IGNORECASE)


class LoadError(Exception):
    def __init__(self, code: str, message: str, mark: Mark | None = None) -> None:
        super().__init__(message)
        self.code = code  # one of generator.core.problems.CODES
        self.message = message
        self.mark = mark


def _mark(m: Any) -> Mark:
    return (m.line + 1, m.column + 1)


_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_FIRST_CHARS = _RESOLVER.yaml_implicit_resolvers
_DIGITS = re.compile(r"[-+]?[0-9_]+")
_DONE: Any = object()  # no key awaiting its value; not yet known
# Plain scalars that may resolve to a number, null or bool, by their text: what they resolve
# to depends on the text alone, and the same few (keys such as ``name``, weights such as
# ``5``) come back in every file. Values are immutable (str, Decimal, None, bool).
_PLAIN: dict[str, Any] = {}
PLAIN_MOST = 50_000
PLAIN_LONGEST = 40


def _scalar(event: ev.ScalarEvent) -> Any:
    tag = event.tag
    value = event.value
    if tag in (None, "!"):
        if event.style or not event.implicit[0]:
            return value  # quoted or block scalars are text
        if value and value[0] not in _FIRST_CHARS:
            return value  # no implicit type starts with this character (e.g. Chinese text)
        if _PLAIN_NUMBER.fullmatch(value):
            return Decimal(value)
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _TAG + "str":
        return event.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return event.value.lower() in _BOOL_TRUE
    if tag == _TAG + "int":
        node = yaml.ScalarNode(tag, event.value)
        try:
            return Decimal(_CONSTRUCTOR.construct_yaml_int(node))
        except ValueError:  # more digits than int() accepts: no real figure is that long
            if not _DIGITS.fullmatch(event.value):  # `!!int abc`, `0x_`: no number at all
                raise _unsupported(event) from None
            raise LoadError("number-too-long",
                            f"数字「{event.value[:20]}…」太长：请写一个普通的数字",
                            _mark(event.start_mark)) from None
        except IndexError:  # `!!int ""`: PyYAML's constructor looks at a first character
            raise _unsupported(event) from None
    if tag == _TAG + "float":
        text = event.value.replace("_", "")
        if _SPECIAL_FLOAT.match(text):
            raise _unsupported(event)
        try:
            number = Decimal(text)
        except InvalidOperation:  # sexagesimal and other YAML 1.1 oddities
            node = yaml.ScalarNode(tag, event.value)
            try:
                number = Decimal(repr(_CONSTRUCTOR.construct_yaml_float(node)))
            except (ValueError, IndexError):  # `!!float abc`, `!!float ""`
                raise _unsupported(event) from None
        if not number.is_finite():  # `!!float nan`, `!!float Infinity`, `!!float snan`
            raise _unsupported(event)
        return number
    if tag in (_TAG + "timestamp", _TAG + "merge", _TAG + "value"):
        return event.value  # dates stay text: the checks parse them where they are expected
    raise LoadError("unsupported-tag",
                    f"不支持的 YAML 标签「{tag}」：请删除该标签，只写普通的值",
                    _mark(event.start_mark))


def _unsupported(event: ev.ScalarEvent) -> LoadError:
    """A value tagged or written as a number that is none, or not a finite one (which
    the checks would compare, hash as a key or print as digits)."""
    return LoadError("unsupported-number", f"不支持的数值「{event.value}」：请写一个普通的数字",
                     _mark(event.start_mark))


def _decode(data: bytes) -> str:
    # a BOM, or (as the YAML spec detects it) an ASCII first character next to a NUL byte
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
            len(data) >= 2 and (data[0] == 0) != (data[1] == 0)):
        raise LoadError("encoding", "文件是 UTF-16 编码：请用 UTF-8 编码另存此文件", (1, 1))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "（看起来是 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            pass
        raise LoadError("encoding",
                        f"文件不是 UTF-8 编码{hint}：请在编辑器中选择“UTF-8”编码另存此文件",
                        (line, column)) from None


def parse_text(text: str, refused: list[LoadError] | None = None) -> Any:
    """Fold the event stream of one YAML document into :class:`Map`/:class:`Seq` values.

    A key or text holding a control character (YAML's reader refuses them raw, but a
    double-quoted ``"\\x1b"`` or ``"\\e"`` writes one) is a ``control-character`` problem at
    its scalar: appended to ``refused`` (every one of the file), or raised without it.

    One flat loop over the parser's events, the container being filled and its state in
    local variables (a function call an event, the generator of ``yaml.parse`` and a
    per-event ``isinstance`` chain took twice as long as the parser itself)."""
    if "\u3000" in text:  # a key indented with full-width spaces parses, as an odd key
        pattern, slip, message = _SLIPS[1]
        for number, content in enumerate(text.splitlines(), 1):
            found = pattern.match(content)
            if found:
                raise LoadError(slip, message, (number, found.start(1) + 1))
    # a scalar's characters are the file's, line breaks and spaces, and what a backslash
    # escape writes: without both, no scalar can hold a control character
    scan = "\\" in text or CONTROL.search(text) is not None
    saved: list[tuple[Any, bool, Any, int, str | None]] = []  # the enclosing containers'
    top: Any = None  # the container being filled, its kind, its key awaiting a value,
    is_map = False  # the nodes inside it (for anchored sizes) and its anchor
    key: Any = _DONE
    size = 0
    name: str | None = None
    anchors: dict[str, tuple[Any, int]] = {}
    alias_nodes = 0
    root: Any = None
    documents = 0
    loader = _Loader(text)
    events: Iterator[Any] = iter(loader.get_event, None)  # typed by hand: by `cls is`
    scalar_event, map_start, seq_start = ev.ScalarEvent, ev.MappingStartEvent, \
        ev.SequenceStartEvent  # locals: read at every event
    map_end, seq_end, done, first_chars, plain = ev.MappingEndEvent, ev.SequenceEndEvent, \
        _DONE, _FIRST_CHARS, _PLAIN
    try:
        for event in events:
            cls = type(event)
            if cls is scalar_event:
                value = event.value
                if event.tag is not None:
                    value = _scalar(event)
                elif not event.style and event.implicit[0] and (
                        not value or value[0] in first_chars):  # may be a number, null, bool
                    known = plain.get(value, done)
                    if known is done:
                        known = _scalar(event)
                        if len(plain) >= PLAIN_MOST:
                            plain.clear()
                        if len(value) <= PLAIN_LONGEST:
                            plain[value] = known
                    value = known
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                if scan and type(value) is str and first_control(value) is not None:
                    control = _control(value, mark)
                    if refused is None:
                        raise control
                    refused.append(control)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                nodes = 1
            elif cls is map_start or cls is seq_start:
                if len(saved) >= MAX_DEPTH:
                    raise LoadError("nesting-limit",
                                    f"嵌套层级超过 {MAX_DEPTH} 层：请检查缩进",
                                    _mark(event.start_mark))
                saved.append((top, is_map, key, size, name))
                is_map = cls is map_start
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                top = Map(mark) if is_map else Seq(mark)
                key, size, name = done, 1, event.anchor
                if name:
                    anchors[name] = (top, -1)  # size known at the end
                continue
            elif cls is map_end or cls is seq_end:
                value, nodes = top, size
                mark = value.mark
                if name:
                    anchors[name] = (value, nodes)
                top, is_map, key, size, name = saved.pop()
            elif cls is ev.AliasEvent:
                mark = _mark(event.start_mark)
                if event.anchor not in anchors:
                    raise LoadError(
                        "unknown-anchor",
                        f"别名「*{event.anchor}」没有对应的锚点「&{event.anchor}」", mark)
                value, nodes = anchors[event.anchor]
                if nodes == -1:
                    raise LoadError("recursive-alias", f"别名「*{event.anchor}」引用了自身",
                                    mark)
                alias_nodes += nodes
                if alias_nodes > MAX_ALIAS_NODES:
                    raise LoadError(
                        "alias-limit", f"别名（*）展开后超过 {MAX_ALIAS_NODES} 个节点："
                        "文件中的锚点与别名层层嵌套，请直接写出内容，不要用别名重复引用", mark)
            else:
                if cls is ev.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise LoadError("multiple-documents",
                                        "一个文件只能有一个 YAML 文档：请删除多余的“---”",
                                        _mark(event.start_mark))
                continue
            # the value (of `nodes` nodes) goes into the container being filled
            if top is None:
                root = value
            elif not is_map:
                size += nodes
                top.append(value)
                top.item_marks.append(mark)
            elif key is done:
                size += nodes
                if isinstance(value, (Map, Seq)):
                    raise LoadError("complex-key", "映射的键必须是简单的文字", mark)
                if value in top:
                    first = top.key_marks[value][0]
                    raise LoadError(
                        "duplicate-key",
                        f"键「{value}」重复（第 {first} 行已出现）：请删除或合并其中一个", mark)
                key = value
                top.key_marks[value] = mark
            else:
                size += nodes
                top[key] = value
                top.value_marks[key] = mark
                key = done
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
    finally:
        loader.dispose()
    return root


def _control(value: str, mark: Mark) -> LoadError:
    char = first_control(value)
    assert char is not None, "called for a text that holds one"
    return LoadError("control-character",
                     f"文字「{excerpt(value)}」含有控制字符 {describe(char)}：请删除该字符"
                     "（双引号中的 \\x1b、\\e、\\b 之类的转义也会写出控制字符）", mark)


_SLIPS = (
    (re.compile(r"^[ \u3000]*(?:- )?[A-Za-z_][A-Za-z0-9_]*[ \u3000]*(：)"), "fullwidth-colon",
     "键后面的冒号是全角“：”：请改为半角冒号加一个空格“: ”（切换到英文输入法再输入）"),
    (re.compile(r"^ *(\u3000)[ \u3000]*(?:- )?[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]"),
     "fullwidth-space",
     "行首有全角空格：缩进只能用半角空格，请删除后用空格键重新缩进"),
    (re.compile(r"^ *(\t)"), "tab-indent",
     "行首有制表符（Tab）：YAML 的缩进只能用空格，请把 Tab 换成空格（通常 2 个）"),
)


def keyboard_slip(text: str, line: int | None) -> LoadError | None:
    """The slip a Chinese input method makes that broke the YAML, at its own line: a
    full-width colon after a key, a full-width space or a tab in the indentation. YAML's own
    message points at the line after and speaks English; this names the line and the key."""
    lines = text.splitlines()
    last = min(len(lines), (line or len(lines)) + 1)
    for number, content in enumerate(lines[:last], 1):
        for pattern, code, message in _SLIPS:
            found = pattern.match(content)
            if found:
                return LoadError(code, message, (number, found.start(1) + 1))
    return None


class NotRegularFile(OSError):
    """A path that is a pipe, socket or device (or a link to one): never opened to read."""


class TooLarge(OSError):
    """A file over the size limit, seen by its stat or by the bounded read."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Checked before anything is read: a named pipe would make the read wait forever, a
    device could be endless, a 200 MB file would be read whole (218 MB of memory) only to
    be refused. ``stat`` (following links) first, so such a path is never even opened; the
    open does not block (``O_NONBLOCK``: the path may have become a pipe since), ``fstat``
    checks again what was opened, and the read is bounded by ``limit`` + 1 bytes anyway,
    since the file can grow between the stat and the read."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "是一个文件夹，不是文件", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(0, _kind(info.st_mode), str(path))
    if info.st_size > limit:
        raise TooLarge(0, f"{info.st_size} 字节", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegularFile(0, _kind(os.fstat(handle).st_mode), str(path))
        # as much as the stat said, plus one byte to see growth: a read of ``limit`` would
        # allocate a buffer of the limit (20 MB) for every file
        chunks = [os.read(handle, min(info.st_size, limit) + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= limit:  # it grew after the stat: read on, in steps
            chunks.append(os.read(handle, min(1 << 20, limit + 1 - total)))
            total += len(chunks[-1])
    finally:
        os.close(handle)
    if total > limit:
        raise TooLarge(0, f"超过 {limit} 字节", str(path))
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字（socket）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "不是普通文件"


def load_file(path: Path, display: str, problems: Problems) -> Any:
    """Read and parse ``path``; on failure add the problem(s) and return ``None``."""
    try:
        data = read_bounded(path, MAX_BYTES)
    except NotRegularFile as exc:
        problems.error("not-a-file", f"这不是普通文件，而是{exc.strerror}：不会读取它。"
                       "请删除它，或换成真正的项目文件", file=display)
        return None
    except TooLarge:
        problems.error("file-too-large", f"文件大小超过 {MAX_BYTES // 1024 // 1024} MB："
                       "一个项目文件不应这么大，请检查内容", file=display)
        return None
    except OSError as exc:
        problems.error("unreadable-file", f"无法读取文件（{exc.strerror}）", file=display)
        return None
    refused: list[LoadError] = []
    value = None
    try:
        value = parse_text(_decode(data), refused)
    except LoadError as failed:
        refused.append(failed)
    for error in refused:
        line, column = error.mark if error.mark else (None, None)
        problems.error(error.code, error.message, line, column, file=display)
    return None if refused else value
