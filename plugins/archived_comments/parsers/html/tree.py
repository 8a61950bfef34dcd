"""The BeautifulSoup tree of a page (or of a stretch of one), built with lxml in linear time.

BeautifulSoup links every string it appends to a tag that has children already by walking up the
tag's ancestors to the first one with a next sibling (``_linkage_fixer``).  While the tree is being
built that walk finds nothing: the tag and all its ancestors are still open, and an open tag is the
last child of its parent, so none has a next sibling yet.  The walk is as long as the tag is deep,
once per string, which is quadratic on a broken page whose every comment is left open inside the one
before it (2,500 comments nested 2,500 deep).  ``PageTree`` skips the walk in exactly that case and
leaves BeautifulSoup's own fix-up for any other; the tree is the same, link for link.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, Tag


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
        return PageTree(markup, "lxml", multi_valued_attributes=None)
