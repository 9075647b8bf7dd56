"""Hostile files are refused before any parser sees them (SPEC §4).

An .xlsx or .docx is a zip of XML parts. openpyxl and python-docx trust what they open: a
2 MB workbook whose one shared string unpacks to 2 GB, a zip of millions of members, a
DOCTYPE that defines entities, a macro project or an external link would each cost minutes,
gigabytes or trust. So the package is inspected with :mod:`zipfile` first: the central
directory's sizes and ratios, then every part parsed once by expat with DTDs refused and
the sheets' rows and cells counted (:mod:`.xml_parts`), each refusal with a problem code of
its own. Parsing afterwards is still bounded: ``zipfile`` never inflates a member past its
declared size (which the caps below have checked), openpyxl reads through defusedxml (pinned)
and python-docx with ``resolve_entities=False``, and rows and cell lengths are capped while
streaming (:mod:`.workbook_reader`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.intake.biff import counts
from generator.intake.xml_parts import scan

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB  # the file on disk
MAX_XLS_BYTES = 10 * MB  # an Excel 97–2003 workbook, read whole by xlrd
MAX_MEMBERS = 2_000  # parts in the zip (a large real workbook has a few dozen)
MAX_TOTAL_BYTES = 320 * MB  # all parts, unpacked
MAX_SHEET_BYTES = 256 * MB  # one worksheet, unpacked: streamed, its rows capped while reading
MAX_PART_BYTES = 64 * MB  # any other part, read whole: sharedStrings.xml, document.xml …
MAX_RATIO = 100  # unpacked ÷ packed for a part over RATIO_FROM bytes (real XML: 5–20)
RATIO_FROM = 1 * MB
MAX_ROWS = 100_000  # rows per sheet (a year's disclosure has hundreds; 指标 tens of thousands)
MAX_TOTAL_ROWS = 200_000  # rows of all sheets together (results.xlsx: 指标 is most of them)
MAX_CELLS = 2_000_000  # <c> elements of all sheets, counted while parsing (not <dimension>)
MAX_XLS_CELLS = 300_000  # an .xls (自评表 only): a department's 50 forms have ~30,000
MAX_COLUMNS = 200  # columns read per row
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# the advice of a refusal for size: the site's own workbook passes these limits at about
# 2,240 projects, each year's (data/<year>/results.xlsx) only when a year has that many
SPLIT = ("把数据分成几个文件，一次导入；网站导出的 results.xlsx 可改用数据页上各年度的 "
         "data/<年度>/results.xlsx")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    sheet: str | None = None


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size} 字节"


def kind_of(path: Path) -> str | None:
    """``"xlsx"``, ``"docx"``, ``"xls"`` or ``"pdf"`` by content (the parts or streams
    inside, a PDF's header, never the name), else None."""
    if _is_pdf(path):
        return "pdf"
    if _ole_streams(path) is not None:
        return "xls" if _is_xls(_ole_streams(path) or b"") else None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:MAX_MEMBERS])
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def inspect(path: Path) -> list[Refusal]:
    """Every reason to refuse ``path`` before parsing it; empty when it may be opened."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Refusal("import-too-large", f"文件有 {_mb(size)}，超过上限 {_mb(MAX_FILE_BYTES)}："
                        "请只保留需要导入的工作表或表格后另存再导入")]
    legacy = _compound_file(path)
    if legacy is not None:
        return [legacy]
    if kind_of(path) in ("xls", "pdf"):
        return []  # a PDF is opened, counted and read in a bounded process: intake/pdf/
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        return [Refusal("import-unreadable", f"不是 .xlsx 或 .docx 文件（{type(exc).__name__}）："
                        "请在 Excel/WPS/Word 中“另存为” Excel 工作簿（*.xlsx）或 Word 文档"
                        "（*.docx）后再导入")]
    with archive:
        return _inspect_members(path, archive)


_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _is_pdf(path: Path) -> bool:
    """A PDF: ``%PDF-`` in its first kilobyte (where readers look for it)."""
    with path.open("rb") as handle:
        return b"%PDF-" in handle.read(1024)


def _ole_streams(path: Path) -> bytes | None:
    """The bytes of an OLE compound file (its size already bounded), else None."""
    with path.open("rb") as handle:
        if handle.read(len(_OLE_MAGIC)) != _OLE_MAGIC:
            return None
        return handle.read(MAX_FILE_BYTES)


def _is_xls(data: bytes) -> bool:
    """An Excel 97–2003 workbook: a ``Workbook`` (BIFF8) or ``Book`` (BIFF5) stream and no
    ``EncryptedPackage`` (that is an encrypted .xlsx)."""
    return "EncryptedPackage".encode("utf-16-le") not in data and any(
        f"{name}\0".encode("utf-16-le") in data for name in ("Workbook", "Book"))


def _compound_file(path: Path) -> Refusal | None:
    """An OLE compound file is an encrypted Office file (an ``EncryptedPackage`` stream: the
    .xlsx/.docx inside cannot be read without the password), an Excel 97–2003 workbook (read
    by :mod:`.form.xls` when small enough) or another Office 97–2003 file (.doc), refused for
    what it is. Stream names are looked up as the UTF-16 text the directory stores them in."""
    data = _ole_streams(path)
    if data is None:
        return None
    if _is_xls(data):
        if len(data) + len(_OLE_MAGIC) > MAX_XLS_BYTES:
            return Refusal("import-too-large", f"Excel 97–2003 工作簿有 {_mb(len(data))}，超过"
                           f"上限 {_mb(MAX_XLS_BYTES)}：请只保留自评表，或“另存为” .xlsx 后再导入")
        cells, rows = counts(_OLE_MAGIC + data)
        if cells > MAX_XLS_CELLS:
            return Refusal("import-too-many-cells", f"Excel 97–2003 工作簿有 {cells:,} 个单元格，"
                           f"超过上限 {MAX_XLS_CELLS:,}：请只保留自评表后再导入")
        if rows > MAX_TOTAL_ROWS:
            return Refusal("import-too-many-rows", f"Excel 97–2003 工作簿各工作表合计 {rows} "
                           f"行，超过上限 {MAX_TOTAL_ROWS} 行：请只保留自评表后再导入")
        return None
    if "EncryptedPackage".encode("utf-16-le") in data:
        return Refusal("import-encrypted", "文件已加密（设有打开密码），无法读取：请在 Excel、WPS "
                       "或 Word 中打开后“另存为”一份不加密的副本（文件 → 信息 → 保护 → 删除密码）"
                       "再导入")
    return Refusal("import-unreadable", "这是 Word 97–2003 格式的文件（.doc）或其他旧格式文件："
                   "请在 Word/WPS 中“另存为” Word 文档（*.docx）后再导入")


def _inspect_members(path: Path, archive: zipfile.ZipFile) -> list[Refusal]:
    infos = archive.infolist()
    refusals: list[Refusal] = []
    if len(infos) > MAX_MEMBERS:
        return [Refusal("import-too-large", f"压缩包内有 {len(infos)} 个部件，超过上限 "
                        f"{MAX_MEMBERS}：这不是正常的 Office 文件，不会打开")]
    total = sum(info.file_size for info in infos)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            refusals.append(Refusal("import-zip-bomb", f"部件 {info.filename} 压缩比为 "
                                    f"{ratio:.0f}:1，解压后 {_mb(info.file_size)}（上限 "
                                    f"{MAX_RATIO}:1）：疑似“压缩炸弹”，不会解压"))
        elif info.file_size > (limit := _part_limit(info.filename)):
            refusals.append(Refusal("import-too-large", f"部件 {info.filename} 解压后有 "
                                    f"{_mb(info.file_size)}，超过上限 {_mb(limit)}："
                                    "单元格或段落中的文字过多，请删减后再导入"))
    if refusals:
        return refusals
    if total > MAX_TOTAL_BYTES:
        return [Refusal("import-too-large", f"文件解压后共 {_mb(total)}，超过上限 "
                        f"{_mb(MAX_TOTAL_BYTES)}：请只保留需要导入的内容后另存再导入")]
    names = {info.filename for info in infos}
    lower = {name.lower() for name in names}
    content_types = _head(archive, "[Content_Types].xml", 65536) if \
        "[Content_Types].xml" in names else b""
    if path.suffix.lower() in (".xlsm", ".xltm", ".docm", ".dotm") or \
            any(name.endswith("vbaproject.bin") for name in lower) or \
            b"macroenabled" in content_types.lower():
        refusals.append(Refusal("import-macros", "文件含有宏（VBA）：宏不会被执行，也不会导入。"
                                "请在 Excel/Word 中“另存为”不含宏的 .xlsx / .docx 后再导入"))
    links = sorted(n for n in names if n.lower().startswith("xl/externallinks/"))
    if links:
        refusals.append(Refusal("import-external-link", f"工作簿链接到外部文件（{links[0]} 等 "
                                f"{len(links)} 个部件）：外部链接不会被打开。请在 Excel 中"
                                "“数据 → 编辑链接 → 断开链接”，保存后再导入"))
    if refusals:
        return refusals
    return _scan_parts(archive)


def _scan_parts(archive: zipfile.ZipFile) -> list[Refusal]:
    """Every part parsed (:mod:`.xml_parts`): a DOCTYPE anywhere, a part that is not
    readable XML, or more cells or rows than the caps, each refused with its own code."""
    found = scan(archive, MAX_CELLS, MAX_TOTAL_ROWS, MAX_ROWS)
    if found.entity is not None:
        return [Refusal("import-xml-entity", f"部件 {found.entity} 含有 DOCTYPE 或实体定义："
                        "Office 文件不需要它们（“XML 实体”攻击），不会解析")]
    if found.unreadable is not None:
        part, reason = found.unreadable
        return [Refusal("import-unreadable", f"部件 {part} 不是可读的 XML（{reason}）："
                        "请在 Excel/WPS/Word 中打开后“另存为” .xlsx / .docx 再导入")]
    if found.over is None:
        return []
    titles = _sheet_titles(archive)
    last = next(reversed(found.rows), "")
    sheet = titles.get(last, last) if last else None
    if found.over == "cells":
        return [Refusal("import-too-many-cells", f"工作簿的单元格超过上限 {MAX_CELLS:,} 个"
                        f"（读到工作表「{sheet}」时）：请删除多余的行和列（或{SPLIT}）后再导入",
                        sheet)]
    if found.over == "rows":
        return [Refusal("import-too-many-rows", f"各工作表合计超过上限 {MAX_TOTAL_ROWS} 行"
                        f"（读到工作表「{sheet}」时）：请删除多余的行或工作表（或{SPLIT}）后再导入",
                        sheet)]
    return [Refusal("import-too-many-rows", f"工作表有超过 {MAX_ROWS} 行，超过上限 "
                    f"{MAX_ROWS} 行：请删除多余的行（或{SPLIT}）后再导入", sheet)]


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """``{"xl/worksheets/sheet1.xml": "信息表"}`` from the workbook's own parts, if readable."""
    from defusedxml import ElementTree

    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except Exception:  # a damaged workbook: openpyxl will say so
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    titles = {}
    for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        titles[part] = sheet.get("name", part)
    return titles


def _part_limit(name: str) -> int:
    streamed = name.startswith("xl/worksheets/") and name.endswith(".xml")
    return MAX_SHEET_BYTES if streamed else MAX_PART_BYTES


def _head(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    """The first ``size`` unpacked bytes of a part (never more)."""
    try:
        with archive.open(name) as member:
            return member.read(size)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return b""
