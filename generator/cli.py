"""Command line: a thin layer; domain errors become exit codes only here."""

from __future__ import annotations

import argparse
import errno
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.core.command import COMMAND
from generator.core.problems import BuildError, ContentError
from generator.core.text_safety import VisibleStream

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NO_BASE_URL = ("提示：site.yml 没有设置 base_url（网站的发布地址），订阅 feed.xml 与项目页引用中的"
               "链接为相对地址，站点地图 sitemap.xml 不列出页面；设置后为绝对地址，"
               "并列出每个页面。")


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def _parser(prog: str = COMMAND) -> argparse.ArgumentParser:
    parser = ChineseParser(prog=prog, description="财政支出项目绩效评价结果公开网站生成器")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseParser)
    init = sub.add_parser("init", help="新建一个网站文件夹（内容设置与一个示例项目）")
    init.add_argument("dir", help="新文件夹的路径，如 mysite")
    check = sub.add_parser("check", help="只检查内容文件")
    check.add_argument("path", nargs="?", default="content", help="内容文件夹或单个项目文件")
    check.add_argument("--strict", action="store_true", help="有警告也视为失败")
    check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    check.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    build = sub.add_parser("build", help="检查内容并生成网站")
    build.add_argument("--content", default="content", help="内容文件夹（默认 content）")
    build.add_argument("--out", default=None, help="生成的 Markdown 等中间文件夹（默认 build）")
    build.add_argument("--site", default=None, help="网站输出文件夹（默认 site）")
    build.add_argument("--no-site", action="store_true", help="只生成 Markdown，不运行 MkDocs")
    build.add_argument("--strict", action="store_true", help="有警告也视为失败")
    build.add_argument("--stages", action="store_true",
                       help="另列出各步骤的用时（开发者测量用，见 docs/dev/performance.md）")
    build.add_argument("--wait", nargs="?", type=float, const=-1.0, default=0.0,
                       metavar="秒", help="另一个构建正在运行时等它结束（可给出最多等待的秒数）；"
                       "默认立即报错退出")
    serve = sub.add_parser("serve", help="本地预览，内容修改后自动重新生成")
    serve.add_argument("--content", default="content", help="内容文件夹（默认 content）")
    serve.add_argument("--addr", default="127.0.0.1:8000",
                       help="预览地址（默认 127.0.0.1:8000，只有本机能打开；可只写端口，如 8001）")
    serve.add_argument("--out", default=None, help="预览用的中间文件夹（默认 build/serve）")
    serve.add_argument("--verbose", action="store_true",
                       help="显示 MkDocs 与所用程序库的全部输出（排查问题时用）")
    package = sub.add_parser("package", help="打包可从本地磁盘直接打开的网站（zip）")
    package.add_argument("--content", default="content", help="内容文件夹（默认 content）")
    package.add_argument("--output", default="dist/site.zip", help="zip 文件路径")
    imp = sub.add_parser("import", help="从 Excel 信息表或 Word 信息表文档导入项目文件")
    imp.add_argument("file", nargs="+",
                     help="Excel 文件（.xlsx，表头为信息表的栏目名）、Word 文档（.docx）或 PDF；"
                     "可以一次给出几个（如各年度的 results.xlsx），全部通过才写入")
    imp.add_argument("--content", default="content", help="内容文件夹（默认 content）")
    imp.add_argument("--force", action="store_true", help="覆盖已存在的项目文件")
    imp.add_argument("--dry-run", action="store_true",
                     help="只列出将新建或替换的文件及每个项目的改动，不写入任何文件")
    new = sub.add_parser("new", help="生成一个带注释的项目文件")
    new.add_argument("--year", type=int, default=None, help="预算年度（默认上一年）")
    new.add_argument("--authority", default=None, help="主管部门（同时作为项目单位）")
    new.add_argument("--name", default=None, help="项目名称")
    new.add_argument("--id", default=None, help="文件名（英文），如 video-conference")
    new.add_argument("--content", default="content", help="内容文件夹（默认 content）")
    new.add_argument("--self-evaluation", action="store_true",
                     help="生成项目支出绩效自评表（单位自评）格式的项目文件")
    return parser


