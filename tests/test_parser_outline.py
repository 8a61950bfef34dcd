"""The comment tree without the page around the comments: the same comments, a smaller tree."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from archived_comments.parsers import ParseContext
from archived_comments.parsers import html as html_page
from archived_comments.parsers.html import outline
from archived_comments.parsers.html import sniff
from archived_comments.parsers.html.sniff import comment_region
from archived_comments.parsers.html.tree import page_tree
from helpers import BERLIN, COMMENTS, CORPUS, FIXTURES
from test_hostile_pages import TRAPS, comment_markup, page
from test_parser_tree import chain_page
from wparchive.pages import decode

SIDEBAR = (
    '<aside id="secondary" class="widget-area"><section class="widget widget_search"><form role="search">'
    '<input name="s"></form></section><section class="widget widget_categories"><h2>Categories</h2><ul>'
    + "".join(f'<li><a href="/category/{n}/">Category {n}</a></li>' for n in range(30)) + "</ul></section>"
    '<section class="widget widget_recent_comments"><h2>Recent Comments</h2><ul id="recentcomments">'
    '<li><a href="/a-post/#comment-9">Someone</a></li></ul></section></aside>'
)
FOOTER = ('<footer id="colophon"><p>Theme by someone</p><script>var stats = {"page": 1};</script>'
          '<script src="/wp-includes/js/wp-embed.min.js"></script></footer>')


def saved_pages() -> list[tuple[str, bytes]]:
    pages = [(path.name, path.read_bytes()) for folder in ("html", "wild", "wild-meta", "broken", "xml")
             for path in sorted((FIXTURES / folder).glob("*.htm*"))]
    pages += [(path.name, path.read_bytes()) for path in sorted(COMMENTS.rglob("*.htm*"))]
    pages += [(path.name, path.read_bytes()) for path in sorted((CORPUS / "real-world").glob("*.htm*"))]
    pages += [(f"trap-{name}", page([comment_markup(n, trap if n == 2 else "") for n in range(6)]))
              for name, trap in TRAPS.items()]
    pages.append(("chain", chain_page(60).encode()))
    pages.append(("deep chain", chain_page(700).encode()))  # deeper than libxml2 nests by default
    # No comment section: the report says whether the page embeds Disqus, or a pingback list sits apart.
    pages.append(("disqus", f'<html><head></head><body><main><div id="disqus_thread"></div></main>{SIDEBAR}'
                            f"</body></html>".encode()))
    pages.append(("pings", f'<html><head></head><body><main><ol class="pinglist"><li class="pingback">'
                           f'<a href="https://elsewhere.example/">A post elsewhere</a></li></ol></main>{FOOTER}'
                           f"</body></html>".encode()))
    return pages


def whole_region_tree(text: str, start=None):
    return page_tree(comment_region(text))  # its own search for the first comment: the reference


def test_every_page_gives_the_same_comments_and_problems_from_the_pruned_tree(monkeypatch):
    pages = saved_pages()
    assert len(pages) > 150
    context = ParseContext(tz=BERLIN)
    pruned = [repr(html_page.parse(data, name, context)) for name, data in pages]
    monkeypatch.setattr(html_page, "comment_tree", whole_region_tree)
    whole = [repr(html_page.parse(data, name, context)) for name, data in pages]
    assert pruned == whole


@pytest.mark.parametrize("lang, reply, says", [("en", "Reply", "says:"), ("de", "Antworten", "sagt:"),
                                               ("fr", "Répondre", "dit :"), ("ja", "返信", "より:")])
def test_what_holds_nothing_of_comments_is_taken_out_and_the_comments_stay(lang, reply, says):
    comments = "".join(
        f'<li id="comment-{n}" class="comment depth-1"><div class="comment-author vcard"><cite class="fn">'
        f'Reader {n}</cite> <span class="says">{says}</span></div><p>Text {n}</p>'
        f'<div class="reply"><a class="comment-reply-link" href="#">{reply}</a></div></li>' for n in range(3)
    )
    text = (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>A post</title>'
        '<link rel="canonical" href="https://old-blog.example/a-post/"><meta property="og:title" content="Its title">'
        '<meta http-equiv="last-modified" content="2019-03-04 10:00:00">'
        + "".join(f'<link rel="stylesheet" href="/wp-content/plugins/p{n}/style.css"><script src="/p{n}.js"></script>'
                  f'<style>.p{n} {{ color: red }}</style>' for n in range(20))
        + '<script src="/wp-includes/js/comment-reply.min.js"></script></head><body>'
        '<div id="comments" class="comments-area"><ol class="commentlist">' + comments + "</ol>"
        '<nav class="pager"><a href="/page/2/">Older</a></nav>'
        '<div id="respond"><form id="commentform"><textarea name="comment"></textarea></form></div></div>'
        '<nav class="post-navigation"><a href="/older/">Older post</a></nav>'
        + SIDEBAR + FOOTER + "</body></html>"
    )
    whole = whole_region_tree(text)
    soup = outline.comment_tree(text)
    kept = sum(1 for _ in soup.descendants)
    assert kept < sum(1 for _ in whole.descendants) / 2
    assert soup.find(id="colophon") is None  # the footer says nothing of comments
    assert soup.find("nav") is None
    assert soup.find(class_="widget_categories") is None
    assert soup.find(id="recentcomments") is not None  # a widget that names comments stays
    # Of the head, what the page's identity and save time are read from, and what names comments.
    assert [el.name for el in soup.head.find_all(True)] == ["title", "link", "meta", "meta", "script"]
    assert soup.head.title.get_text() == "A post"
    assert soup.head.script["src"].endswith("comment-reply.min.js")
    section = soup.find(id="comments")
    assert section.find(class_="pager") is None  # in the section, but says nothing of comments
    assert str(section.ol) == str(whole.find(id="comments").ol)  # the comment list as the page has it
    assert section.find(id="commentform") is not None
    result = html_page.parse(text.encode(), "a-post.html", ParseContext(tz=BERLIN))
    assert [(c.id, c.author) for c in result.threads[0].comments] == [(str(n), f"Reader {n}") for n in range(3)]


def test_beside_a_comment_nothing_is_taken_out():
    # Thesis: the comment's text is the <dd> after the <dt> that has its id; a flat theme prints
    # a reply's parts beside it.  Neither says "comment", and both stay.
    text = (
        '<html><head><title>A post</title></head><body><div class="post-body"><p>Post text</p></div>'
        '<dl id="comment_list"><dt id="comment-4"><span class="author">Ana</span></dt><dd><p>Her words</p></dd>'
        '<dt id="comment-5"><span class="author">Ben</span></dt><dd><p>His words</p></dd></dl>'
        '<div class="wrap"><div id="comment-6">Chloé</div><p class="lonely">Beside it</p></div>'
        + FOOTER + "</body></html>"
    )
    soup = outline.comment_tree(text)
    assert [dd.get_text() for dd in soup.find_all("dd")] == ["Her words", "His words"]
    assert soup.find(class_="lonely") is not None
    assert soup.find(id="colophon") is None


def test_markup_that_names_comments_in_text_or_an_html_comment_is_kept():
    # What the reader reads again when markup broke: comment markup left as text, where a script,
    # a <textarea> or an unclosed <!-- swallowed it.
    swallowed = '<textarea>&lt;li id="comment-8" class="comment"&gt;kept as text</textarea>'
    hidden = '<div class="x"><!-- <li id="comment-9" class="comment">in a comment</li> --></div>'
    text = ('<html><head></head><body><div id="comments"><ol class="commentlist"></ol></div>'
            f'<div class="one">{swallowed}</div>{hidden}<div class="two"><p>nothing</p></div>{FOOTER}{SIDEBAR}'
            '</body></html>')
    soup = outline.comment_tree(text)
    assert soup.find("textarea") is not None
    assert soup.find(class_="x") is not None
    assert soup.find(class_="two") is None


def test_a_page_with_little_to_take_out_is_read_from_lxmls_tree_with_its_comment_whole():
    text = ('<!DOCTYPE html>\n<html><head><title>A post</title></head><body>\n<div id="comments"><ol class="commentlist">'
            '<li id="comment-1" class="comment"><cite>Ana</cite><p>Words</p></li></ol></div>\n<p>Footer</p>'
            '</body></html>\n')
    soup = outline.comment_tree(text)
    whole = whole_region_tree(text)
    assert str(soup.find(id="comments")) == str(whole.find(id="comments"))
    assert soup.title.string == "A post" and soup.find("p", string="Footer") is None


def first_comment_cases() -> list[str]:
    """Every saved page, and pages made to test the search for the first comment: a long head, case,
    a match inside the head, the letters that case-fold to ASCII, a long stretch before the comments."""
    head = "".join(f'<link rel="stylesheet" href="/s{n}.css"><script>var c{n} = "<b>";</script>' for n in range(30))
    stretch = "<nav>" + "<a href='/p'>Page</a>" * 200 + "</nav>"
    return [name_data[1].decode("utf-8", "replace") for name_data in saved_pages()] + [
        f"<html><head>{head}</head><body><p>no comments here</p></body></html>",
        f'<html><head>{head}</head><body><li class="x" id="Comment-7">A</li></body></html>',
        f'<html><head>{head}</head><body><a title="<b" class="COMMENT">A</a></body></html>',
        f'<html><head>{head}<meta itemtype="https://schema.org/UserComments"></head><body></body></html>',
        f'<html><head>{head}<meta itemtype="https://schema.org/UserComments"></head><body>{stretch}'
        '<li id="comment-3" class="comment">A</li></body></html>',
        f'<html><head>{head}</head><body>{stretch}<ol class="commentlist"><li id="comment-4">B</li></ol></body></html>',
        f'<html><head>{head}</head><body>{stretch}<p>no comments here</p></body></html>',
        f'<html><head>{head}</head><body><p>comment</p><div class="p\u0131ngback">A</div></body></html>',
        f'<html><head>{head}</head><body><p>\u0130stanbul</p>{stretch}<div class="trac\u212aback">A</div></body></html>',
        '<div class="comment-body"></div>',
    ]


def test_the_region_is_the_same_where_the_first_comment_was_looked_for_beforehand():
    """The page reader looks for the first comment once, from the top, and hands it to the cut, which
    looks again only where that one stands inside the head."""
    for text in first_comment_cases():
        for first in (sniff.first_comment(text), sniff.first_comment(text, 0, text.lower())):
            start = first.start() if first is not None else None
            assert sniff.comment_region(text, start) == sniff.comment_region(text)


@pytest.mark.parametrize("start", [0, 40])
def test_the_first_comment_is_found_where_the_pattern_alone_finds_it(start):
    for text in first_comment_cases():
        expected = sniff.FIRST_COMMENT_RE.search(text, start)
        found = sniff.first_comment(text, start)
        assert (found and found.span()) == (expected and expected.span())
        found = sniff.first_comment(text, start, text.lower())
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("names", [("Jürgen Weiß", "Élodie Moreau"), ("山田太郎", "佐藤花子"), ("Ana Peña", "Luís Gonçalves")])
def test_a_stray_control_character_after_a_part_taken_out_loses_no_comment(names):
    """lxml's parser keeps a control character pasted into the page's text, but its API will not set
    it: where the text after a part taken out holds one, the part is still taken out, every comment
    read, and the character is not in any of them (it was "could not read the page", nothing read)."""
    from hostile.archives import Entry, html5_page

    entries = [Entry("11", names[0], "<p>Erste Antwort.</p>", "2014-03-02T10:00:00+00:00"),
               Entry("12", names[1], "<p>Deuxième réponse.</p>", "2014-03-03T11:30:00+00:00", parent="11")]
    markup = html5_page("https://ines-calder.example/grading-night-exteriors/", entries)
    where = markup.index('<h2 class="comments-title">')
    markup = markup[:where] + '<div class="site-menu"><a href="/">Home</a></div>\x01\x0b x\ufffe ' + markup[where:]
    result = html_page.parse(markup.encode("utf-8"), "control.html", ParseContext(tz=BERLIN))
    assert not [p for p in result.problems if "could not read" in p.message]
    comments = {c.id: c for thread in result.threads for c in thread.comments}
    assert sorted(comments) == ["11", "12"]
    assert (comments["11"].author, comments["12"].author, comments["12"].parent) == (names[0], names[1], "11")
    assert comments["12"].date == datetime(2014, 3, 3, 11, 30, tzinfo=timezone.utc)


def _numbered_tree(region: str):
    """lxml's tree of ``region``, each element numbered in a data attribute (which says nothing of comments)."""
    from archived_comments.parsers.html.tree import lxml_tree

    root = lxml_tree(region)
    for number, el in enumerate(root.iter()):
        if isinstance(el.tag, str):
            el.set("data-n", str(number))
    return root


