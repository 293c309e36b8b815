"""`gdnn parse FILE [--format json|text]` — a plan document → JSON in the gold schema, or a summary.

Exit status: 0 on success, 2 on bad input (one line on stderr), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import json
import sys

from gdnn.parsing.errors import DocumentError
from gdnn.parsing.pipeline import parse_document
from gdnn.parsing.render import render_text


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ArgumentError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gdnn parse",
        description=(
            "Phân tích một kế hoạch giáo dục nghề nghiệp (.txt .md .docx .pdf, kể cả bản quét) thành "
            "cơ quan ban hành, số hiệu, ngày, chỉ tiêu, nhiệm vụ, cơ quan thực hiện, chế độ báo cáo và kinh phí. "
            "Parse a vocational-education plan into the gold JSON schema plus spans, indicator codes and warnings."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the plan document (.txt, .md, .docx, .pdf; .doc with LibreOffice)")
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: the gold schema + spans (default); text: a readable summary in Vietnamese",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except _ArgumentError as exc:
        print(f"gdnn parse: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        draft = parse_document(args.file)
    except DocumentError as exc:
        print(f"gdnn parse: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    except Exception as exc:  # an internal error: still one line, no traceback
        print(f"gdnn parse: lỗi nội bộ khi phân tích {args.file}: {type(exc).__name__}: {exc}".replace("\n", " "), file=sys.stderr)
        return 1
    if args.format == "text":
        sys.stdout.write(render_text(draft))
    else:
        sys.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