def _failed(error: ContentError | BuildError, after_content: str = "",
            after_build: str = "") -> int:
    """Report why a build or package stopped: the content's problems grouped by file, or
    the build's own error; then what that left unchanged (if anything is to be said)."""
    from generator.content.report import problems_text

    if isinstance(error, ContentError):
        print(problems_text(error.problems, error.files), file=sys.stderr)
    else:
        print(str(error), file=sys.stderr)
    after = after_content if isinstance(error, ContentError) else after_build
    if after:
        print(after, file=sys.stderr)
    return EXIT_ERRORS


def _given(value: str) -> Path:
    """A path from the command line, made absolute once, here: the pipeline runs tools in
    other working folders (Pagefind in the pages' folder), where a relative path would name
    another place (``build --content c --out b --site s`` ended in "Pagefind was not able to
    build an index"). ``absolute``, not ``resolve``: a link keeps its own name."""
    return Path(value).absolute()


def _found(path: Path, exists: bool, what: str, advice: str = "") -> bool:
    """False, after saying which path is missing and what to give instead."""
    if not exists:
        print(f"找不到{what}「{path}」" + (f"：{advice}" if advice else ""), file=sys.stderr)
    return exists


def cmd_build(args: argparse.Namespace) -> int:
    from generator.content.report import counted
    from generator.publish.paths import work_root
    from generator.publish.pipeline import build

    if not _found(Path(args.content), Path(args.content).is_dir(), "内容文件夹"):
        return EXIT_USAGE
    content = _given(args.content)
    out = _given(args.out) if args.out else work_root() / "build"
    site = None if args.no_site else (_given(args.site) if args.site else work_root() / "site")
    try:
        result = build(content, out, site, strict=args.strict,
                       wait=None if args.wait < 0 else args.wait)
    except (ContentError, BuildError) as exc:
        return _failed(exc, "内容有错误，网站没有更新：请按上面的提示修改后重新运行。",
                       "网站没有更新。")
    for problem in result.content.warnings:
        print(problem.format(), file=sys.stderr)
    stats = result.stats
    timing = "，".join(f"{k} {v:.1f} 秒" for k, v in result.seconds.items())
    print(f"{counted(result.project_count, result.whole_count)}；写入 {len(stats.written)} 个文件，"
          f"未变 {stats.unchanged} 个，删除 {len(stats.removed)} 个（{timing}）")
    if args.stages:
        for name, seconds in sorted(result.stages.items()):
            print(f"  {name:32} {seconds:7.2f} 秒")
    if result.site_dir and "mkdocs" not in result.seconds:
        print(f"内容与上次构建相同，网站没有重新生成：{result.site_dir}")
    elif result.site_dir:
        print(f"网站已生成：{result.site_dir}")
    if not result.content.config.base_url:
        print(NO_BASE_URL)
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from generator.publish.starter import StarterError, create_site

    folder = Path(args.dir)
    try:
        create_site(folder)
    except StarterError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERRORS
    cd = f'"{folder}"' if " " in str(folder) else str(folder)
    print(f"已新建网站文件夹「{folder}」：content/site.yml 是网站设置，content/projects/ 中有"
          f"一个示例项目。进入该文件夹（cd {cd}）后运行 {COMMAND} check 检查、"
          f"{COMMAND} build 生成网站。")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from generator.content.discovery import read_content
    from generator.content.report import as_json, as_text

    path = Path(args.path)
    if not _found(path, path.exists(), "", "请给出内容文件夹（如 content）或一个项目文件"):
        return EXIT_USAGE
    content = read_content(path, workers=args.workers)
    if args.json:
        print(as_json(content))
    else:
        print(as_text(content))
    if content.errors or (args.strict and content.warnings):
        return EXIT_ERRORS
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from generator.intake.importer import import_workbook

    names = [found for name in args.file for found in _matches(name)]
    present = [_found(Path(name), Path(name).is_file(), "文件",
                      "请给出 .xlsx、.docx 或 .pdf 文件的路径") for name in names]
    if not all(present):  # every missing one said
        return EXIT_USAGE
    ok = import_workbook([_given(name) for name in names], _given(args.content),
                         force=args.force, dry_run=args.dry_run)
    return EXIT_OK if ok else EXIT_ERRORS