def _kept_by_both_ways(region: str) -> tuple[set[str], set[str]]:
    """The elements prune keeps judging each by writing it out, and judging it by the marked lines first."""
    written, by_lines = _numbered_tree(region), _numbered_tree(region)
    outline.prune(written)
    outline.prune(by_lines, outline.marked_lines(region.lower()))
    return ({el.get("data-n") for el in written.iter() if isinstance(el.tag, str)},
            {el.get("data-n") for el in by_lines.iter() if isinstance(el.tag, str)})


def line_cases() -> list[str]:
    """Pages whose lines could mislead a judge by lines, in several languages: a start tag over several
    lines (libxml2 numbers the line where it ends), a mark spelled by a character reference, a mark in an
    HTML comment after the section, a page on one line, lines past libxml2's last number, carriage returns."""
    def comments(lang_says: str) -> str:
        return "".join(f'<li id="comment-{n}" class="comment">\n<cite>Reader {n}</cite> {lang_says}\n<p>Text {n}</p>\n</li>\n'
                       for n in range(3))
    sidebar = "\n".join(f'<li><a href="/c/{n}/">Kategorie {n}</a></li>' for n in range(20))
    return [
        f'<html><head><title>Ein Beitrag</title></head><body>\n<ol class="commentlist">\n{comments("sagt:")}</ol>\n'
        f'<div\nclass="recent-comments"\n>\n<a href="/x/">Neueste</a></div>\n<aside>\n<ul>\n{sidebar}\n</ul>\n</aside>\n'
        '</body></html>\n',
        f'<html><head><title>Un billet</title></head><body>\n<ol class="commentlist">\n{comments("dit :")}</ol>\n'
        '<div class="widget">\n<h2>Derniers &#99;ommentaires</h2>\n<p>\nrien\n</p>\n</div>\n'
        '<div class="other">\n<p>&#x63;omment&#101;</p>\n</div>\n<footer>\n<p>fin</p>\n</footer>\n</body></html>\n',
        f'<html><head><title>ブログ</title></head><body>\n<div class="wrap">\n<ol class="commentlist">\n{comments("より:")}'
        '</ol>\n</div><!-- #comments -->\n<div class="after">\n<p>次</p>\n</div>\n<footer>\n<p>©</p>\n</footer>\n</body></html>\n',
        (f'<html><head><title>Una entrada</title></head><body><ol class="commentlist">{comments("dice:")}</ol>'
         f'<aside><ul>{sidebar}</ul></aside><div class="recentcomments"><a href="/y/">Últimos</a></div>'
         '<footer><p>fin</p></footer></body></html>').replace("\n", ""),
        f'<html><head><title>Long</title></head><body>\n<ol class="commentlist">\n{comments("says:")}</ol>\n'
        + "<p>filler</p>\n" * 70000 + '<div class="comment-widget">\n<p>late</p>\n</div>\n<aside>\n<p>side</p>\n</aside>\n'
        '</body></html>\n',
        (f'<html><head><title>Old Mac</title></head><body>\n<ol class="commentlist">\n{comments("says:")}</ol>\n'
         f'<aside>\n<ul>\n{sidebar}\n</ul>\n</aside>\n<div class="x">\n<p>trackback</p>\n</div>\n</body></html>\n')
        .replace("\n", "\r"),
    ]


