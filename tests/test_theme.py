"""The reader's theme on the built sample site (no browser): structure, metadata, feeds, budget.

Four builds, each once per test run (`sitebuild.sample_build`, shared with other modules): the local build (`pelicanconf.py`, as `invoke build`), the same
with a small display depth, collapsing from 2 replies and a newsletter configured, and the production
build (`publishconf.py`: absolute URLs, feeds, sitemap).  Expectations about comments come from the
documented JSON of `invoke comments --json`, not from the sample archives' contents.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pelicanconf
import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from importing import sample_import_json
from sitebuild import read_metadata, sample_build

ARTICLES = sorted((ROOT / "content" / "articles").glob("*.md"))
DISPLAY_DEPTH = getattr(pelicanconf, "COMMENTS_DISPLAY_DEPTH", 4)
COLLAPSE_FROM = getattr(pelicanconf, "COMMENTS_COLLAPSE_REPLIES", 3)
SITE_HOST = "ines-calder.example"  # publishconf.py's default SITEURL
BUDGET = 30 * 1000  # bytes of HTML + CSS per article page, before compression
NEWSLETTER = "https://newsletter.example/subscribe/ines?list=1"
ATOM = "{http://www.w3.org/2005/Atom}"


META = {read_metadata(p)["slug"]: read_metadata(p) for p in ARTICLES}


def _build(tmp_path_factory, name, **kw):
    return sample_build(tmp_path_factory, **kw)[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _build(tmp_path_factory, "local")


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    return _build(
        tmp_path_factory,
        "configured",
        extra=[
            "-e",
            "COMMENTS_DISPLAY_DEPTH=2",
            "COMMENTS_COLLAPSE_REPLIES=2",
            f"NEWSLETTER_ACTION={json.dumps(NEWSLETTER)}",
            'NEWSLETTER_EMAIL_FIELD="EMAIL"',
            'NEWSLETTER_HIDDEN_FIELDS={"u": "abc&1"}',
            'NEWSLETTER_TEXT="One email per new post."',
            "NEWSLETTER_PATH=null",  # no words file: the settings' words
        ],
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return _build(tmp_path_factory, "published", settings="publishconf.py")


@pytest.fixture(scope="module")
def import_json(tmp_path_factory):
    return sample_import_json(tmp_path_factory)


def visible_comment_ids(import_json) -> dict[str, set[str]]:
    """article slug -> ids of the comments a reader may see (visible, not a pingback/trackback)."""
    shown: dict[str, set[str]] = {}
    for thread in import_json["threads"]:
        if thread["article"]:
            ids = {c["id"] for c in thread["comments"] if c["status"] == "visible" and c["type"] == "comment"}
            shown.setdefault(thread["article"], set()).update(ids)
    return shown


def not_shown_ids(import_json) -> set[str]:
    return {c["id"] for t in import_json["threads"] for c in t["comments"] if c["status"] != "visible"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def article_page(output: Path, slug: str) -> BeautifulSoup:
    return soup(output / slug / "index.html")


def html_files(output: Path):
    return sorted(output.rglob("*.html"))


def with_comments(output: Path) -> list[str]:
    return [slug for slug in META if article_page(output, slug).select_one("section#comments")]


def comment_articles(page: BeautifulSoup):
    return page.select("section#comments ol.comment-list article[id^=comment-]")


# --- article page -------------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("slug", sorted(META))
def test_reading_time(site, slug):
    page = article_page(site, slug)
    shown = page.select_one("article.article .article-meta .reading-time").get_text()
    body = page.select_one(".article-body")
    for tag in body.find_all(("pre", "figure", "script", "style")):
        tag.decompose()
    words = len(re.findall(r"\w+(?:[-'’]\w+)*", body.get_text(" ")))
    assert shown == f"{max(1, math.ceil(words / 220))} min read"


@pytest.mark.site
def test_previous_and_next_links_follow_dates(site):
    by_date = sorted(META, key=lambda slug: META[slug]["date"])
    for index, slug in enumerate(by_date):
        nav = article_page(site, slug).select_one("nav.article-nav")
        prev, nxt = nav.select_one("a[rel=prev]"), nav.select_one("a[rel=next]")
        if index == 0:
            assert prev is None
        else:
            assert prev["href"] == f"../{by_date[index - 1]}/"
            assert prev.get_text(strip=True) == META[by_date[index - 1]]["title"]
        if index == len(by_date) - 1:
            assert nxt is None
        else:
            assert nxt["href"] == f"../{by_date[index + 1]}/"
            assert (site / by_date[index + 1] / "index.html").is_file()


@pytest.mark.site
def test_cover_body_images_and_video_facade(site):
    page = article_page(site, "shooting-on-vintage-anamorphic-lenses")
    cover = page.select_one("article.article img.cover")
    assert cover["width"] and cover["height"] and cover["alt"] == "" and "loading" not in cover.attrs
    for img in page.select(".article-body img"):
        assert img["loading"] == "lazy" and img.get("alt") is not None
    video = article_page(site, "our-short-premieres-at-a-regional-festival").select_one("figure.video-embed")
    assert video is not None and video.find("iframe") is None


@pytest.mark.site
def test_author_box_and_meta_in_article_page(site):
    page = article_page(site, "grading-night-exteriors")
    assert page.select_one("aside.author-box .author-bio p")
    meta = page.select_one("article.article .article-meta")
    assert meta.select_one("time.published") and meta.select_one("a.category")
    assert page.select("article.article footer a[rel=tag]")


# --- comments -----------------------------------------------------------------------------------


@pytest.mark.site
def test_comment_heading_count_and_closed_notice(site, import_json):
    shown = visible_comment_ids(import_json)
    assert len(shown) >= 5
    for slug, ids in shown.items():
        page = article_page(site, slug)
        heading = page.select_one("section#comments #comments-heading").get_text(strip=True)
        assert heading == f"{len(ids)} comment{'' if len(ids) == 1 else 's'}"
        assert {a["id"].removeprefix("comment-") for a in comment_articles(page)} == ids
        notice = page.select_one("section#comments .comments-closed").get_text(strip=True)
        assert "closed" in notice.lower()


@pytest.mark.site
def test_hidden_and_spam_comments_are_nowhere(site, import_json):
    hidden = not_shown_ids(import_json)
    assert hidden
    for path in html_files(site):
        page = soup(path)
        for cid in hidden:
            assert page.find(id=f"comment-{cid}") is None, (path, cid)


@pytest.mark.site
def test_every_comment_has_avatar_author_time_and_permalink(site):
    seen = 0
    for slug in with_comments(site):
        page = article_page(site, slug)
        for art in comment_articles(page):
            seen += 1
            avatar = art.select_one(".avatar")
            assert avatar is not None and avatar["aria-hidden"] == "true"
            assert re.fullmatch(r"\w{1,2}|\?", avatar.get_text())
            assert [c for c in avatar["class"] if re.fullmatch(r"avatar-c[0-7]", c)]
            author = art.select_one(".comment-author")
            assert author.get_text(strip=True)
            link = author.find("a")
            if link is not None:
                assert set(link["rel"]) == {"nofollow", "ugc"} and link["href"].startswith(("http://", "https://"))
            permalink = art.select_one("a.comment-permalink")
            assert permalink["href"] == f"#{art['id']}"
            time = art.select_one("time[datetime]")
            assert time is not None and datetime.fromisoformat(time["datetime"]).tzinfo is not None
    assert seen >= 20


@pytest.mark.site
def test_same_name_same_avatar(site):
    colours: dict[str, set[str]] = {}
    for slug in with_comments(site):
        for art in comment_articles(article_page(site, slug)):
            name = art.select_one(".comment-author").get_text(strip=True)
            colours.setdefault(name, set()).update(c for c in art.select_one(".avatar")["class"] if c != "avatar")
    assert any(len(v) == 1 for v in colours.values())
    assert all(len(v) == 1 for v in colours.values()), colours


def rendered(page: BeautifulSoup):
    """[(id, parent id from the nesting, nesting level)] in document order."""
    out = []

    def walk(ol, parent, level):
        for li in ol.find_all("li", recursive=False):
            art = li.find("article", recursive=False)
            cid = art["id"].removeprefix("comment-")
            out.append((cid, parent, level))
            for child in li.find_all("ol", class_="children"):
                if child.find_parent("li") is li:
                    walk(child, cid, level + 1)

    walk(page.select_one("section#comments ol.comment-list"), None, 1)
    return out


def model_parents(import_json, slug) -> dict[str, str | None]:
    """id -> parent id as the reader should understand it (visible ancestors only)."""
    comments = [c for t in import_json["threads"] if t["article"] == slug for c in t["comments"]]
    by_id = {c["id"]: c for c in comments}
    parents = {}
    for c in comments:
        if c["status"] != "visible" or c["type"] != "comment":
            continue
        parent = c["parent"]
        while parent in by_id and (by_id[parent]["status"] != "visible" or by_id[parent]["type"] != "comment"):
            parent = by_id[parent]["parent"]
        parents[c["id"]] = parent if parent in by_id else None
    return parents


def model_depth(parents: dict, cid: str) -> int:
    depth = 1
    while parents[cid]:
        cid, depth = parents[cid], depth + 1
    return depth


@pytest.mark.site
def test_threads_nest_up_to_the_display_depth(site, import_json):
    for slug in with_comments(site):
        page = article_page(site, slug)
        parents = model_parents(import_json, slug)
        tree = rendered(page)
        order = [cid for cid, _, _ in tree]
        assert sorted(order) == sorted(parents), slug
        for cid, nest_parent, level in tree:
            depth = model_depth(parents, cid)
            assert level == min(depth, DISPLAY_DEPTH)
            # Nested under its parent, or (deeper than the display depth) shown after it, naming it.
            reply_to = page.find(id=f"comment-{cid}").select_one(".comment-reply-to a")
            if depth <= DISPLAY_DEPTH:
                assert nest_parent == parents[cid] and reply_to is None
            else:
                assert reply_to["href"] == f"#comment-{parents[cid]}"
            if parents[cid]:
                assert order.index(parents[cid]) < order.index(cid)


@pytest.mark.site
def test_anamorphic_thread_reads_in_order(site):
    tree = rendered(article_page(site, "shooting-on-vintage-anamorphic-lenses"))
    assert [(cid, parent) for cid, parent, _ in tree][:4] == [
        ("101", None), ("102", "101"), ("103", "102"), ("104", None)]


@pytest.mark.site
def test_depth_limit_flattens_with_in_reply_to_links(configured, import_json):
    flattened = 0
    for slug in with_comments(configured):
        page = article_page(configured, slug)
        ids = {tag["id"] for tag in page.find_all(id=True)}
        parents = model_parents(import_json, slug)
        tree = rendered(page)
        order = [cid for cid, _, _ in tree]
        assert max(level for _, _, level in tree) <= 2
        assert sorted(order) == sorted(parents)
        for cid, nest_parent, level in tree:
            art = page.find(id=f"comment-{cid}")
            reply_to = art.select_one(".comment-reply-to a")
            true_parent = parents[cid]
            if nest_parent == true_parent:
                assert reply_to is None
                continue
            # Shown flat at the last level: names its real parent and links to it.
            flattened += 1
            assert level == 2
            assert reply_to["href"] == f"#comment-{true_parent}" and reply_to["href"][1:] in ids
            parent_name = page.find(id=f"comment-{true_parent}").select_one(".comment-author").get_text(strip=True)
            assert reply_to.get_text(strip=True) == parent_name
            assert order.index(true_parent) < order.index(cid)
    assert flattened >= 3


@pytest.mark.site
def test_long_threads_collapse_in_details(site, configured):
    for output, threshold in ((site, COLLAPSE_FROM), (configured, 2)):
        collapsed = 0
        for slug in with_comments(output):
            page = article_page(output, slug)
            for li in page.select("section#comments ol.comment-list > li"):
                replies = len(li.select("article[id^=comment-]")) - 1
                details = li.find("details", recursive=False)
                if threshold and replies >= threshold:
                    collapsed += 1
                    assert details is not None and "open" not in details.attrs
                    assert details.summary.get_text(strip=True) == f"{replies} replies"
                    assert details.find("ol", class_="children", recursive=False)
                else:
                    assert details is None
        if output is configured:
            assert collapsed >= 3


@pytest.mark.site
def test_mentions_are_listed_apart(site, import_json):
    mentions = {(t["article"], c["id"]) for t in import_json["threads"] if t["article"] for c in t["comments"]
                if c["status"] == "visible" and c["type"] != "comment"}
    assert mentions
    for slug, cid in mentions:
        page = article_page(site, slug)
        item = page.select_one(f"ol.mention-list li#comment-{cid}")
        assert item is not None
        assert not page.select_one(f"ol.comment-list #comment-{cid}")


@pytest.fixture(scope="module")
def without_newsletter(tmp_path_factory):
    return _build(tmp_path_factory, "no-newsletter", extra=["-e", "NEWSLETTER_ACTION=null"])


@pytest.mark.site
def test_newsletter_in_the_authors_words_at_the_articles_end(site, configured, without_newsletter):
    from newsletter.settings import DEFAULTS

    # The sample has it on, in the author's words from content/newsletter.md (read here line by line:
    # "Key: value" headers, then the text), none of them the plugin's defaults nor written in a template.
    head, _, text = (ROOT / "content" / "newsletter.md").read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    text = " ".join(text.split())
    words = (meta["Title"], text, meta["Button"], meta["Note"])
    assert not {DEFAULTS["NEWSLETTER_TITLE"], DEFAULTS["NEWSLETTER_TEXT"], DEFAULTS["NEWSLETTER_BUTTON"]} & set(words)
    assert not {"NEWSLETTER_TITLE", "NEWSLETTER_TEXT", "NEWSLETTER_BUTTON", "NEWSLETTER_NOTE"} & set(vars(pelicanconf))
    templates = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "theme" / "templates").rglob("*.html"))
    assert not any(w in templates for w in words)
    for slug in META:
        page = article_page(site, slug)
        aside = page.select_one("aside.newsletter")
        assert aside.h2.get_text(strip=True) == meta["Title"]
        assert " ".join(aside.p.get_text().split()) == text
        assert aside.button.get_text(strip=True) == meta["Button"]
        assert aside.select_one("p.newsletter-note").get_text(strip=True) == meta["Note"]
        assert aside.form["action"] == pelicanconf.NEWSLETTER_ACTION
        # Part of the article's end: the same card as the author box, right after the article.
        end = aside.parent
        assert "article-end" in end["class"] and end.select_one("aside.author-box") is not None
        assert end.find_previous_sibling(True) is page.select_one("article.article")
    for slug in META:
        form = article_page(configured, slug).select_one("aside.newsletter form.newsletter-form")
        assert form["action"] == NEWSLETTER and form["method"] == "post"
        email = form.select_one("input[type=email]")
        assert email["name"] == "EMAIL" and email.has_attr("required")
        assert form.select_one(f"label[for={email['id']}]")
        assert form.select_one("input[type=hidden][name=u]")["value"] == "abc&1"
        assert "One email per new post." in form.find_parent("aside").get_text()
    # Off: no form anywhere, the author box stays.
    page = article_page(without_newsletter, "grading-night-exteriors")
    assert page.select_one(".newsletter, form") is None and page.select_one(".article-end aside.author-box")


# --- site pages ---------------------------------------------------------------------------------


@pytest.mark.site
def test_index_pages_are_cards_with_covers_counts_and_reading_time(site):
    page = soup(site / "index.html")
    summaries = page.select("article.summary")
    assert len(summaries) == pelicanconf.DEFAULT_PAGINATION == 6  # 10 posts: two pages, not three
    by_title = {meta["title"]: meta for meta in META.values()}
    for index, summary in enumerate(summaries):
        assert summary.select_one(".summary-text").get_text(strip=True)
        assert summary.select_one(".reading-time")
        meta = by_title[summary.h2.get_text(strip=True)]
        cover = summary.select_one("img.summary-cover")
        assert cover["src"] == f"./{meta['cover']}" and cover["alt"] == "" and cover["width"] and cover["height"]
        # The first card's cover is the page's largest paint: fetched at once; the others when scrolled to.
        if index == 0:
            assert cover.get("fetchpriority") == "high" and "loading" not in cover.attrs
        else:
            assert cover["loading"] == "lazy" and "fetchpriority" not in cover.attrs
    counts = page.select("article.summary .article-meta a.comment-count")
    assert counts
    for count in counts:  # the post's own page, at its comments
        assert count["href"] == count.find_parent("article").h2.a["href"] + "#comments"
    assert page.select_one("nav.pagination a[rel=next]")
    assert "Page 1 of 2" in page.select_one("nav.pagination").get_text()


@pytest.mark.site
def test_archives_by_year_with_dates_and_comment_counts(site, import_json):
    archives = soup(site / "archives" / "index.html")
    years = {a.get_text(strip=True) for a in archives.select(".archive-year h2 a")}
    assert years == {META[s]["date"][:4] for s in META}
    for year in years:
        assert (site / year / "index.html").is_file()
    shown = visible_comment_ids(import_json)
    rows = archives.select(".archive-year .archive-list li")
    assert len(rows) == len(META)
    for row in rows:
        slug = row.find("a")["href"].strip("./").split("/")[-1]
        section_year = row.find_parent("section").h2.a.get_text(strip=True)
        assert META[slug]["date"].startswith(section_year)
        assert row.time["datetime"].startswith(META[slug]["date"][:10])
        assert section_year not in row.time.get_text()  # the year is the heading's, not repeated per row
        count = row.select_one(".archive-comments")
        if shown.get(slug):
            n = len(shown[slug])
            assert count.get_text(strip=True) == f"{n} comment{'' if n == 1 else 's'}"
            assert count.a["href"] == row.find("a")["href"] + "#comments"
        else:
            assert count is None


@pytest.mark.site
def test_term_pages_and_the_author_page_names_the_author_once(site):
    assert soup(site / "categories" / "index.html").select(".term-list a")
    assert soup(site / "tags" / "index.html").select(".term-list a")
    author = soup(site / "author" / "ines-calder" / "index.html")
    main = author.select_one("main")
    profile = (ROOT / "content" / "authors" / "ines-calder.md").read_text(encoding="utf-8")
    headings = [h.get_text(" ", strip=True) for h in main.find_all(["h1", "h2", "h3"])]
    assert [h for h in headings if "Ines Calder" in h] == ["Ines Calder"] and main.h1.get_text(strip=True) == "Ines Calder"
    assert not main.select('a[href="./"], a[href=""], a[rel=author]')  # no link from the page to itself
    bio = main.select_one("header.profile .author-bio").get_text(" ", strip=True)
    assert bio.startswith("Ines Calder is an independent filmmaker")  # the whole bio, not the summary
    assert len(main.select(".profile a[rel=me]")) == profile.count("https://")
    assert main.select("article.summary")
    # Under an article, the box links to this page and shows the profile's short Summary: line.
    box = article_page(site, "grading-night-exteriors").select_one("aside.author-box")
    assert box.select_one("a[rel=author]")["href"] == "../author/ines-calder/"
    summary = read_metadata(ROOT / "content" / "authors" / "ines-calder.md")["summary"]
    assert box.select_one(".author-bio").get_text(strip=True) == summary


@pytest.mark.site
def test_404_page_at_the_root_with_root_relative_links(site):
    page = soup(site / "404.html")
    assert page.find("h1").get_text(strip=True) == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    for tag in page.select("a[href], link[href]"):
        href = tag["href"]
        assert href.startswith(("/", "#", "https://getpelican.com")), href
    assert re.fullmatch(r"/theme/css/style\.[0-9a-f]{12}\.css", page.select_one('link[rel=stylesheet]')["href"])


@pytest.mark.site
def test_recent_comments_page(site, import_json):
    page = soup(site / "comments" / "recent" / "index.html")
    items = page.select("ol.recent-comments > li")
    total = sum(len(ids) for ids in visible_comment_ids(import_json).values())
    assert len(items) == min(20, total)
    dates = [datetime.fromisoformat(li.time["datetime"]) for li in items]
    assert dates == sorted(dates, reverse=True)
    for li in items:
        href = li.select_one(".comment-meta a")["href"]
        path, _, anchor = href.partition("#")
        target = soup((site / "comments" / "recent" / path / "index.html").resolve())
        assert target.find(id=anchor) is not None, href


# --- metadata -----------------------------------------------------------------------------------


def json_ld(page: BeautifulSoup) -> dict:
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "</" not in raw
    return json.loads(raw)


@pytest.mark.site
def test_json_ld_blog_posting_with_comments(published, import_json):
    shown = visible_comment_ids(import_json)
    for slug, meta in META.items():
        page = article_page(published, slug)
        data = json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
        assert data["headline"] == meta["title"]
        assert data["mainEntityOfPage"] == f"https://{SITE_HOST}/{slug}/"
        assert data["author"][0]["name"] == "Ines Calder"
        assert data["author"][0]["url"] == f"https://{SITE_HOST}/author/ines-calder/"
        assert data["datePublished"].startswith(meta["date"][:10])
        ids = shown.get(slug, set())
        assert data["commentCount"] == len(ids)
        comments = data.get("comment", [])
        assert len(comments) == len(ids)
        for entry in comments:
            assert entry["@type"] == "Comment" and entry["author"]["name"] and entry["text"]
            datetime.fromisoformat(entry["dateCreated"])
        on_page = {" ".join(a.select_one(".comment-content").get_text(" ").split()) for a in comment_articles(page)}
        assert {entry["text"] for entry in comments} == on_page


def test_json_ld_cannot_be_closed_by_comment_text():
    from seo.structured import script_json

    text = script_json({"text": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["text"] == "</script><script>alert(1)</script> & <!--"


def test_json_ld_placed_from_kept_text_is_the_json_of_the_data():
    """A part kept as JSON text (hooks.JSONText: archived_comments' comments) is placed as it is, and
    the whole is what json.dumps writes of the data itself, escaped the same way."""
    from archived_comments.structured import visible_comments_json
    from archived_comments.model import Comment
    from seo.structured import script_json
    from siteconf.hooks import JSONText

    comments = [Comment(id="7", author="Zoë </script>", html="<p>«Très» bien &amp; 🎬</p>", author_url="https://e.example/?a=1&b=2"),
                Comment(id="8", author="李", html="<p>x</p>")]
    count, text = visible_comments_json(comments)
    data = {"@type": "BlogPosting", "headline": "Ünïcode <b>", "commentCount": count, "comment": json.loads(text),
            "keywords": ["a", "b"]}
    kept = dict(data, comment=JSONText(text))
    assert script_json(kept) == script_json(data)
    others = {key: value for key, value in data.items() if key != "comment"}
    for placed in ({"comment": JSONText(text), **others}, {**others, "comment": JSONText(text)}):  # first, last
        assert script_json(placed) == script_json({key: json.loads(value) if key == "comment" else value
                                                   for key, value in placed.items()})
    assert script_json({"only": JSONText("[1,2]")}) == '{"only":[1,2]}' and script_json({}) == "{}"
    assert "<" not in script_json(kept) and json.loads(script_json(kept)) == data
    assert visible_comments_json([]) == (0, "")


@pytest.mark.site
def test_canonical_and_open_graph(site, published):
    for output, base in ((site, ""), (published, f"https://{SITE_HOST}")):
        for slug, meta in META.items():
            page = article_page(output, slug)
            canonical = page.select_one("link[rel=canonical]")["href"]
            assert canonical == f"{base}/{slug}/"
            og = {m["property"]: m["content"] for m in page.select("meta[property]")}
            assert og["og:url"] == canonical and og["og:type"] == "article"
            assert og["og:title"] == meta["title"]
            assert og["og:image"] == f"{base}/{meta['cover']}"
            assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        index = soup(output / "index.html")
        assert index.select_one("link[rel=canonical]")["href"] == f"{base}/"
        page2 = soup(output / "page" / "2" / "index.html")
        assert page2.select_one("link[rel=canonical]")["href"] == f"{base}/page/2/"


@pytest.mark.site
def test_sitemap(site, published):
    assert not (site / "sitemap.xml").exists()  # relative SITEURL: a sitemap needs full URLs
    root = ET.parse(published / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(f"{ns}loc") for u in root.findall(f"{ns}url")]
    assert len(locs) == len(set(locs))
    assert all(urlsplit(loc).netloc == SITE_HOST and urlsplit(loc).scheme == "https" for loc in locs)
    for slug in META:
        assert f"https://{SITE_HOST}/{slug}/" in locs
    assert f"https://{SITE_HOST}/" in locs and f"https://{SITE_HOST}/about/" in locs


# --- feeds --------------------------------------------------------------------------------------


def feed_entries(path: Path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


@pytest.mark.site
def test_comment_feed_per_article(published, import_json):
    shown = visible_comment_ids(import_json)
    hidden = not_shown_ids(import_json)
    feeds = sorted((published / "feeds" / "comments").glob("*.atom.xml"))
    assert {p.name.removesuffix(".atom.xml") for p in feeds} == {s for s, ids in shown.items() if ids}
    for path in feeds:
        slug = path.name.removesuffix(".atom.xml")
        _, entries = feed_entries(path)
        ids = set()
        for entry in entries:
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(f"https://{SITE_HOST}/{slug}/#comment-")
            ids.add(link.split("#comment-")[1])
            assert entry.findtext(f"{ATOM}author/{ATOM}name")
            assert entry.find(f"{ATOM}author/{ATOM}email") is None
            assert entry.findtext(f"{ATOM}updated")
        assert ids == shown[slug] and not ids & hidden
        # The article links its feed.
        page = article_page(published, slug)
        assert page.select_one(f'link[rel=alternate][href="https://{SITE_HOST}/feeds/comments/{slug}.atom.xml"]')


@pytest.mark.site
def test_recent_comments_feed(published, import_json):
    hidden = not_shown_ids(import_json)
    root, entries = feed_entries(published / "feeds" / "comments.atom.xml")
    assert 0 < len(entries) <= 20
    dates = [datetime.fromisoformat(e.findtext(f"{ATOM}published")) for e in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        cid = link.split("#comment-")[1]
        assert cid not in hidden
        slug = urlsplit(link).path.strip("/")
        assert article_page(published, slug).find(id=f"comment-{cid}") is not None
    raw = (published / "feeds" / "comments.atom.xml").read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", raw)  # no email address of anyone


@pytest.mark.site
def test_article_feeds_still_there(published):
    for name in ("all.atom.xml", "all.rss.xml"):
        ET.parse(published / "feeds" / name)


# --- privacy, performance, safety ---------------------------------------------------------------


REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def loaded_urls(page: BeautifulSoup) -> list[str]:
    """Every URL a browser fetches while loading the page (not links a reader may follow)."""
    urls = [t["src"] for t in page.select("img[src], script[src], iframe[src], video[src], audio[src], source[src]")]
    urls += [u.split()[0] for t in page.select("img[srcset], source[srcset]") for u in t["srcset"].split(",")]
    urls += [t["href"] for t in page.select("link[href]") if set(t.get("rel", [])) & {"stylesheet", "icon", "preload",
                                                                                     "modulepreload", "prefetch"}]
    urls += [t["poster"] for t in page.select("video[poster]")]
    return urls


@pytest.mark.site
def test_nothing_loads_from_another_host(site, published):
    for output, allowed in ((site, set()), (published, {SITE_HOST})):
        for path in html_files(output):
            page = soup(path)
            for url in loaded_urls(page):
                if REMOTE.match(url):
                    assert urlsplit(url).netloc in allowed, (path, url)
    for css in (site / "theme").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text)


@pytest.mark.site
def test_no_script_and_no_inline_style(site):
    for path in html_files(site):
        raw = path.read_text(encoding="utf-8")
        page = BeautifulSoup(raw, "lxml")
        scripts = page.find_all("script")
        if path == site / "search" / "index.html":
            # The one page with script: Pagefind's and ours, as files of this site, nothing inline.
            assert scripts and all(s.get("src") and not s.string for s in scripts), path
            assert all(not REMOTE.match(s["src"]) for s in scripts), path
        else:
            assert [s.get("type") for s in scripts] in ([], ["application/ld+json"]), path
        assert not page.select("[style]") and not page.find_all("style"), path
        assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs), path
        assert 'src="http' not in raw and "gravatar" not in raw.lower()


def page_weight(output: Path, page_path: Path) -> int:
    page = soup(page_path)
    total = page_path.stat().st_size
    for link in page.select("link[rel=stylesheet]"):
        href = link["href"]
        if REMOTE.match(href):
            href = urlsplit(href).path
            css = output / href.lstrip("/")
        else:
            css = (page_path.parent / href).resolve()
        total += css.stat().st_size
    return total


@pytest.mark.site
def test_article_pages_fit_the_budget(site, published):
    weights = {}
    for output in (site, published):
        for slug in META:
            weights[(output.name, slug)] = weight = page_weight(output, output / slug / "index.html")
            assert weight <= BUDGET, f"{slug}: {weight} bytes of HTML + CSS > {BUDGET}"
    print("heaviest article page:", max(weights.values()), "bytes")


@pytest.mark.site
def test_stylesheet_is_minified_but_the_source_is_not(site):
    source = (ROOT / "theme" / "static" / "css" / "style.css").read_text(encoding="utf-8")
    built = (site / "theme" / "css" / "style.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in built and len(built) < len(source)
    assert "prefers-color-scheme:dark" in built and "@media print" in built


def test_css_minifier_keeps_strings():
    from theme_assets.minify import minify_css

    css = 'a::after { content: " ( /* not a comment */ " attr(href) ")"; }\n/* a comment */\nb , i > em { color: red ; }'
    assert minify_css(css) == 'a::after{content:" ( /* not a comment */ " attr(href) ")"}b,i>em{color:red}\n'
    # A quote inside a comment opens no string (it once kept the rest of the file unminified).
    assert minify_css("/* the reader's theme */\na { color: red }\n/* it's */ b::after { content: '/*x*/ 0.5' }") == \
        "a{color:red}b::after{content:'/*x*/ 0.5'}\n"
    assert minify_css("b { c : d ; margin: 0.25rem 10.5px }") == "b{c:d;margin:0.25rem 10.5px}\n"
    # A URL is the name of a file: nothing in it changes (the hand-written minifier made it img/.5x.png).
    assert minify_css("a { background: url( img/0.5x.png ) }") == "a{background:url(img/0.5x.png)}\n"


# --- units: avatars, display tree, template escaping --------------------------------------------


def test_initials_and_avatar_colours():
    from archived_comments.display import AVATAR_COLOURS, avatar_for, initials

    assert initials("Ines Calder") == "IC"
    assert initials("Anonymous") == "A"
    assert initials("  jean-luc  de la Tour ") == "JT"
    assert initials("Łukasz Żak") == "ŁŻ"
    assert initials("") == "?" and initials("<>") == "?"
    assert avatar_for("Ines Calder") == avatar_for(" ines  calder")
    colours = {avatar_for(f"Reader {n}").colour for n in range(200)}
    assert colours == set(range(AVATAR_COLOURS))


def _comment(cid, author, day, replies=(), **kw):
    from archived_comments.model import Comment

    return Comment(id=cid, author=author, date=datetime(2020, 1, day, tzinfo=timezone.utc), html=f"<p>{cid}</p>",
                   replies=list(replies), **kw)


def test_display_tree_depth_and_collapse():
    from archived_comments.display import display_tree

    deep = _comment("1", "A", 1, [_comment("2", "B", 2, [_comment("3", "C", 3, [_comment("4", "D", 4)]),
                                                         _comment("5", "E", 5)]), _comment("6", "F", 6)])
    tree = display_tree([deep], max_depth=2, collapse_replies=3)
    root = tree[0]
    assert root.collapsed and root.reply_count == 5
    level2 = [(v.id, v.level, v.reply_to.id if v.reply_to else None) for v in root.replies]
    assert level2 == [("2", 2, None), ("3", 2, "2"), ("4", 2, "3"), ("5", 2, "2"), ("6", 2, None)]
    assert all(not v.replies for v in root.replies)

    flat = display_tree([deep], max_depth=1)
    assert [(v.id, v.reply_to.id if v.reply_to else None) for v in flat] == [
        ("1", None), ("2", "1"), ("3", "2"), ("4", "3"), ("5", "2"), ("6", "1")]
    assert not any(v.collapsed for v in flat)

    nested = display_tree([deep], max_depth=4, collapse_replies=0)
    assert not nested[0].collapsed and nested[0].replies[0].replies[0].replies[0].id == "4"


def test_comment_template_escapes_names_and_urls():
    """Names and URLs are plain text from strangers; Pelican's Jinja does not autoescape."""
    from jinja2 import Environment, FileSystemLoader
    from archived_comments.display import build_section
    from siteconf.datefmt import DateFilter
    from archived_comments.model import Thread

    evil = _comment("9", '<script>alert("x")</script>', 1, author_url='https://e.example/?q="><script>')
    reply = _comment("10", "Bob <b>", 2)
    evil.replies = [reply]
    mention = _comment("11", "<img src=x onerror=alert(1)>", 3, type="pingback", author_url="https://p.example/")
    thread = Thread(url=None, slug="x", article="x", comments=[evil, reply, mention], roots=[evil, mention])
    section = build_section([thread], {"COMMENTS_DISPLAY_DEPTH": 1, "TIMEZONE": "Europe/Berlin"})
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")), trim_blocks=True, lstrip_blocks=True)
    env.filters["comment_date"] = DateFilter()
    html = env.get_template("partials/comment_section.html").render(
        section=section,
        COMMENTS_CLOSED_NOTICE="Closed <for good>",
        COMMENTS_DATE_FORMAT="%-d %B %Y at %H:%M",
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    page = BeautifulSoup(html, "lxml")
    assert page.select_one("#comment-9 .comment-author a")["href"] == 'https://e.example/?q="><script>'
    assert page.select_one("#comment-10 .comment-reply-to a").get_text() == '<script>alert("x")</script>'
    assert page.select_one("#comment-9 time")["datetime"] == "2020-01-01T01:00:00+01:00"  # the site's zone
    assert page.select_one("li#comment-11").get_text().startswith("<img")
    assert "Closed <for good>" in page.get_text()


@pytest.mark.site
def test_covers_do_not_repeat_the_title(site):
    """The page shows the title as the H1 right above the cover: the picture carries no title of its own
    (it once did, with a subtitle about 8 px tall on a phone)."""
    for slug, meta in META.items():
        svg = (ROOT / "content" / meta["cover"]).read_text(encoding="utf-8")
        drawn = " ".join(re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)).lower()
        words = {w for w in re.findall(r"[a-z]{4,}", meta["title"].lower())}
        assert not words & set(re.findall(r"[a-z]+", drawn)), (slug, drawn)
        assert article_page(site, slug).select_one("article.article img.cover")["alt"] == ""


def test_search_suggestions_and_date_patterns():
    from search.suggestions import date_word_patterns, recent_posts, top_tags

    posts = [SimpleNamespace(date=datetime(2020, m, 1), slug=f"p{m}") for m in (3, 1, 2)]
    assert [p.slug for p in recent_posts(posts, 2)] == ["p3", "p2"]
    tags = [("lenses", [1, 2]), ("ai", [1]), ("sound", [1, 2]), ("Festivals", [1, 2, 3])]
    assert top_tags(tags, 3) == [("Festivals", 3), ("lenses", 2), ("sound", 2)]
    assert date_word_patterns("%-d %B %Y at %H:%M") == [r"^\d+$", r"^\p{L}+$", r"^\d+$", r"^\p{L}+$", r"^\d+:\d+$"]
    # A JavaScript regex with the u flag refuses needless escapes (\-): only its syntax characters are escaped.
    assert date_word_patterns("%d.%m.%Y, %H:%M Uhr") == [r"^\d+\.\d+\.\d+,$", r"^\d+:\d+$", r"^\p{L}+$"]
    assert date_word_patterns("%Y-%m-%d") == [r"^\d+-\d+-\d+$"]
