"""The search page in Chromium: Pagefind's index of the built sample, searched as a reader would.

The words searched for are picked here from the sources, not hard-coded: one that only an article's
body has, and one that only a reader wrote (in the comments import, `invoke comments --json`).  The
fixtures (built site, server on 127.0.0.1, Chromium, axe-core) are tests/browser/conftest.py's.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from html import unescape
from urllib.parse import urlsplit

import pytest

from helpers import ROOT, static_server
from importing import sample_import_json
from sitebuild import sample_build

pytestmark = [pytest.mark.browser, pytest.mark.site]

ARTICLE = "/shooting-on-vintage-anamorphic-lenses/"  # comments nested three deep
WORD = re.compile(r"[a-z]+")

# Records Content-Security-Policy violations from the first moment of each page (an init script runs
# before the page's own and is not subject to its policy).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def words(text: str) -> set[str]:
    return set(WORD.findall(unescape(re.sub(r"<[^>]+>", " ", text)).lower()))


def article_texts() -> dict[str, str]:
    """slug -> the whole Markdown source (title, summary, body) of every article and page."""
    texts = {}
    for path in sorted((ROOT / "content").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        slug = re.search(r"^Slug: *(.+)$", text, re.M)
        texts[slug.group(1).strip() if slug else path.stem] = text
    return texts


@pytest.fixture(scope="module")
def comments_import(tmp_path_factory) -> dict:
    return sample_import_json(tmp_path_factory)


@pytest.fixture(scope="module")
def body_word(comments_import) -> tuple[str, str]:
    """(word, slug): a long word of one article's body that no other article, page or comment has."""
    texts = article_texts()
    in_comments = set()
    for thread in comments_import["threads"]:
        for comment in thread["comments"]:
            in_comments |= words(comment["html"]) | words(comment["author"] or "")
    counts = Counter(w for text in texts.values() for w in words(text))
    for slug, text in texts.items():
        if not (ROOT / "content" / "articles" / f"{slug}.md").exists():
            continue
        for word in sorted(words(text.split("\n\n", 1)[1])):
            prefix = word[:6]
            if len(word) >= 9 and counts[word] == 1 and not any(w.startswith(prefix) for w in in_comments) and \
                    sum(1 for w in counts if w.startswith(prefix)) == 1:
                return word, slug
    raise AssertionError("no word only one article has")


@pytest.fixture(scope="module")
def comment_word(comments_import) -> tuple[str, str, str]:
    """(word, slug, comment id): a word that only a reader wrote, in a comment shown under an article."""
    in_articles = set()
    for text in article_texts().values():
        in_articles |= words(text)
    in_articles |= words((ROOT / "content" / "authors" / "ines-calder.md").read_text(encoding="utf-8"))
    candidates = []
    for thread in comments_import["threads"]:
        if not thread["article"]:
            continue
        for comment in thread["comments"]:
            if comment["status"] != "visible" or comment["type"] != "comment":
                continue
            for word in words(comment["html"]):
                prefix = word[:6]
                if len(word) >= 8 and not any(w.startswith(prefix) for w in in_articles):
                    candidates.append((word, thread["article"], comment["id"]))
    assert candidates, "no word only a commenter wrote"
    # One that no other comment has either: its hits are all in one comment.
    counts = Counter(word for word, _, _ in candidates)
    return sorted(c for c in candidates if counts[c[0]] == 1)[0]


def search(v, word: str):
    """Type the word into Pagefind's box and wait for its results; returns the result links (href, text)."""
    v.open("/search/")
    v.page.wait_for_selector(".pagefind-ui__search-input")
    v.page.fill(".pagefind-ui__search-input", word)
    v.page.wait_for_selector(".pagefind-ui__message")
    v.page.wait_for_function(RESULTS_SHOWN)
    v.page.wait_for_load_state("networkidle")
    return v.page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(a => [a.getAttribute('href'), a.textContent])")


# Pagefind announces "N results for …" before each result's data has arrived (load states are reached
# once per page, so "networkidle" alone does not wait for them): done when no result is a placeholder.
RESULTS_SHOWN = """() => {
    const message = document.querySelector('.pagefind-ui__message');
    if (!message || message.textContent.includes('Searching')) return false;
    const announced = parseInt(message.textContent, 10) || 0;
    return document.querySelectorAll('.pagefind-ui__result-link').length >= Math.min(announced, 1)
        && !document.querySelector('.pagefind-ui__loading');
}"""


