"""Responsive images in the written pages: width/height on every local image, srcset for raster ones.

Runs on ``finalized`` over the output's HTML files, so it sees the final URLs
(relative in local builds, absolute in production) of body images, covers,
video posters and author photos alike:

- every ``<img>`` whose file is in the output gets ``width`` and ``height``
  (its intrinsic size; an SVG's from its width/height or viewBox) unless the
  template set them, so nothing shifts while images load;
- a PNG, JPEG or WebP wider than the smallest of ``RESPONSIVE_IMAGE_WIDTHS``
  gets smaller copies beside it in the output (``photo-480w-1a2b3c4d.jpg`` …,
  made with Pillow; the name holds a digest of the original's bytes, so a
  rebuild reuses them and a changed image gets new ones) and
  ``srcset``/``sizes``; the original file and ``src`` stay as they are;
- ``loading="lazy"`` on body images comes from ``output.lazy_images``; the
  cover keeps loading at once.

An ``<img>`` that already has a ``srcset``, points to another host, or whose file
is missing is left alone (``invoke check`` reports missing files).  Tags are
edited in place with a regex, so the rest of each page keeps its exact bytes.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from siteconf.urls import is_absolute

from . import settings as assets_settings

logger = logging.getLogger(__name__)

IMG_RE = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
ATTR_RE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
SRCSET_SAFE = ":/?#[]@!$&'()*+;=%~"  # everything a URL may hold unencoded, but the comma
_LENGTH_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


@dataclass
class ImageInfo:
    width: int
    height: int
    # (width, file name beside the original) of each smaller copy, narrowest first
    variants: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0  # of them, made by this build (the others were there already)


def parse_attributes(tag: str) -> dict[str, str]:
    inner = tag[4:].rstrip(">").rstrip("/")
    attrs = {}
    for match in ATTR_RE.finditer(inner):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs.setdefault(name, html.unescape(value))
    return attrs


def add_attributes(tag: str, new: dict[str, str]) -> str:
    extra = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in new.items())
    end = "/>" if tag.endswith("/>") else ">"
    return tag[: -len(end)].rstrip() + extra + end


def svg_size(path: str) -> tuple[int, int] | None:
    """An SVG's size from its width/height attributes (plain or px), else its viewBox."""
    try:
        for _, element in ET.iterparse(path, events=("start",)):
            attrs = element.attrib
            width, height = (_LENGTH_RE.match(attrs.get(k, "")) for k in ("width", "height"))
            if width and height:
                return round(float(width.group(1))), round(float(height.group(1)))
            box = (attrs.get("viewBox") or "").replace(",", " ").split()
            if len(box) == 4:
                return round(float(box[2])), round(float(box[3]))
            return None
    except (ET.ParseError, OSError, ValueError):
        return None
    return None


def variant_name(name: str, width: int, digest: str) -> str:
    stem, ext = os.path.splitext(name)
    return f"{stem}-{width}w-{digest}{ext}"


def _digest(path: str, quality: int) -> str:
    """Eight hex digits of the original's bytes (and the encoding quality): part of each copy's name."""
    hasher = hashlib.sha256(f"q{quality};".encode())
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()[:8]


def _remove_stale(folder: str, name: str, keep: set[str]) -> None:
    """Copies made from an earlier version of the image (another digest in their name)."""
    stem, ext = os.path.splitext(name)
    pattern = re.compile(rf"^{re.escape(stem)}-\d+w-[0-9a-f]{{8}}{re.escape(ext)}$")
    for other in os.listdir(folder):
        if other not in keep and pattern.match(other):
            os.remove(os.path.join(folder, other))


