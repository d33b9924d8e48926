"""A stand-in certificate image for the EDC's display, used until the PDF's page image exists."""

from __future__ import annotations

import io
import re
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ...domain.credential import CredentialDocument
from ...resources import read_bytes

SIZE = (842, 595)  # A4 landscape at 72 dpi
MARGIN = 48
FALLBACK_ACCENT = "#1f5fa8"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(name: str, size: int) -> Font:
    """A shipped Noto font (it has every Lithuanian and Latvian letter), else Pillow's own."""
    try:
        return ImageFont.truetype(io.BytesIO(read_bytes("fonts", name)), size)
    except OSError:
        return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def placeholder_image(doc: CredentialDocument, lang: str) -> bytes:
    """A small PNG naming the course and the learner in `lang`; the same bytes for the same inputs."""
    org = doc.organisation
    accent = org.accent_colour if HEX_COLOUR.match(org.accent_colour or "") else FALLBACK_ACCENT
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle((12, 12, width - 13, height - 13), outline=accent, width=6)

    y = MARGIN
    draw.text((MARGIN, y), org.name_in(lang), font=_font("NotoSans-Regular.ttf", 22), fill="#444444")
    y += 90
    title_font = _font("NotoSans-Bold.ttf", 36)
    for line in _wrap(draw, doc.course.title_in(lang), title_font, width - 2 * MARGIN)[:3]:
        draw.text((MARGIN, y), line, font=title_font, fill=accent)
        y += 48
    y += 40
    draw.text((MARGIN, y), doc.learner.full_name, font=_font("NotoSans-Regular.ttf", 30), fill="black")
    draw.text((MARGIN, height - MARGIN - 24), doc.completion_date.isoformat(),
              font=_font("NotoSans-Regular.ttf", 20), fill="#444444")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
