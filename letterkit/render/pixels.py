"""The pixel cap: an image is measured from its header before anything decodes it.

A PNG of 17 KB can hold 12000 x 12000 pixels of one colour, which WeasyPrint
decodes into over a gigabyte. Pillow (a WeasyPrint dependency) reads only the
header on ``Image.open``, so the gatekeeper measures every raster image it
serves (PNG, JPEG, GIF, WebP...) and refuses one over the cap. Bytes Pillow
does not know as an image (stylesheets, fonts, SVG) pass unmeasured: SVG is
drawn as vectors, and its own raster images come through the gatekeeper too.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError


class TooManyPixels(Exception):
    """An image larger than the pixel cap, with its size in the message."""


def check_pixels(body: bytes, limit: int) -> None:
    """Refuse an image whose header gives more than ``limit`` pixels."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning (at 89 million pixels) is ours to decide on.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(body)) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # over twice Pillow's own limit, so over ours
        raise TooManyPixels(_over(limit, "an image of hundreds of millions of pixels")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return  # not a raster image Pillow reads: nothing to decode into pixels
    if width * height > limit:
        what = f"an image of {width} x {height} pixels ({width * height * 4 >> 20} MB decoded)"
        raise TooManyPixels(_over(limit, what))


def _over(limit: int, what: str) -> str:
    return f"{what} is over the limit of {limit / 1e6:g} million pixels"
