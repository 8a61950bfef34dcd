"""The saved-page reader's tree: BeautifulSoup's own, link for link, built in linear time however deep."""

from __future__ import annotations

import time
import warnings
from datetime import datetime, timezone

from bs4 import BeautifulSoup, NavigableString, Tag

from archived_comments.model import plain_text
from archived_comments.parsers import ParseContext
from archived_comments.parsers import html as html_page
from archived_comments.parsers.html.outline import prune
from archived_comments.parsers.html.tree import PageTree, ReplayBuilder, lxml_tree, page_tree, replayed_tree
from helpers import CORPUS, FIXTURES, ROOT
from hostile import archives
from wparchive.pages import decode

UTC = timezone.utc


def chain_page(count: int) -> str:
    """A broken page: each comment's text leaves a <div> open, so every comment nests in the one before."""
    entries = [archives.Entry(str(1000 + n), f"Reader {n}", f"<p>Comment {n}</p><div>",
                              archives.iso_date(datetime(2020, 1, 1, 12, 0, tzinfo=UTC)), "") for n in range(count)]
    return archives.html5_page(f"{archives.SITE}/grading-night-exteriors/", entries)


def links(soup) -> list[tuple]:
    """Every node's kind, name or text, attributes and five links, each link as the index of the node it points to."""
    nodes = [soup, *soup.descendants]
    index = {id(node): n for n, node in enumerate(nodes)}

    def at(node):
        return None if node is None else index.get(id(node), "outside")

    return [(type(node).__name__ if node is not soup else "document", getattr(node, "name", None) or str(node),
             sorted((getattr(node, "attrs", None) or {}).items()), at(node.parent), at(node.next_element),
             at(node.previous_element), at(node.next_sibling), at(node.previous_sibling)) for node in nodes]


# Tags and strings every short path in tree.py leaves to BeautifulSoup: namespaces, <meta>, whitespace
# kept (<pre>, <textarea>), strings of their own kind (<script>, <style>, <template>, <rt>), HTML
# comments and processing instructions, text after </html>.
ODD_PAGE = ('<html><head><meta charset="utf-8"><style>p{}</style></head><body><pre>  a  <b> x </b>\n</pre>'
            '<textarea> t </textarea><script>var a = "<b>";</script><!-- a note --><?pi x?>'
            '<template><p>t</p></template><ruby>x<rt>y</rt></ruby> <p> </p>\n<p>\n</p>'
            '<svg xmlns="http://www.w3.org/2000/svg" xml:lang="en"><a xlink:href="#c">x</a></svg>'
            '<p lang="de" data-n="1">Text</p></body></html>\n<!-- after -->')


def pages() -> list[str]:
    found = [chain_page(40)] + [
        decode(path.read_bytes()) for folder in ("html", "wild", "broken")
        for path in sorted((FIXTURES / folder).glob("*.html"))
    ] + [decode(path.read_bytes()) for path in sorted((ROOT / "content" / "comments").rglob("*.html"))] + [
        decode(path.read_bytes()) for path in sorted((CORPUS / "real-world").glob("*.html"))
    ] + [ODD_PAGE]
    assert len(found) > 25
    return found


def test_the_tree_is_beautifulsoups_own_link_for_link_and_attribute_for_attribute():
    for text in pages():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = links(BeautifulSoup(text, "lxml", multi_valued_attributes=None))
        assert links(page_tree(text)) == expected


def test_the_tree_replayed_from_lxmls_is_the_one_beautifulsoups_own_methods_build_from_the_same_tree():
    def by_beautifulsoup(root):
        # With element classes, every tag and string goes through BeautifulSoup's own handle_starttag,
        # _popToTag and endData, not PageTree's short paths.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return PageTree("", builder=ReplayBuilder(root),
                            element_classes={Tag: Tag, NavigableString: NavigableString})

    compared = 0
    for text in pages():
        for pruned in (False, True):
            root, again = lxml_tree(text), lxml_tree(text)
            if root is None:
                continue
            if pruned:
                prune(root)
                prune(again)
            assert links(replayed_tree(root)) == links(by_beautifulsoup(again))
            compared += 1
    assert compared > 50


def test_a_page_whose_every_comment_nests_in_the_previous_reads_in_linear_time():
    def spent(count: int) -> float:
        data = chain_page(count).encode()
        best = None
        for _ in range(2):
            started = time.process_time()
            result = html_page.parse(data, "chain.html", ParseContext(tz=UTC))
            seconds = time.process_time() - started
            best = seconds if best is None else min(best, seconds)
        (thread,) = result.threads
        assert [plain_text(c.html).strip() for c in thread.comments] == [f"Comment {n}" for n in range(count)]
        nested = [p for p in result.problems if "sat inside the text of comment" in p.message]
        assert len(nested) == count - 1
        return best

    small, large = spent(400), spent(1600)
    # Four times the comments: about four times the time when linear, sixteen when quadratic.
    assert large / small < 8, (small, large)