def test_finds_an_article_by_a_word_of_its_body(visit, body_word):
    word, slug = body_word
    v = visit()
    links = search(v, word)
    assert f"/{slug}/" in [href for href, _ in links], (word, links)
    assert v.foreign_requests() == [] and v.failed == []


def words_of(html: str) -> list[str]:
    return unescape(re.sub(r"<[^>]+>", " ", html)).split()


def test_finds_a_comment_by_a_word_only_a_reader_wrote(visit, comment_word, comments_import):
    word, slug, comment_id = comment_word
    v = visit()
    links = search(v, word)
    hrefs = [href for href, _ in links]
    assert f"/{slug}/" in hrefs, (word, links)
    # The sub-result links to the comment's permalink.
    assert f"/{slug}/#comment-{comment_id}" in hrefs, (word, links)
    excerpt = v.page.locator(".pagefind-ui__result-excerpt mark").first.inner_text()
    assert excerpt.lower() == word
    # The sub-result names the commenter and the date; its excerpt is what they wrote, not the byline.
    comment = next(c for t in comments_import["threads"] for c in t["comments"] if c["id"] == comment_id)
    sub = v.page.locator(f'.pagefind-ui__result-nested:has(a[href="/{slug}/#comment-{comment_id}"])')
    assert sub.locator(".pagefind-ui__result-link").inner_text().startswith(f"Comment by {comment['author']}, ")
    text = " ".join(sub.locator(".pagefind-ui__result-excerpt").inner_text().replace("…", " ").split())
    assert not text.startswith(comment["author"]) and text in " ".join(words_of(comment["html"])), text
    # Following it lands on the comment.
    v.page.locator(f'a[href="/{slug}/#comment-{comment_id}"]').click()
    v.page.wait_for_url(f"**/{slug}/#comment-{comment_id}")
    assert v.page.evaluate("document.querySelector(':target').id") == f"comment-{comment_id}"
    assert v.foreign_requests() == [] and v.failed == []


def test_a_query_in_the_address(visit, body_word):
    word, slug = body_word
    v = visit()
    v.open(f"/search/?q={word}")
    v.page.wait_for_selector(f'.pagefind-ui__result-link[href="/{slug}/"]')


def test_without_javascript_the_page_explains_and_links_the_archives(visit):
    v = visit(java_script_enabled=False)
    v.open("/search/")
    fallback = v.page.locator("#search-fallback")
    assert fallback.is_visible() and "JavaScript" in fallback.inner_text()
    assert v.page.locator("#search-fallback a[href$='archives/']").is_visible()
    assert v.page.locator("#search").inner_html() == ""


def test_the_search_page_loads_only_this_sites_files(visit, body_word):
    v = visit()
    search(v, body_word[0])
    scripts = v.page.eval_on_selector_all("script", "els => els.map(s => [s.src, s.textContent.trim()])")
    # Ours, from the page; Pagefind's, added by ours once the page's own files are in.
    assert [re.sub(r"\.[0-9a-f]{12}\.js$", ".js", src.split("/", 3)[3]) for src, _ in scripts] == [
        "theme/js/search.js", "pagefind/pagefind-ui.js"]
    assert all(text == "" for _, text in scripts)
    loaded = {url.split("/", 3)[3].split("?")[0] for url in v.requests}
    assert "pagefind/pagefind-entry.json" in loaded and any(u.endswith(".pf_fragment") for u in loaded)
    assert v.foreign_requests() == [] and v.failed == []


def test_pagefinds_files_are_fetched_after_the_first_paint(visit):
    # Not at the load event alone, which on this small page can come before anything is drawn: then the
    # 120 KB script would count toward the first paint on a slow line (Lighthouse's simulated one too).
    v = visit()
    v.open("/search/")
    v.page.wait_for_selector(".pagefind-ui__search-input")
    paint, fetched = v.page.evaluate("""() => [
        performance.getEntriesByName('first-contentful-paint')[0].startTime,
        performance.getEntriesByType('resource').filter(r => r.name.includes('/pagefind')).map(r => r.startTime)]""")
    assert len(fetched) >= 2 and min(fetched) >= paint, (paint, fetched)


