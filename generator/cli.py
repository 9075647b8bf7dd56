"""Command line: a thin layer; domain errors become exit codes only here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="python -m generator",
                           description="财政支出项目绩效评价结果公开网站生成器")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseParser)
    check = sub.add_parser("check", help="只检查内容文件")
    check.add_argument("path", nargs="?", default="content", help="内容文件夹或单个项目文件")
    check.add_argument("--strict", action="store_true", help="有警告也视为失败")
    check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    check.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    from .content import read_content
    from .report import as_json, as_text

    path = Path(args.path)
    if not path.exists():
        print(f"找不到「{path}」：请给出内容文件夹（如 content）或一个项目文件", file=sys.stderr)
        return EXIT_USAGE
    content = read_content(path, workers=args.workers)
    if args.json:
        print(as_json(content))
    else:
        print(as_text(content))
    if content.errors or (args.strict and content.warnings):
        return EXIT_ERRORS
    return EXIT_OK


COMMANDS = {"check": cmd_check}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return COMMANDS[args.command](args)
