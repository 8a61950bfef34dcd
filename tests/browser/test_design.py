"""The rough edges a reader met on the old theme, measured in Chromium at phone and desktop widths:
the menu on one line, metadata items never broken, the newsletter inside the article's end card and
quieter than its heading, comment bylines (name over date, both right of the avatar), the search page
useful before typing.  Fixtures (built site, server, Chromium) are tests/browser/conftest.py's.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

ARTICLE = "/shooting-on-vintage-anamorphic-lenses/"


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def contrast(a: str, b: str) -> float:
    def luminance(colour):
        channels = [c / 255 for c in rgb(colour)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_the_menu_stays_on_one_line(visit, width):
    v = visit(viewport={"width": width, "height": 800})
    v.open("/")
    tops = v.page.eval_on_selector_all(".site-nav li", "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) >= 5 and len(set(tops)) == 1, tops
    assert v.page.evaluate("(() => { const u = document.querySelector('.site-nav ul'); return u.scrollWidth <= u.clientWidth; })()")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_metadata_items_never_break_inside(visit, scheme):
    v = visit(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    v.open("/")
    heights = v.page.eval_on_selector_all(
        ".article-meta > *", "els => els.map(e => [e.textContent, e.getClientRects().length])")
    assert any("comments" in text for text, _ in heights)
    assert all(lines == 1 for _, lines in heights), heights


@pytest.mark.parametrize("width", [360, 1280])
def test_newsletter_is_part_of_the_articles_end_and_quieter_than_its_heading(visit, width):
    v = visit(viewport={"width": width, "height": 800})
    v.open(ARTICLE)
    card = v.page.locator(".article-end")
    box, author, letter = (loc.bounding_box() for loc in (card, card.locator("aside.author-box"),
                                                           card.locator("aside.newsletter")))
    assert author["y"] < letter["y"] and letter["y"] + letter["height"] <= box["y"] + box["height"] + 1
    size = v.page.eval_on_selector_all(".newsletter h2, .newsletter label",
                                       "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert size[0] > size[1], size  # heading larger than the field label


@pytest.mark.parametrize("width", [360, 1280])
def test_comment_byline_name_over_date_beside_the_avatar(visit, width):
    v = visit(viewport={"width": width, "height": 800})
    v.open(ARTICLE)
    rows = v.page.eval_on_selector_all("section#comments article[id^=comment-]", """els => els.map(a => {
        const r = s => a.querySelector(':scope > header ' + s).getBoundingClientRect();
        return {avatar: r('.avatar'), name: r('.comment-author'), date: r('.comment-permalink'),
                underline: getComputedStyle(a.querySelector('.comment-permalink')).textDecorationLine};
    })""")
    assert len(rows) >= 5
    for row in rows:
        avatar, name, date = row["avatar"], row["name"], row["date"]
        assert abs(date["left"] - name["left"]) < 1  # the date starts under the name ...
        assert date["top"] >= name["bottom"] - 1  # ... below it
        assert name["left"] >= avatar["right"] and date["left"] >= avatar["right"]  # not under the avatar
        assert row["underline"] == "none"  # dates are quiet links (underlined on hover)
    colours = v.page.eval_on_selector_all(
        "section#comments .comment-author", "els => els.map(e => getComputedStyle(e.querySelector('a') || e).color)")
    assert len(set(colours)) == 1, colours  # linked and unlinked names look alike


def test_search_page_is_useful_before_typing(visit):
    v = visit(viewport={"width": 390, "height": 800})
    v.open("/search/")
    v.page.wait_for_selector(".pagefind-ui__search-input")
    suggestions = v.page.locator("#search-suggestions")
    assert suggestions.is_visible()
    recent = suggestions.locator("section[aria-labelledby=search-recent] .archive-list a:not(.archive-comments a)")
    assert recent.count() >= 3
    assert suggestions.locator(".term-list a").count() >= 3
    # The placeholder reads as text (4.5:1 on the box), not Pagefind's pale 0.2-opacity grey.
    placeholder = v.page.evaluate("""(() => { const i = document.querySelector('.pagefind-ui__search-input');
        const p = getComputedStyle(i, '::placeholder'); return [p.color, p.opacity, getComputedStyle(i).backgroundColor]; })()""")
    assert float(placeholder[1]) == 1 and contrast(placeholder[0], placeholder[2]) >= 4.5, placeholder
    # Typing a query puts the results in their place.
    v.page.fill(".pagefind-ui__search-input", "lens")
    v.page.wait_for_selector(".pagefind-ui__result")
    assert not suggestions.is_visible()
    v.page.fill(".pagefind-ui__search-input", "")
    v.page.wait_for_function("() => !document.getElementById('search-suggestions').hidden")


@pytest.mark.parametrize("width", [360, 1280])
def test_archives_align_dates_and_titles_in_columns(visit, width):
    v = visit(viewport={"width": width, "height": 800})
    v.open("/archives/")
    rows = v.page.eval_on_selector_all(".archive-list li", """els => els.map(li => [
        li.querySelector('time').getBoundingClientRect().left, li.querySelector('a').getBoundingClientRect().left,
        parseFloat(getComputedStyle(li.closest('section').querySelector('h2')).fontSize),
        parseFloat(getComputedStyle(li.querySelector('a')).fontSize)])""")
    assert len(rows) >= 10
    assert len({round(r[0]) for r in rows}) == 1 and len({round(r[1]) for r in rows}) == 1, rows
    assert all(year <= title * 1.25 for _, _, year, title in rows)  # a year is no louder than the titles