def run_axe(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)  # not an inline <script>: the Content-Security-Policy forbids those
    return page.evaluate("async () => (await axe.run(document)).violations.map(v => "
                         "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violation_on_the_search_page(visit, axe_source, comment_word, scheme):
    v = visit(color_scheme=scheme)
    v.open("/search/")
    assert run_axe(v.page, axe_source) == []
    search(v, comment_word[0])  # with results and a comment sub-result on the page
    violations = run_axe(v.page, axe_source)
    assert violations == [], json.dumps(violations, indent=1)
    assert v.foreign_requests() == []


# --- Content-Security-Policy ------------------------------------------------------------------


def csp_visit(visit):
    v = visit()
    v.context.add_init_script(CSP_RECORDER)
    messages: list[str] = []
    v.page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    return v, messages


@pytest.mark.parametrize("path", ["/", ARTICLE, "/search/"])
def test_no_content_security_policy_violation(visit, comment_word, path):
    v, messages = csp_visit(visit)
    if path == "/search/":
        search(v, comment_word[0])
    else:
        v.open(path)
        v.page.wait_for_load_state("networkidle")
    policy = v.page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy
    form = v.page.query_selector("form.newsletter-form")  # the browser build sets NEWSLETTER_ACTION
    if form:
        action = urlsplit(form.get_attribute("action"))
        assert f"form-action 'self' {action.scheme}://{action.netloc}" in policy
    assert v.page.evaluate("window.__cspViolations") == []
    assert [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m] == []
    assert [m for m in messages if m.startswith("error")] == []


def test_the_violation_recorder_sees_an_inline_script(visit):
    v, messages = csp_visit(visit)
    v.open(ARTICLE)
    with pytest.raises(Exception, match="Content Security Policy"):
        v.page.add_script_tag(content="window.inlineRan = true")
    assert v.page.evaluate("window.inlineRan") is None
    assert any(d.startswith("script-src") for d in v.page.evaluate("window.__cspViolations"))


# --- COMMENTS_SEARCHABLE = False --------------------------------------------------------------


@pytest.fixture(scope="module")
def unsearchable_comments(tmp_path_factory):
    """The sample built with COMMENTS_SEARCHABLE off, served on its own 127.0.0.1 port."""
    output, _ = sample_build(tmp_path_factory, extra=["-e", "COMMENTS_SEARCHABLE=false"])
    with static_server(output) as base:
        yield output, base


def test_comments_are_not_found_when_not_searchable(browser, unsearchable_comments, comment_word, body_word):
    output, base = unsearchable_comments
    page_html = (output / ARTICLE.strip("/") / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<section id="comments"[^>]* data-pagefind-ignore', page_html)
    context = browser.new_context()
    context.route(lambda url: not url.startswith(base + "/"), lambda route: route.abort())
    try:
        page = context.new_page()
        for word, slug in ((comment_word[0], comment_word[1]), (body_word[0], body_word[1])):
            page.goto(f"{base}/search/?q={word}")
            page.wait_for_selector(".pagefind-ui__message")
            page.wait_for_function(RESULTS_SHOWN)
            page.wait_for_load_state("networkidle")
            hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(a => a.getAttribute('href'))")
            marked = page.eval_on_selector_all(".pagefind-ui__result mark", "els => els.map(m => m.textContent.toLowerCase())")
            # (Pagefind answers a word it does not know with near matches: so not "no result", but
            # never the word itself, nor a comment.)
            if word == comment_word[0]:
                assert word not in marked and not any("#comment-" in h for h in hrefs), (word, hrefs, marked)
            else:
                assert f"/{slug}/" in hrefs and word in marked, (word, hrefs, marked)
    finally:
        context.close()


# --- the policy itself (no browser) -------------------------------------------------------------


def test_policy_and_the_newsletter_origin():
    from csp import csp

    base = csp.content_security_policy({})
    assert base == ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")
    with_form = csp.content_security_policy({"NEWSLETTER_ACTION": "https://Lists.Example.org:443/subscribe?u=1&id=2"})
    assert with_form.endswith("form-action 'self' https://lists.example.org")
    assert csp.origin("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080"
    assert csp.origin("https://[::1]:8443/") == "https://[::1]:8443"
    for odd in ("javascript:alert(1)", "//no-scheme.example/", "https://bad host.example/", "mailto:a@b.example",
                "https://x.example'; script-src *"):
        assert csp.origin(odd) is None, odd
    settings = {"NEWSLETTER_ACTION": None, "CONTENT_SECURITY_POLICY": ""}
    csp.apply(settings)
    assert settings["CONTENT_SECURITY_POLICY"] == ""  # "" = no meta tag (invoke livereload)
