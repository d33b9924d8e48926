"""`microcred` / `python -m microcred_desktop`: the CLI, or the GUI when no sub-command is given."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from . import cli

    args = cli.parse(sys.argv[1:] if argv is None else argv)
    if args.command is None and not args.self_test:
        from .app import run_gui  # Qt is imported only when the window is wanted

        return run_gui(args.data_dir, args.lang)
    return cli.execute(args)


if __name__ == "__main__":
    sys.exit(main())
