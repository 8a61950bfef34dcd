"""What a reader gets in a real browser (Chromium): comments, permalinks, collapsed threads,
layout at phone and desktop widths, print, accessibility (axe-core) and no third-party request.

Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

ARTICLE = "/shooting-on-vintage-anamorphic-lenses/"  # comments nested three deep, collapsed threads
LONG_THREAD = "/financing-a-micro-budget-feature/"  # the longest thread of the sample
SAMPLE_PAGES = [
    "/",
    "/page/2/",
    ARTICLE,
    LONG_THREAD,
    "/grading-night-exteriors/",
    "/sound-is-half-the-picture/",
    "/our-short-premieres-at-a-regional-festival/",
    "/choosing-a-lens-for-interviews/",
    "/archives/",
    "/2019/",
    "/categories/",
    "/category/gear/",
    "/tags/",
    "/tag/festivals/",
    "/authors/",
    "/author/ines-calder/",
    "/about/",
    "/comments/recent/",
    "/404.html",
]
AXE_PAGES = ["/", ARTICLE, LONG_THREAD, "/author/ines-calder/", "/archives/", "/comments/recent/", "/404.html"]


@pytest.mark.parametrize("path", SAMPLE_PAGES)
def test_sample_page_loads_nothing_from_another_host(visit, path):
    v = visit()
    response = v.open(path)
    assert response.ok, f"{path}: HTTP {response.status}"
    v.page.wait_for_load_state("networkidle")
    assert v.requests, "no request recorded"
    assert v.foreign_requests() == [], f"{path} made requests to other hosts"
    assert v.failed == [], f"{path}: failed requests {v.failed}"
    # No script runs on the site (JSON-LD is data).
    scripts = v.page.eval_on_selector_all("script", "els => els.map(e => e.type)")
    assert scripts in ([], ["application/ld+json"])


def test_following_a_comment_permalink_shows_the_comment(visit):
    v = visit(viewport={"width": 1280, "height": 800})
    v.open(LONG_THREAD)
    permalink = v.page.locator("section#comments a.comment-permalink").last
    target = permalink.get_attribute("href")
    permalink.click()
    v.page.wait_for_function("() => location.hash.length > 1")
    assert v.page.evaluate("location.hash") == target
    assert v.page.evaluate("document.querySelector(':target').id") == target[1:]
    comment = v.page.locator(target)
    assert comment.is_visible()
    box = comment.bounding_box()
    assert 0 <= box["y"] < 800, box  # scrolled into view


def test_a_permalink_into_a_collapsed_thread_opens_it(visit):
    v = visit(java_script_enabled=False)
    first = v.open(ARTICLE)
    assert first.ok
    details = v.page.locator("section#comments details.replies").first
    hidden_id = details.locator("article[id^=comment-]").first.get_attribute("id")
    assert not v.page.locator(f"#{hidden_id}").is_visible()
    v.open(f"{ARTICLE}#{hidden_id}")
    assert v.page.locator(f"#{hidden_id}").is_visible()
    assert v.page.evaluate("document.querySelector(':target').id") == hidden_id


def test_collapsed_thread_opens_without_javascript(visit):
    v = visit(java_script_enabled=False)
    v.open(ARTICLE)
    details = v.page.locator("section#comments details.replies").first
    assert details.get_attribute("open") is None
    replies = details.locator("ol.children > li > article")
    count = replies.count()
    assert count >= 1 and not replies.first.is_visible()
    summary = details.locator("summary")
    assert summary.inner_text().strip() == f"{details.locator('article').count()} replies"
    summary.click()
    assert details.get_attribute("open") is not None
    assert all(replies.nth(i).is_visible() for i in range(count))
    # And with the keyboard: Enter on the focused summary toggles it again.
    summary.focus()
    v.page.keyboard.press("Enter")
    assert details.get_attribute("open") is None


def test_nested_order_as_a_reader_sees_it(visit):
    v = visit(viewport={"width": 1280, "height": 900})
    v.open(ARTICLE)
    v.page.eval_on_selector_all("details.replies", "els => els.forEach(d => d.open = true)")
    comments = v.page.eval_on_selector_all(
        "section#comments ol.comment-list article[id^=comment-]",
        """els => els.map(e => {
            const box = e.getBoundingClientRect();
            const parentLi = e.parentElement.parentElement.closest('li.comment');
            const parent = parentLi ? parentLi.querySelector(':scope > article').id : null;
            return {id: e.id, top: box.top, left: box.left, parent};
        })""",
    )
    # Top to bottom, a reader meets them in thread order...
    assert [c["id"] for c in sorted(comments, key=lambda c: c["top"])] == [c["id"] for c in comments]
    assert [c["id"] for c in comments][:4] == ["comment-101", "comment-102", "comment-103", "comment-104"]
    # ...and every reply sits to the right of the comment it answers, below it.
    by_id = {c["id"]: c for c in comments}
    for c in comments:
        if c["parent"]:
            assert c["left"] > by_id[c["parent"]]["left"], c
            assert c["top"] > by_id[c["parent"]]["top"], c


def load_lazy_images(page):
    """A full-page screenshot does not scroll, so lazy images below the fold would stay blank."""
    page.eval_on_selector_all("img[loading=lazy]", "els => els.forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")  # a function: no eval under the CSP


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_horizontal_scroll(visit, artifacts, width, scheme):
    v = visit(viewport={"width": width, "height": 800}, color_scheme=scheme)
    for path, name in ((ARTICLE, "article"), (LONG_THREAD, "long-thread"), ("/", "index")):
        v.open(path)
        if name == "article":
            v.page.eval_on_selector_all("details.replies", "els => els.forEach(d => d.open = true)")
        load_lazy_images(v.page)
        overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        v.page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"), full_page=True)
        if name == "article":
            v.page.locator("section#comments").screenshot(path=str(artifacts / f"comments-{width}-{scheme}.png"))
    assert (artifacts / f"article-{width}-{scheme}.png").stat().st_size > 10_000


def test_print_hides_navigation(visit, artifacts):
    v = visit()
    v.open(ARTICLE)
    v.page.emulate_media(media="print")
    for selector in (".site-nav", ".site-footer", ".article-nav", ".newsletter"):
        assert not v.page.locator(selector).first.is_visible(), selector
    assert v.page.locator("article.article h1").is_visible()
    assert v.page.locator("#comment-102").is_visible()  # collapsed replies are printed


def run_axe(page, axe_source: str) -> list[dict]:
    # Evaluated from the test, not added as an inline <script>: the pages' Content-Security-Policy blocks those.
    page.evaluate(axe_source)
    return page.evaluate("async () => (await axe.run(document)).violations.map(v => "
                         "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_reports_no_violation(visit, axe_source, path, scheme):
    v = visit(color_scheme=scheme)
    v.open(path)
    violations = run_axe(v.page, axe_source)
    assert violations == [], json.dumps(violations, indent=1)
    if path in (ARTICLE, LONG_THREAD):
        # Again with every collapsed thread open (its content is checked too).
        v.page.eval_on_selector_all("details.replies", "els => els.forEach(d => d.open = true)")
        violations = run_axe(v.page, axe_source)
        assert violations == [], json.dumps(violations, indent=1)
    assert v.foreign_requests() == []


# The checks above can fail: each one, shown failing on a page made to fail it.


def test_request_recording_catches_another_host(visit):
    v = visit()
    v.open("/")
    v.page.set_content('<img src="http://example.invalid/pixel.png" alt="">')
    v.page.wait_for_load_state("networkidle")
    assert v.foreign_requests() == ["http://example.invalid/pixel.png"]


def test_axe_finds_a_known_violation(visit, axe_source):
    v = visit()
    v.open("/")
    v.page.set_content('<html><body><img src="/theme/favicon.svg"><a href="/"></a></body></html>')
    found = {violation["id"] for violation in run_axe(v.page, axe_source)}
    assert {"image-alt", "link-name", "html-has-lang"} <= found
