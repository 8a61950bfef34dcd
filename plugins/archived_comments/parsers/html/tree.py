"""The BeautifulSoup tree of a page (or of a stretch of one), built with lxml in linear time.

Building the tree is most of what reading a saved page costs, so two parts of BeautifulSoup's own
lxml builder that do nothing for an HTML page are skipped, each only where that is exactly so:

* ``PageBuilder``: lxml's HTML parser never reports a namespace (``nsmap`` is empty, names carry no
  ``{uri}``), and its attribute values are always strings.  BeautifulSoup's builder still resolves
  namespaces for every tag and copies the attributes through ``XMLAttributeDict``, whose only job is
  to turn non-string values into strings, key by key in Python.  This builder hands the attributes
  to BeautifulSoup as they are, in a plain ``AttributeDict``, and leaves any tag that does come with
  a namespace to BeautifulSoup's own code.
* ``PageTree``: BeautifulSoup links every string it appends to a tag that has children already by
  walking up the tag's ancestors to the first one with a next sibling (``_linkage_fixer``).  While
  the tree is being built that walk finds nothing: the tag and all its ancestors are still open, and
  an open tag is the last child of its parent, so none has a next sibling yet.  The walk is as long
  as the tag is deep, once per string, which is quadratic on a broken page whose every comment is
  left open inside the one before it (2,500 comments nested 2,500 deep).  ``PageTree`` skips the
  walk in exactly that case and leaves BeautifulSoup's own fix-up for any other.

The tree is the same, link for link and attribute for attribute (tests/test_parser_tree.py builds
pages both ways and compares them).
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, Tag
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeDict


class PageBuilder(LXMLTreeBuilder):
    """BeautifulSoup's lxml HTML builder without the namespace and attribute work an HTML page never needs."""

    def __init__(self) -> None:
        # Attribute values as the page wrote them ("class" one string, not a list).
        super().__init__(multi_valued_attributes=None, attribute_dict_class=AttributeDict)

    def start(self, tag, attrib, nsmap={}):  # noqa: B006 -- lxml's own signature
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{":
            super().start(tag, attrib, nsmap)
            return
        # Tag() copies the attributes into a new AttributeDict itself.
        self.soup.handle_starttag(tag, None, None, attrib, namespaces=self.active_namespace_prefixes[-1])

    def end(self, tag):
        if len(self.nsmaps) > 1 or tag[:1] == "{":
            super().end(tag)
            return
        self.soup.endData()
        self.soup.handle_endtag(tag, None)


class PageTree(BeautifulSoup):
    def _linkage_fixer(self, el: Tag) -> None:
        if el is not self.currentTag or el.contents[0] is el.contents[-1]:
            super()._linkage_fixer(el)
            return
        # The string just appended to the open tag: what BeautifulSoup's fix-up sets for it.  Its
        # walk up the open ancestors would end at the root, none of them having a next sibling.
        child = el.contents[-1]
        child.next_sibling = None
        if isinstance(child, Tag) and child.contents:
            super()._linkage_fixer(el)
            return
        child.next_element = None


def page_tree(markup: str) -> BeautifulSoup:
    """The tree the comment reader walks: lxml's HTML parser, attribute values as the page wrote them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's guesses about the markup are no news here
        return PageTree(markup, builder=PageBuilder())