def raster_info(path: str, widths, quality: int, make_variants: bool) -> ImageInfo | None:
    """The displayed size of a raster image, and its smaller copies (written beside it when missing or stale)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image)  # a phone photo's EXIF rotation, as browsers show it
            info = ImageInfo(image.width, image.height)
            if not make_variants:
                return info
            folder, name = os.path.split(path)
            digest = _digest(path, quality)
            fmt = RASTER_FORMATS[os.path.splitext(name)[1].lower()]
            for width in sorted(set(int(w) for w in widths)):
                if width >= image.width:
                    continue
                target = os.path.join(folder, variant_name(name, width, digest))
                if not os.path.isfile(target):
                    height = max(1, round(image.height * width / image.width))
                    source = image
                    if fmt == "JPEG" and source.mode not in ("RGB", "L", "CMYK"):
                        source = source.convert("RGB")
                    elif source.mode == "P":
                        source = source.convert("RGBA")
                    small = source.resize((width, height), Image.Resampling.LANCZOS)
                    options = {"optimize": True}
                    if fmt in ("JPEG", "WEBP"):
                        options.update(quality=quality)
                    if fmt == "JPEG":
                        options.update(progressive=True)
                    small.save(target, fmt, **options)
                    info.written += 1
                info.variants.append((width, os.path.basename(target)))
            _remove_stale(folder, name, {variant for _, variant in info.variants})
            return info
    except (OSError, UnidentifiedImageError, ValueError) as error:
        logger.warning("Responsive images: cannot read %s (%s)", path, error)
        return None


def may_hold_images(data: bytes) -> bool:
    """Whether a page's bytes may hold an ``<img>`` to edit: looked for in the bytes (UTF-8 keeps ASCII
    as it is), so a page without one is not decoded (1,600 pages of a site with 20,000 archived
    comments: 0.05 s)."""
    return b"<img" in data or b"<IMG" in data


# Output files the writer left as they were this build (``siteconf.hooks.output_unchanged``) and that
# hold no image: the same bytes as the last build's, after its pass, so this pass would leave them too.
_unchanged_without_images: set[str] = set()


def note_unchanged(path: str, data: bytes, **_times) -> None:
    """output_unchanged: remember a page with nothing to edit, which ``process_output`` does not read."""
    if not may_hold_images(data):
        _unchanged_without_images.add(os.path.abspath(path))


class Processor:
    """Edits the ``<img>`` tags of one built site; remembers each image file it has read."""

    def __init__(self, output_path: str, settings: dict):
        self.output = os.path.abspath(output_path)
        self.siteurl = (settings.get("SITEURL") or "").rstrip("/")
        self.base_path = urlsplit(self.siteurl).path.rstrip("/") if is_absolute(self.siteurl) else ""
        self.make_variants = bool(assets_settings.get(settings, "RESPONSIVE_IMAGES"))
        self.widths = assets_settings.get(settings, "RESPONSIVE_IMAGE_WIDTHS") or ()
        self.sizes = assets_settings.get(settings, "RESPONSIVE_IMAGE_SIZES")
        self.quality = int(assets_settings.get(settings, "RESPONSIVE_IMAGE_QUALITY"))
        self.cache: dict[str, ImageInfo | None] = {}
        self.images = 0  # <img> tags given a srcset
        self.variants_written = 0

    def local_file(self, page: str, src: str) -> str | None:
        """The output file an <img src> points to, or None (another host, data:, outside the output)."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            if not (self.siteurl and is_absolute(self.siteurl) and src.startswith(self.siteurl + "/")):
                return None
            path = urlsplit(src).path
        else:
            path = parts.path
        if not path:
            return None
        path = unquote(path)
        if path.startswith("/"):
            if self.base_path and path.startswith(self.base_path + "/"):
                path = path[len(self.base_path):]
            candidate = os.path.join(self.output, path.lstrip("/"))
        else:
            candidate = os.path.join(os.path.dirname(page), path)
        candidate = os.path.normpath(candidate)
        if not candidate.startswith(self.output + os.sep) or not os.path.isfile(candidate):
            return None
        return candidate

    def info(self, path: str) -> ImageInfo | None:
        if path not in self.cache:
            ext = os.path.splitext(path)[1].lower()
            if ext == ".svg":
                size = svg_size(path)
                self.cache[path] = ImageInfo(*size) if size else None
            elif ext in RASTER_FORMATS:
                info = raster_info(path, self.widths, self.quality, self.make_variants)
                self.cache[path] = info
                self.variants_written += info.written if info else 0
            else:
                self.cache[path] = None
        return self.cache[path]

    def tag(self, page: str, tag: str) -> str:
        attrs = parse_attributes(tag)
        src = attrs.get("src")
        if not src or "srcset" in attrs:
            return tag
        path = self.local_file(page, src)
        info = self.info(path) if path else None
        if info is None:
            return tag
        new: dict[str, str] = {}
        if "width" not in attrs and "height" not in attrs:
            new["width"], new["height"] = str(info.width), str(info.height)
        if info.variants:
            # A srcset splits on spaces and commas: those must be percent-encoded in its URLs.
            url = quote(src, safe=SRCSET_SAFE)
            folder_url = url.rsplit("/", 1)[0] + "/" if "/" in url else ""
            candidates = [f"{folder_url}{quote(name)} {width}w" for width, name in info.variants]
            candidates.append(f"{url} {info.width}w")
            new["srcset"] = ", ".join(candidates)
            # A template that fixed the width (the author photo) shows it at that width.
            fixed = _LENGTH_RE.match(attrs.get("width", ""))
            new["sizes"] = f"{fixed.group(1)}px" if fixed else self.sizes
            self.images += 1
        return add_attributes(tag, new) if new else tag

    def page(self, path: str) -> bool:
        with open(path, "rb") as handle:
            data = handle.read()
        if not may_hold_images(data):
            return False
        text = data.decode("utf-8")
        new = IMG_RE.sub(lambda m: self.tag(path, m.group(0)), text)
        if new == text:
            return False
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(new)
        return True


def process_output(output_path: str, settings: dict, skip: set[str] | frozenset = frozenset()) -> Processor:
    """Every HTML file of the output but those in ``skip`` (absolute paths) with its images edited."""
    processor = Processor(output_path, settings)
    for folder, dirnames, filenames in os.walk(processor.output):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                if path not in skip:
                    processor.page(path)
    return processor


def forget_unchanged(_pelican=None) -> None:
    """initialized: each build (autoreload runs several in one process) starts knowing no page."""
    _unchanged_without_images.clear()


def responsive_images(pelican) -> None:
    """finalized: width/height and srcset on the images of every page written, but those the writer
    left unchanged and that hold none."""
    try:
        processor = process_output(pelican.output_path, pelican.settings, _unchanged_without_images)
    finally:
        forget_unchanged()
    if processor.images or processor.variants_written:
        logger.info("Responsive images: srcset on %d image(s); %d smaller copies written",
                    processor.images, processor.variants_written)
