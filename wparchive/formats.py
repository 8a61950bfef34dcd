"""Which kind of archive a file is, told by its content (never by its name).

The XML formats are tried first: a saved HTML page never has a ``<disqus>`` root or the WXR namespace.
"""

from __future__ import annotations

from . import pages, safexml, wxr

HEAD_BYTES = 8192  # how much of a file the sniffing looks at

WXR, DISQUS, HTML = "wxr", "disqus", "html"


def is_disqus_export(head: bytes) -> bool:
    """A ``<disqus>`` root element."""
    start = safexml.root_start_tag(head)
    return start is not None and safexml.local_name(start[0]) == "disqus"


def sniff(head: bytes) -> str | None:
    """``"wxr"``, ``"disqus"`` or ``"html"`` for a file's first ``HEAD_BYTES`` bytes, None when none fits."""
    if wxr.is_export(head):
        return WXR
    if is_disqus_export(head):
        return DISQUS
    if pages.is_page(head):
        return HTML
    return None
