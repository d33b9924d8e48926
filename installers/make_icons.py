"""Make the app icon: resources/icons/microcred.svg, PNGs 16-512, microcred.ico and microcred.icns.

    .venv/bin/python installers/make_icons.py        # rewrites resources/icons/

A calm seal for certificates: a navy rosette with a serrated edge, a thin inner ring and a check mark,
on two muted gold ribbon tails. The SVG is the source; the PNGs are that SVG drawn by Qt (QtSvg), so
every size is the same picture; the .ico and .icns hold those PNGs (Pillow). Offline, no other tools.
"""

from __future__ import annotations

import io
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
NAVY, NAVY_DARK, GOLD, GOLD_DARK, WHITE = "#1d4b82", "#163a66", "#c9a44c", "#a8863a", "#ffffff"


def _points(cx: float, cy: float, outer: float, inner: float, teeth: int) -> str:
    coords = []
    for i in range(teeth * 2):
        angle = math.pi * i / teeth - math.pi / 2
        radius = outer if i % 2 == 0 else inner
        coords.append(f"{cx + radius * math.cos(angle):.1f},{cy + radius * math.sin(angle):.1f}")
    return " ".join(coords)


def svg() -> str:
    cx, cy = 256, 216
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>microcred desktop</title>
  <!-- ribbon tails -->
  <path d="M178 300 L132 478 L184 450 L214 496 L250 330 Z" fill="{GOLD}" stroke="{GOLD_DARK}" stroke-width="6"
        stroke-linejoin="round"/>
  <path d="M334 300 L380 478 L328 450 L298 496 L262 330 Z" fill="{GOLD}" stroke="{GOLD_DARK}" stroke-width="6"
        stroke-linejoin="round"/>
  <!-- the seal -->
  <polygon points="{_points(cx, cy, 200, 182, 36)}" fill="{NAVY}" stroke="{NAVY_DARK}" stroke-width="6"
           stroke-linejoin="round"/>
  <circle cx="{cx}" cy="{cy}" r="146" fill="none" stroke="{WHITE}" stroke-width="10" opacity="0.9"/>
  <path d="M186 220 L236 270 L332 168" fill="none" stroke="{WHITE}" stroke-width="34" stroke-linecap="round"
        stroke-linejoin="round"/>
</svg>
"""


def render_png(svg_bytes: bytes, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_bytes))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    text = svg()
    (OUT / "microcred.svg").write_text(text, encoding="utf-8")
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        pngs[size] = render_png(text.encode(), size)
        (OUT / f"microcred-{size}.png").write_bytes(pngs[size])
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    largest = images[max(ICO_SIZES)]
    largest.save(OUT / "microcred.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    images[512].save(OUT / "microcred.icns", format="ICNS",
                     append_images=[images[s] for s in (16, 32, 64, 128, 256)])
    print(f"wrote {len(SIZES)} PNGs, microcred.svg, .ico and .icns to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
