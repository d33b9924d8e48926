"""Entry script of the frozen app (build.spec): `microcred` with the same arguments as the installed command.

The desktop integrations (Windows file association, the Linux .desktop file, macOS document types)
start the app with one argument, the path of a document to verify. The command line has no positional
argument for that, so a single existing file path is taken off the arguments and handed to the app in
MICROCRED_OPEN_FILE (the GUI opens it on the Verify page once it reads that variable); everything
else goes to the command line unchanged.
"""

from __future__ import annotations

import os
import sys


def _arguments(argv: list[str]) -> list[str]:
    if len(argv) == 1 and not argv[0].startswith("-") and os.path.isfile(argv[0]):
        os.environ["MICROCRED_OPEN_FILE"] = os.path.abspath(argv[0])
        return []
    return argv


def _main() -> int:
    from microcred_desktop.__main__ import main

    return main(_arguments(sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(_main())
