"""Reading QR codes from pictures: a photo or scan of a certificate, or a rendered PDF page (zxing-cpp)."""

from __future__ import annotations

import io
import warnings

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from microcred_desktop.domain.errors import UserError
from microcred_desktop.i18n import _

MAX_PIXELS = 60_000_000  # a 50-megapixel phone photo fits; a decompression bomb does not
# Past this many pixels zxing gets slow on a noisy photo; a 30 mm code on A4 still has 4+ px a module.
WORK_PIXELS = 16_000_000
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "MPO", "WEBP", "BMP", "TIFF", "GIF"})
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class ImageUnreadable(UserError):
    """The bytes are not a picture this program can open."""


def looks_like_image(data: bytes) -> bool:
    """True for the start of a PNG, JPEG, WebP, BMP, TIFF or GIF file."""
    head = data[:12]
    return (
        head.startswith((PNG_MAGIC, JPEG_MAGIC, b"BM", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def open_image(data: bytes) -> Image.Image:
    """The picture in `data`, upright as the camera saw it, in grayscale; ImageUnreadable otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise ImageUnreadable(_("This picture's format is not supported; use PNG or JPEG."))
            if image.width * image.height > MAX_PIXELS:
                raise ImageUnreadable(_("The picture is too large ({w} × {h} pixels).").format(
                    w=image.width, h=image.height), _("Take a smaller photo of the QR code."))
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            gray = upright.convert("L")
    except ImageUnreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageUnreadable(_("The picture is too large."), _("Take a smaller photo of the QR code.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageUnreadable(_("This picture is damaged or is not a picture."), str(exc)[:200]) from None
    return gray


def _shrunk(image: Image.Image) -> Image.Image:
    pixels = image.width * image.height
    if pixels <= WORK_PIXELS:
        return image
    scale = (WORK_PIXELS / pixels) ** 0.5
    return image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))),
                        Image.Resampling.LANCZOS)


def qr_texts(image: Image.Image) -> list[str]:
    """The text of every QR code found in `image` (empty when there is none)."""
    found = zxingcpp.read_barcodes(_shrunk(image), formats=QR_ONLY)
    if not found and image.width * image.height > WORK_PIXELS:
        found = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    if not found:  # blurred photos: a global threshold sometimes sees what the local one misses
        found = zxingcpp.read_barcodes(_shrunk(image), formats=QR_ONLY,
                                       binarizer=zxingcpp.Binarizer.GlobalHistogram)
    return [b.text for b in found if b.valid and b.text]


def decode_qr_image(data: bytes) -> list[str]:
    """The text of every QR code in a picture file (PNG, JPEG, …); ImageUnreadable if it is no picture."""
    return qr_texts(open_image(data))
