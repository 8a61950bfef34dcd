"""WordPress eXtended RSS (WXR) exports (Tools → Export in WordPress, any 1.x version): the walk.

What an element of an export is (in the WXR namespace, in RSS's, in another), a field's text (cut where
a damaged file's unclosed section runs on), the channel's authors, the items.  What is read from the
items (comments, posts, pages) is the readers' business.
"""

from __future__ import annotations

import re
from datetime import timezone

from . import safexml

# WXR 1.0 used http://, newer exports https://; both exist in the wild.
_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$")
_WP_NAMESPACE_DECL = re.compile(
    r"""xmlns:[\w.-]+\s*=\s*["']https?://wordpress\.org/export/1\.\d+/?["']"""
)


def is_export(head: bytes) -> bool:
    """An ``<rss>`` root element declaring the WXR namespace (``…/export/1.x/``)."""
    start = safexml.root_start_tag(head)
    if start is None:
        return False
    name, attributes = start
    return safexml.local_name(name) == "rss" and bool(_WP_NAMESPACE_DECL.search(attributes))



_RUNAWAY = re.compile(r"(?:\]\]?>)?\s*</?wp:\w")
WP, PLAIN, OTHER = 0, 1, 2  # a tag in the WXR namespace, in none, in another one


class Reader:
    """Walks a WXR document (damaged ones too): what each element is, and its fields' text.

    The comment import and the post import both read an export through this walk; ``problems`` is
    the list their readers report into.
    """

    def __init__(self, doc: safexml.XmlDoc, source: str, tz, problems: list):
        self.doc = doc
        self.source = source
        self.tz = tz or timezone.utc
        self.problems = problems
        root = doc.root
        self.namespaces = {ns for ns in (root.nsmap or {}).values() if ns and _WP_NAMESPACE.match(ns)}
        self._kinds: dict[object, tuple[str, int]] = {}
        # Inside a field, a WXR element means the field was never closed (a damaged
        # file): its text ends there.
        self.stop = lambda element: self.classify(element.tag)[1] == WP
        # A damaged file: recovery nests whatever follows an unclosed element inside
        # it, so comments and fields are also looked for below their usual level.
        self.damaged = bool(doc.errors or doc.char_errors)
        # Tags of <wp:comment>, so items without comments are skipped in C, unread.
        self.comment_tags = [f"{{{ns}}}comment" for ns in sorted(self.namespaces)] + ["wp:comment"]

    def classify(self, tag) -> tuple[str, int]:
        """``(local name, kind)`` of a tag; cached, since an export repeats a few dozen tags."""
        known = self._kinds.get(tag)
        if known is None:
            name = safexml.local_name(tag)
            ns = safexml.namespace(tag)
            if not isinstance(tag, str):
                kind = OTHER  # XML comment, processing instruction, entity
            elif ns is None:
                # An undeclared wp: prefix (a damaged file) stays in the tag name.
                kind = WP if tag.startswith("wp:") else PLAIN if ":" not in tag else OTHER
            else:
                kind = WP if ns in self.namespaces or _WP_NAMESPACE.match(ns) else OTHER
            known = self._kinds[tag] = (name, kind)
        return known

    def text(self, element) -> str:
        """A field's text: up to a nested WXR element, and in a damaged file up to WXR markup in the text."""
        value = safexml.text(element, self.stop)
        if self.damaged and "wp:" in value:
            # A CDATA section whose end was lost runs on over the next fields,
            # email and IP address included: cut it where the markup starts.
            value = _RUNAWAY.split(value, 1)[0]
        return value

    def is_item(self, element) -> bool:
        return self.classify(element.tag) == ("item", PLAIN)

    def is_item_or_comment(self, element) -> bool:
        return self.classify(element.tag) in (("item", PLAIN), ("comment", WP))

    def wp_fields(self, element) -> dict[str, object]:
        """First child in the WXR namespace of each local name."""
        fields: dict[str, object] = {}
        for child in element:
            name, kind = self.classify(child.tag)
            if kind == WP:
                fields.setdefault(name, child)
        if self.damaged:  # fields nested in an unclosed sibling
            for node in safexml.descendants(element, self.is_item_or_comment):
                name, kind = self.classify(node.tag)
                if kind == WP:
                    fields.setdefault(name, node)
        return fields

    def authors(self) -> dict[str, tuple[str, str]]:
        """``author_login`` -> (``author_id``, ``author_display_name``) from the channel."""
        found = {}
        for channel in self.doc.root.iter("channel"):
            for element in channel:
                if self.classify(element.tag) != ("author", WP):
                    continue
                fields = self.wp_fields(element)
                login = self.text(fields.get("author_login")).strip()
                if login:
                    found[login.casefold()] = (
                        self.text(fields.get("author_id")).strip(),
                        self.text(fields.get("author_display_name")).strip(),
                    )
        return found

    def items(self):
        return self.doc.root.iter("item")  # RSS's own <item>, in no namespace
