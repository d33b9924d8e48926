"""The `microcred` command: the same services as the GUI, no Qt import (the GUI is loaded lazily)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..domain.errors import UserError, ValidationError
from ..i18n import _, set_language
from ..logs import setup_logging
from ..paths import resolve_data_dir
from . import catalogue_cmds, issue_cmds, keys_cmds, mail_cmds, verify_cmds

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace], int]
MODULES = [catalogue_cmds, keys_cmds, issue_cmds, verify_cmds, mail_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microcred",
        description=_("Issue and verify EU micro-credentials offline. With no command, opens the app."),
    )
    parser.add_argument("--data-dir", metavar="DIR", help=_("the data folder (default: MICROCRED_DATA_DIR "
                                                            "or your user data folder)"))
    parser.add_argument("--lang", choices=["en", "lt", "lv"], help=_("language of messages"))
    parser.add_argument("--version", action="version", version=f"microcred desktop {__version__}")
    parser.add_argument("--self-test", action="store_true", help=_("check this installation and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in MODULES:
        module.register(commands)
    return parser


def report_error(error: UserError) -> None:
    print(_("Error: {message}").format(message=str(error)), file=sys.stderr)


def parse(argv: list[str]) -> argparse.Namespace:
    """The parsed command line, messages already in the chosen language; `command` None means the GUI."""
    set_language(_language_from(argv))
    args = build_parser().parse_args(argv)
    args.data_dir = resolve_data_dir(args.data_dir)
    return args


def run(argv: list[str]) -> int:
    args = parse(argv)
    if args.command is None and not args.self_test:
        build_parser().print_help()
        return 0
    return execute(args)


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; a user error becomes one sentence on stderr and exit code 2 (or 1)."""
    setup_logging(Path(args.data_dir) / "logs")
    try:
        if args.self_test:
            from ..services.self_test import run_self_test

            return run_self_test(print)
        handler: Command = args.handler
        return handler(args)
    except ValidationError as error:
        report_error(error)
        return error.exit_code
    except UserError as error:
        report_error(error)
        return error.exit_code
    except BrokenPipeError:  # the output went to a pager or `head` that closed early
        return 0
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in %s", args.command)
        print(_("Something went wrong inside microcred (a bug). Details are in the log file in {folder}.").format(
            folder=Path(args.data_dir) / "logs"), file=sys.stderr)
        return 1


def _language_from(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
