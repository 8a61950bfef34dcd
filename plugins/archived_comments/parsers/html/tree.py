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

* Opening and closing a tag, and adding a string: BeautifulSoup's ``handle_starttag``,
  ``handle_endtag`` and ``endData`` are general (a ``SoupStrainer``, tags closed out of order, text
  in ``<pre>`` or ``<script>``, custom element classes).  lxml's HTML parser reports tags properly
  nested, and most of a comment region is plain ``div``/``p``/``a`` and text, so ``PageTree`` does
  for those exactly what BeautifulSoup's methods would do, in a few assignments, and leaves every
  other case to BeautifulSoup.  A tag's fixed fields (those that depend on its name and the builder
  only) are copied from one made by ``Tag()`` itself for that name.  This is half of the tree's cost.

The tree is the same, link for link and attribute for attribute (tests/test_parser_tree.py builds
pages both ways and compares them).
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeDict

# A tag's fields that ``Tag()`` sets per tag, not from its name and the builder.
_PER_TAG_FIELDS = ("attrs", "contents", "parent", "previous_element", "next_element", "previous_sibling",
                   "next_sibling", "_namespaces")
# Tags whose Tag() does more than that: a <meta> has its charset swapped for a placeholder.
_BUILT_BY_BEAUTIFULSOUP = frozenset({"meta"})
_ASCII_SPACES = BeautifulSoup.ASCII_SPACES


