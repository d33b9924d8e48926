"""Remove the TrueType hinting from the certificate fonts in resources/fonts (a one-off, not run by the build).

    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install 'fonttools>=4.50'
    /tmp/ft/bin/python tools/unhint_fonts.py SOURCE_DIR resources/fonts

Hinting (the `fpgm`, `prep` and `cvt ` tables and each glyph's instructions) only adjusts outlines to a
screen's pixel grid at small sizes. Printers and most PDF viewers ignore it; pdfium runs it, for every
glyph of every certificate's picture. Without it each certificate is a third smaller (its four font
subsets no longer carry the programs) and its picture is drawn faster. The outlines, metrics and
OpenType layout are the source font's, unchanged; Noto publishes "unhinted" builds made the same way.
The SIL Open Font License allows modified versions, and Noto reserves no font name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-not-found]  # a tool's own dependency
from fontTools.ttLib.tables import ttProgram  # type: ignore[import-not-found]

HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp")
INSTRUCTIONS_MAY_ALTER_ADVANCE = 1 << 4  # `head.flags` bit 4


def unhint(source: Path, target: Path) -> None:
    font = TTFont(source)
    for tag in (*HINTING_TABLES, "DSIG"):  # DSIG: the source's signature no longer matches
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in glyf.keys():
        glyph = glyf[name]
        glyph.expand(glyf)
        if hasattr(glyph, "program"):
            glyph.program = ttProgram.Program()
            glyph.program.fromBytecode(b"")
    maxp = font["maxp"]
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    font["head"].flags &= ~INSTRUCTIONS_MAY_ALTER_ADVANCE
    font.save(target)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    source_dir, target_dir = Path(argv[0]), Path(argv[1])
    for source in sorted(source_dir.glob("*.ttf")):
        unhint(source, target_dir / source.name)
        print(f"{source.name}: {source.stat().st_size} -> {(target_dir / source.name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
