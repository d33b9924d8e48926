"""A plain default badge image for courses without one: a coloured disc with the title's initials."""

from __future__ import annotations

import io
import re
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = 512
DEFAULT_ACCENT = "#1f5fa8"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def initials(title: str, most: int = 3) -> str:
    """Up to `most` initials of the title's words, upper case ("Web accessibility basics" -> "WAB")."""
    letters = [word[0] for word in re.findall(r"\w+", title) if word[0].isalnum()]
    return "".join(letters[:most]).upper() or "?"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour if _HEX.match(colour) else DEFAULT_ACCENT
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


@lru_cache(maxsize=32)  # one per course in a batch: drawn once, not once per learner
def default_badge_png(title: str, accent_colour: str = DEFAULT_ACCENT) -> bytes:
    """A 512×512 PNG badge, the same bytes for the same title and colour."""
    accent = _rgb(accent_colour)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=accent)
    draw.ellipse((36, 36, SIZE - 36, SIZE - 36), outline=(255, 255, 255, 255), width=10)
    text = initials(title)
    font = ImageFont.load_default(size=180 if len(text) < 3 else 140)
    draw.text((SIZE / 2, SIZE / 2), text, fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
