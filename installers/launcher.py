"""Entry script of the frozen app (build.spec): `microcred` with the same arguments as the installed command.

The desktop integrations (Windows file association, the Linux .desktop file, macOS document types)
start the app with the path of a document to verify as its one argument. The command line has no
positional argument for that, so a lone path of an existing document (.jsonld, .json, .pdf, picture) is
taken off the arguments and handed to the app in MICROCRED_OPEN_FILE (the GUI opens it on the Verify
page once it reads that variable); everything else goes to the command line unchanged.

Issuing renders certificates in worker processes started with "spawn": in the frozen app a worker is
this same executable, and multiprocessing.freeze_support() must run first to turn it into a worker
instead of a second app (the self-test's issue step fails without it).
"""

from __future__ import annotations

import os
import sys

OPTIONS_WITH_VALUE = {"--data-dir", "--lang"}
DOCUMENTS = (".jsonld", ".json", ".pdf", ".png", ".jpg", ".jpeg", ".svg", ".jwt")


def _arguments(argv: list[str]) -> list[str]:
    """`argv` without a lone document path (which goes to MICROCRED_OPEN_FILE); else `argv` unchanged."""
    kept: list[str] = []
    documents: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in OPTIONS_WITH_VALUE:
            kept += [arg, next(args, "")]
        elif arg.startswith("-"):
            kept.append(arg)
        else:
            documents.append(arg)
    if len(documents) == 1 and documents[0].lower().endswith(DOCUMENTS) and os.path.isfile(documents[0]):
        os.environ["MICROCRED_OPEN_FILE"] = os.path.abspath(documents[0])
        return kept
    return argv


def _main() -> int:
    from microcred_desktop.__main__ import main

    return main(_arguments(sys.argv[1:]))


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(_main())