class PageBuilder(LXMLTreeBuilder):
    """BeautifulSoup's lxml HTML builder without the namespace and attribute work an HTML page never needs."""

    def __init__(self) -> None:
        # Attribute values as the page wrote them ("class" one string, not a list).
        super().__init__(multi_valued_attributes=None, attribute_dict_class=AttributeDict)

    def start(self, tag, attrib, nsmap={}):  # noqa: B006 -- lxml's own signature
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{":
            super().start(tag, attrib, nsmap)
            return
        self.soup.open_tag(tag, attrib, self.active_namespace_prefixes[-1])

    def end(self, tag):
        if len(self.nsmaps) > 1 or tag[:1] == "{":
            super().end(tag)
            return
        self.soup.close_tag(tag)

    def data(self, data):
        self.soup.current_data.append(data)


def _new_tag(fields: dict, attrib, namespaces, parent: Tag, previous) -> Tag:
    """A tag of the fixed ``fields`` (``PageTree.fields_of``), added as ``parent``'s last child, the
    element after ``previous``: what Tag.__init__ (attributes copied, setup()) and handle_starttag/pushTag
    set, less the stacks of open tags."""
    tag = Tag.__new__(Tag)
    siblings = parent.contents
    last = siblings[-1] if siblings else None
    # The tag's fields as one dict, handed to it whole: a fifth faster than setting them one by one.
    values = fields.copy()
    values["attrs"] = AttributeDict(attrib)
    values["_namespaces"] = namespaces or {}
    values["contents"] = []
    values["parent"] = parent
    values["previous_element"] = previous
    values["next_element"] = None
    values["next_sibling"] = None
    values["previous_sibling"] = last
    tag.__dict__ = values
    if previous is not None:
        previous.next_element = tag
    if last is not None:
        last.next_sibling = tag
    siblings.append(tag)
    return tag


def _new_string(text: str, keep_whitespace: bool, parent: Tag, previous) -> tuple[NavigableString, bool]:
    """A plain string added as ``parent``'s last child, the element after ``previous``, as
    BeautifulSoup's ``endData``/``object_was_parsed`` add it; and whether BeautifulSoup's link fix-up
    must still run for it (``PageTree._linkage_fixer`` sets nothing for a string after another child
    of the open tag: what it would set is set here)."""
    if not keep_whitespace and not text.strip(_ASCII_SPACES):
        text = "\n" if "\n" in text else " "  # whitespace alone: one space or one newline
    siblings = parent.contents
    linked = parent.next_element is not None
    string = str.__new__(NavigableString, text)
    # What NavigableString() and its setup() set, with the links to the string's neighbours.
    string.__dict__.update(hidden=False, parent=parent, previous_element=previous, next_element=None,
                           next_sibling=None, previous_sibling=siblings[-1] if siblings else None)
    if previous is not None:
        previous.next_element = string
    if siblings:
        siblings[-1].next_sibling = string
    siblings.append(string)
    return string, linked and len(siblings) == 1


def _closes_alone(tag: Tag, name: str, stack: list, preserving: list, containing: list) -> bool:
    """Whether closing ``name`` is one pop: it is the open tag, which is no namespaced one nor the root,
    and no whitespace-keeping or string-container tag is open."""
    return (tag.name == name and tag.prefix is None and len(stack) >= 2 and not preserving
            and not containing)


# A tag's fixed fields by tree class and builder class (``PageTree.fields_of``).  The builders here take
# no options, so every one of a class makes the same fields for a name; made once per process, not once
# per page (forty names a page: a fiftieth of reading one).
_PROTOTYPES: dict[tuple[type, type], dict[str, dict]] = {}


class PageTree(BeautifulSoup):
    def __init__(self, *args, **kwargs) -> None:
        # Before BeautifulSoup's constructor, which parses.
        self._prototypes: dict[str, dict] = _PROTOTYPES.setdefault((type(self), type(kwargs.get("builder"))), {})
        super().__init__(*args, **kwargs)

    def fields_of(self, name: str, namespaces) -> dict:
        """The fields of a tag named ``name`` that depend on its name and the builder only, copied from
        one made by ``Tag()`` itself."""
        prototypes = self._prototypes
        fields = prototypes.get(name)
        if fields is None:
            model = Tag(self, self.builder, name, None, None, None, None, None, namespaces=namespaces)
            fields = prototypes[name] = {key: value for key, value in model.__dict__.items()
                                         if key not in _PER_TAG_FIELDS}
        return fields

    def open_tag(self, name: str, attrib, namespaces) -> None:
        """``handle_starttag(name, None, None, attrib, namespaces=namespaces)``, in short where that is exact."""
        if self.current_data:
            self.endData()
        if self.parse_only is not None or name in _BUILT_BY_BEAUTIFULSOUP or self.element_classes:
            self.handle_starttag(name, None, None, attrib, namespaces=namespaces)  # Tag() copies attrib
            return
        tag = _new_tag(self.fields_of(name, namespaces), attrib, namespaces, self.currentTag,
                       self._most_recent_element)
        self._most_recent_element = tag
        self.tagStack.append(tag)
        self.currentTag = tag
        self.open_tag_counter[name] += 1
        if name in self.builder.preserve_whitespace_tags:
            self.preserve_whitespace_tag_stack.append(tag)
        if name in self.builder.string_containers:
            self.string_container_stack.append(tag)

    def close_tag(self, name: str) -> None:
        """``handle_endtag(name)``: when the tag closed is the open one (lxml nests its tags), one pop."""
        if self.current_data:
            self.endData()
        stack = self.tagStack
        if not _closes_alone(self.currentTag, name, stack, self.preserve_whitespace_tag_stack,
                             self.string_container_stack):
            self._popToTag(name, None)
            return
        stack.pop()
        self.open_tag_counter[name] -= 1
        self.currentTag = stack[-1]

    def endData(self, containerClass=None) -> None:
        """A plain string in the open tag, as BeautifulSoup's ``endData``/``object_was_parsed`` add it."""
        pieces = self.current_data
        if not pieces:
            return
        if containerClass is not None or self.string_container_stack or self.parse_only is not None \
                or self.element_classes:
            super().endData(containerClass)
            return
        self.current_data = []
        parent = self.currentTag
        self._most_recent_element, fix_up = _new_string(
            pieces[0] if len(pieces) == 1 else "".join(pieces), bool(self.preserve_whitespace_tag_stack), parent,
            self._most_recent_element)
        if fix_up:
            self._linkage_fixer(parent)

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


# ----------------------------------------------------------------------------- the pruned tree

from lxml import etree  # noqa: E402


class ReplayBuilder(PageBuilder):
    """``PageBuilder`` fed the events of a tree lxml already built (pruned), not the markup again."""

    def __init__(self, root) -> None:
        super().__init__()
        self.root = root

    def feed(self, markup) -> None:
        root = self.root
        info = root.getroottree().docinfo
        if info.doctype:  # the page's own <!DOCTYPE>, as lxml's parser reports it to a target
            self.doctype(info.root_name, info.public_id, info.system_url)
        for node in reversed(list(root.itersiblings(preceding=True))):
            self._replay(node)
        self._replay(root)
        for node in root.itersiblings():
            self._replay(node)

    def _replay(self, top) -> None:
        if not isinstance(top.tag, str):  # a comment or processing instruction beside <html>
            if top.tag is etree.PI:
                self.pi(top.target, top.text or "")
            else:
                self.comment(top.text or "")
            return
        # An HTML tree has no namespaces: what start()/end() would do is open_tag()/close_tag(), and
        # what those do for a plain tag and a plain string is done here, with the tree's open tag, its
        # last element and the text not yet added kept in locals (this loop is a fifth of reading a
        # page).  Everything else goes through PageTree's methods, the locals handed over and back.
        soup = self.soup
        namespaces = self.active_namespace_prefixes[-1]
        plain = soup.parse_only is None and not soup.element_classes
        by_beautifulsoup = _BUILT_BY_BEAUTIFULSOUP | set(self.preserve_whitespace_tags) | set(self.string_containers)
        prototypes = soup._prototypes
        stack = soup.tagStack
        counter = soup.open_tag_counter
        preserving = soup.preserve_whitespace_tag_stack
        containing = soup.string_container_stack
        current = soup.currentTag
        previous = soup._most_recent_element
        pending = soup.current_data

        for event, node in etree.iterwalk(top, events=("start", "end", "comment", "pi")):
            if pending:
                if not plain or containing or len(pending) > 1:
                    soup.currentTag, soup._most_recent_element = current, previous
                    soup.endData()
                    current, previous, pending = soup.currentTag, soup._most_recent_element, soup.current_data
                else:  # PageTree.endData, for one piece of text
                    previous, fix_up = _new_string(pending[0], bool(preserving), current, previous)
                    pending.clear()
                    if fix_up:
                        soup.currentTag, soup._most_recent_element = current, previous
                        soup._linkage_fixer(current)
            if event == "start":
                name = node.tag
                if not plain or name in by_beautifulsoup:
                    soup.currentTag, soup._most_recent_element = current, previous
                    soup.open_tag(name, node.attrib, namespaces)
                    current, previous, pending = soup.currentTag, soup._most_recent_element, soup.current_data
                else:  # PageTree.open_tag
                    tag = _new_tag(prototypes.get(name) or soup.fields_of(name, namespaces), node.items(),
                                   namespaces, current, previous)
                    previous = tag
                    stack.append(tag)
                    current = tag
                    counter[name] += 1
                text = node.text
                if text:
                    pending.append(text)
                continue
            if event == "end":
                name = node.tag
                if not _closes_alone(current, name, stack, preserving, containing):
                    soup.currentTag, soup._most_recent_element = current, previous
                    soup.close_tag(name)
                    current, previous, pending = soup.currentTag, soup._most_recent_element, soup.current_data
                else:  # PageTree.close_tag
                    stack.pop()
                    counter[name] -= 1
                    current = stack[-1]
            else:
                soup.currentTag, soup._most_recent_element = current, previous
                if event == "comment":
                    self.comment(node.text or "")
                else:
                    self.pi(node.target, node.text or "")
                current, previous, pending = soup.currentTag, soup._most_recent_element, soup.current_data
            if node is not top:
                tail = node.tail
                if tail:
                    pending.append(tail)
        soup.currentTag, soup._most_recent_element = current, previous
        if top.tail:
            pending.append(top.tail)


# libxml2 builds a tree at most 256 elements deep and drops the rest of the page below that (a broken
# page, every comment left open in the one before, goes on for thousands); lxml's events to a
# target, which BeautifulSoup takes, have no such limit.  An element 250 deep: the tree may be cut.
_DEEP = etree.XPath("boolean(" + "/*" * 250 + ")")


def lxml_tree(markup: str):
    """lxml's own tree of an HTML page, or None where it may not hold the whole page (see ``_DEEP``)."""
    parser = etree.HTMLParser(recover=True, default_doctype=False)
    parser.feed(markup)
    root = parser.close()
    return None if root is None or _DEEP(root) else root


def replayed_tree(root) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return PageTree("", builder=ReplayBuilder(root))