def test_judged_by_its_lines_prune_keeps_every_element_it_keeps_when_it_writes_each_out():
    """The lines say "no mark" only where the element holds none: whatever prune keeps when it writes each
    element out to look, it keeps judging by the lines first, on every saved page and the pages made for it;
    and it takes out as much of the page's sidebars and footers."""
    from archived_comments.parsers.html.tree import lxml_tree

    made = [comment_region(text) for text in line_cases()]
    assert all(lxml_tree(region) is not None for region in made)
    saved = [comment_region(data.decode("utf-8", "replace")) for _, data in saved_pages()]
    # A page deeper than libxml2 builds is read without lxml's tree, unpruned (``comment_tree``).
    regions = made + [region for region in saved if lxml_tree(region) is not None]
    assert len(regions) > 150
    written_total = lines_total = 0
    for index, region in enumerate(regions):
        written, by_lines = _kept_by_both_ways(region)
        assert written <= by_lines, sorted(written - by_lines)[:5]
        if index >= len(made):  # past libxml2's last line number, the made page's elements are all kept
            written_total, lines_total = written_total + len(written), lines_total + len(by_lines)
    assert lines_total <= written_total * 1.02


def test_the_lines_that_hold_a_mark_are_numbered_as_libxml2_numbers_them():
    from archived_comments.parsers.html.tree import lxml_tree

    text = '<html><body>\n<p>a</p>\r\n<p class="Comment">b</p>\r<p>c</p>\n<div>&#68;isqus</div>\n</body></html>'
    root = lxml_tree(text)
    assert [el.sourceline for el in root.iter("p", "div")] == [2, 3, 3, 4]
    assert outline.marked_lines(text.lower()) == [3, 4]
    # Each mark prune writes an element out to look for is one marked_lines finds on its line.
    for mark in outline._MARKS + ("&#",):
        assert outline.marked_lines(f"<p>\n<b>{mark}</b>\n</p>") == [2], mark