def _matches(name: str) -> list[str]:
    """The files a pattern names (``site\\data\\*\\results.xlsx``), sorted, where no file
    has that very name: Windows' cmd and PowerShell hand a program its ``*`` unexpanded,
    where a Linux shell has expanded it already. A pattern matching nothing stays itself,
    to be said missing."""
    import glob

    if Path(name).exists() or not any(sign in name for sign in "*?["):
        return [name]
    return sorted(glob.glob(name)) or [name]


def cmd_new(args: argparse.Namespace) -> int:
    from generator.content.discovery import display_path
    from generator.intake.scaffold import ScaffoldError, create_project

    try:
        target = create_project(Path(args.content), args.year, args.name, args.authority,
                                args.id, self_evaluation=args.self_evaluation)
    except ScaffoldError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERRORS
    print(f"已创建 {display_path(target)}：请按注释填写，然后运行 "
          f"{COMMAND} check {display_path(target)}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.publish.serve import serve

    return serve(_given(args.content), args.addr, _given(args.out) if args.out else None,
                 verbose=args.verbose)


def cmd_package(args: argparse.Namespace) -> int:
    from generator.publish.package import package

    try:
        output = package(_given(args.content), _given(args.output))
    except (ContentError, BuildError) as exc:
        return _failed(exc)
    print(f"已打包：{output}（解压后打开 site/index.html 即可浏览）")
    return EXIT_OK


COMMANDS = {"init": cmd_init, "check": cmd_check, "build": cmd_build, "serve": cmd_serve,
            "package": cmd_package, "import": cmd_import, "new": cmd_new}


# What the operating system refused, said for staff: (code, what happened, what to do).
_OS_ERRORS = {
    errno.ENOSPC: ("os-disk-full", "磁盘空间不足", "请清理磁盘或换一个空间足够的文件夹后重试"),
    errno.EDQUOT: ("os-disk-full", "磁盘配额已用完", "请清理磁盘或换一个空间足够的文件夹后重试"),
    errno.EROFS: ("os-read-only", "文件夹是只读的", "请换一个可以写入的文件夹，或取消只读后重试"),
    errno.EACCES: ("os-permission", "没有写入或读取的权限",
                   "请换一个有权限的文件夹，或请管理员授予权限后重试"),
    errno.EPERM: ("os-permission", "操作系统不允许这个操作",
                  "请换一个有权限的文件夹，或请管理员授予权限后重试"),
    errno.ENOENT: ("os-not-found", "找不到文件或文件夹", "请确认路径存在后重试"),
    errno.EBUSY: ("os-locked", "文件正被其他程序使用",
                  "请关闭打开它的程序（如 Excel、WPS 或资源管理器窗口）后重试"),
}


def _os_failed(exc: OSError, command: str) -> int:
    """An operating-system failure as one Chinese line with its code, never a traceback;
    the build has left the published site as it was (it swaps only a finished one)."""
    if exc.errno is None:  # one of ours (a missing vendored file …): its message says it all
        print(str(exc), file=sys.stderr)
        return EXIT_ERRORS
    code, what, advice = _OS_ERRORS.get(exc.errno, (
        "os-error", f"操作系统报告错误（{exc.strerror or type(exc).__name__}）",
        "请根据提示检查文件夹后重试"))
    where = exc.filename or ""
    if code == "os-disk-full" and where:
        try:
            free = shutil.disk_usage(Path(where).parent if not Path(where).is_dir()
                                     else where).free
            what += f"（剩余 {free / 2**20:.1f} MB）"
        except OSError:
            pass
    place = f"「{where}」" if where else ""
    kept = "已发布的网站没有改动。" if command in ("build", "package") else ""
    print(f"[{code}] {what}{place}：{advice}。{kept}", file=sys.stderr)
    return EXIT_ERRORS


def main(argv: Sequence[str] | None = None, prog: str = COMMAND) -> int:
    """Run one command. Everything it prints goes through :class:`VisibleStream`: a control
    character or escape sequence from the data is shown as ``\\x1b``, never sent raw."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        args = _parser(prog).parse_args(argv)
        try:
            return COMMANDS[args.command](args)
        except OSError as exc:
            return _os_failed(exc, args.command)
    finally:
        sys.stdout, sys.stderr = saved


def run() -> int:
    """The installed wheel's console command ``jxgk`` (绩效公开); ended as ``python -m
    generator`` is (:mod:`generator.base.ending`)."""
    from generator.base.ending import leave

    leave(main(prog="jxgk"))
