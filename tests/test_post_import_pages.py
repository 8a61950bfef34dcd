"""The post import on saved pages of every markup (tests/fixtures/posts/), and its conversion units."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from post_import import convert, shortcodes
from post_import.images import ImageStore, uploads_tail
from post_import.model import ImportReport, Post
from post_import.pipeline import import_posts
from post_import.writer import read_header
from helpers import ROOT

ARCHIVE = ROOT / "tests" / "fixtures" / "posts" / "archive"
SAVED = ARCHIVE / "saved"
COMPLETE = SAVED / "complete" / "Grip truck diaries – Ines Calder.html"


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def run(tmp_path: Path, settings, *sources: Path, **kw):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    report = import_posts([str(s) for s in sources], content, settings=settings, base=str(ROOT), **kw)
    return content, report


def article(content: Path, slug: str) -> tuple[dict, str]:
    text = (content / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    return read_header(content / "articles" / f"{slug}.md"), text.split("\n\n", 1)[1]


# ---------------------------------------------------------------- one markup each


def test_classic_theme(tmp_path, settings):
    content, report = run(tmp_path, settings, SAVED / "classic.html")
    meta, body = article(content, "a-week-of-pickup-shots")
    assert meta["title"] == "A Week of Pickup Shots"
    assert meta["date"] == "2018-05-03 00:00+02:00"  # the visible date, read in the site's zone
    assert meta["author"] == "Ines Calder"
    assert meta["category"] == "Production" and meta["tags"] == "pickups, editing"
    assert "three inserts" in body and "### The list" in body and "- Hands on the ledger" in body
    assert "| Monday | 4 |" in body
    for outside in ("Recent Posts", "Sidebar reader", "Pickups always take twice", "Leave a Reply",
                    "About Ines Calder", "Footer text", "trackingCode", "Posted in", "Colour Charts on Set"):
        assert outside not in body, outside
    profile = (content / "authors" / "ines-calder.md").read_text(encoding="utf-8")
    assert "independent filmmaker in Berlin" in profile and "View all posts" not in profile
    assert "Photo:" not in profile  # a Gravatar is not the archive's own


def test_html5_theme_without_share_buttons_or_related_posts(tmp_path, settings):
    content, report = run(tmp_path, settings, SAVED / "html5.html")
    meta, body = article(content, "colour-charts-on-set")
    assert meta["date"] == "2020-01-12 11:00+01:00" and meta["modified"] == "2020-01-15 09:30+01:00"
    assert meta["summary"] == "Why a colour chart at every setup pays for itself in the grade."
    assert "**in the light of the scene**" in body
    for outside in ("Share this", "Twitter", "Related", "Grading Night", "Tomasz", "Published by"):
        assert outside not in body, outside
    assert "Cover" not in meta  # og:image is remote only: reported, never loaded by a page
    assert ("https://ines-calder.example/wp-content/uploads/2020/01/chart-on-set.jpg",
            "cover of colour-charts-on-set") in report.images_missing


def test_block_theme(tmp_path, settings):
    content, report = run(tmp_path, settings, ARCHIVE)  # with uploads/ and posters/ beside the pages
    meta, body = article(content, "storyboards-from-a-phone")
    assert meta["title"] == "Storyboards from a Phone"
    assert meta["date"] == "2021-06-10 09:30+02:00" and meta["modified"] == "2021-06-12 18:00+02:00"
    assert meta["author"] == "Ines Calder"
    assert meta["category"] == "Production" and meta["tags"] == "storyboards, phones"
    assert "summary" not in meta  # og:description was WordPress's cut-off excerpt
    # A resized upload finds its original beside the export.
    assert "![The kitchen location, wide]({static}/images/imported/2019/05/kitchen-wide.png)" in body
    assert (content / "images/imported/2019/05/kitchen-wide.png").read_bytes() == (
        ARCHIVE / "uploads/2019/05/kitchen-wide.png").read_bytes()
    # The YouTube embed: the theme's iframe, with the poster from the archive's posters/ folder.
    assert ('<iframe data-poster="{static}/images/imported/posters/aqz-KE-bpKQ.png" '
            'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" title="The Quiet Reservoir, trailer"></iframe>') in body
    assert "```\naspect = 2.39\nlens = 35mm\n```" in body
    for outside in ("Aylin", "tablet", "Block theme footer", "Written by", "Films"):
        assert outside not in body, outside


def test_wayback_captures_give_the_post_once(tmp_path, settings):
    content, report = run(tmp_path, settings, ARCHIVE / "wayback", ARCHIVE / "uploads")
    outcome = next(o for o in report.outcomes if o.slug == "renting-a-dolly")
    assert len(outcome.sources) == 2 and outcome.action == "written"
    assert [o.slug for o in report.outcomes] == ["renting-a-dolly"]
    meta, body = article(content, "renting-a-dolly")
    assert meta["date"] == "2020-02-20 11:15+01:00"  # article:published_time, in the site's zone
    assert meta["author"] == "Ines Calder" and meta["category"] == "Gear" and meta["tags"] == "dolly"
    assert body.count("A doorway dolly") == 1
    assert "web.archive.org" not in body and "Captured" not in body and "Jonas" not in body
    assert "![Dolly track laid across a wooden floor]({static}/images/imported/2020/02/dolly-track.png)" in body
    assert meta["cover"] == "images/imported/2020/02/dolly-track.png"


def test_page_saved_complete_with_its_files_folder(tmp_path, settings):
    content, report = run(tmp_path, settings, COMPLETE.parent)
    meta, body = article(content, "grip-truck-diaries")  # slug from the "saved from url" comment
    assert meta["title"] == "Grip Truck Diaries" and meta["date"] == "2020-03-21 17:05+01:00"
    assert "![The grip truck, doors open]({static}/images/imported/grip-truck-diaries/grip-truck.png)" in body
    assert meta["cover"] == "images/imported/grip-truck-diaries/grip-truck.png"  # og:image, found in _files
    source = COMPLETE.parent / "Grip truck diaries – Ines Calder_files" / "grip-truck.png"
    assert (content / meta["cover"]).read_bytes() == source.read_bytes()
    # The _files folder is the page's (COMMENTS_IGNORE's default leaves it out), not a source: counted, not read.
    files = sorted(p.name for p in (COMPLETE.parent / "Grip truck diaries – Ines Calder_files").iterdir())
    assert sorted(Path(name).name for name in report.ignored) == files and len(files) == 3
    assert report.sources == [str(COMPLETE.relative_to(ROOT))]
    assert "apple boxes" not in body and "About the author" not in body
    profile = read_header(content / "authors" / "ines-calder.md")
    assert profile["photo"] == "images/imported/authors/ines-portrait.png"
    assert profile["vimeo"] == "https://vimeo.com/inescalder"
    assert profile["instagram"] == "https://www.instagram.com/ines_calder_films/"


def test_wxr_fixture(tmp_path, settings):
    content, report = run(tmp_path, settings, ARCHIVE / "calder-export.xml")
    by_slug = {o.slug: o for o in report.outcomes}
    assert by_slug["old-camera-checklist__trashed"].action == "skipped"
    assert "trash" in by_slug["old-camera-checklist__trashed"].reason
    assert read_header(content / "articles/budget-spreadsheet-annotated.md")["status"] == "draft"  # private
    draft = read_header(content / "articles/notes-for-a-distribution-plan.md")  # no post name: from the title
    assert draft["status"] == "draft" and draft["date"] == "2021-02-01 09:00+01:00"
    child = read_header(content / "pages/the-quiet-reservoir.md")
    assert child["url"] == "films/the-quiet-reservoir/"

    meta, body = article(content, "lighting-a-kitchen-interview")
    assert meta["date"] == "2019-05-14 10:30+02:00" and meta["modified"] == "2019-06-02 18:00+02:00"
    assert meta["cover"] == "images/imported/2019/05/kitchen-wide.png"  # _thumbnail_id -> attachment
    assert meta["summary"].startswith("Kitchens are where people relax")  # before <!--more-->
    assert "1. Kill the overhead fluorescent tubes." in body
    # [caption] with a resized image: the original from uploads/, the caption under it.
    assert "![A small LED panel bounced off a white ceiling]({static}/images/imported/2019/05/kitchen-key-light.png)" in body
    assert "The key light, bounced off the ceiling" in body
    assert "> If they can see the light" in body and "## What the contributor sees" in body
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in body  # [youtube …]
    assert "[gallery" not in body and body.count("{static}/images/imported/2019/05/") == 4

    meta, body = article(content, "sound-blankets-on-a-budget")
    assert meta["author"] == "Maren Holt" and meta["category"] == "Sound" and meta["tags"] == "acoustics, Gear"
    assert meta["summary"] == "Cheap moving blankets, hung *out of shot*, do most of what studio blankets do."
    assert "### Where to hang them" in body and "- Over hard floors\n    - tiles first" in body
    assert "| Moving blanket | 12 euros |" in body
    assert "H<sub>2</sub>O" in body and "<del>nobody</del>" in body
    assert "wp:latest-posts" in body  # a dynamic block is noted, not silently lost
    assert "[Image: Blankets on C-stands](https://cdn.sound.example/blankets-on-stands.jpg)" in body
    assert ("https://cdn.sound.example/blankets-on-stands.jpg", "sound-blankets-on-a-budget") in report.images_missing
    warnings = by_slug["sound-blankets-on-a-budget"].warnings
    assert any("<sub>" in w for w in warnings) and any("wp:latest-posts" in w for w in warnings)

    bio = (content / "authors" / "maren-holt.md").read_text(encoding="utf-8")
    assert bio.startswith("Title: Maren Holt\nSlug: maren-holt\n\n") and "location sound recordist" in bio


def test_existing_profile_is_never_overwritten(tmp_path, settings):
    content = tmp_path / "content"
    (content / "authors").mkdir(parents=True)
    mine = "Title: Ines Calder\nSlug: ines-calder\n\nMy own words.\n"
    (content / "authors" / "ines-calder.md").write_text(mine, encoding="utf-8")
    _, report = run(tmp_path, settings, COMPLETE.parent, force=True)
    assert (content / "authors" / "ines-calder.md").read_text(encoding="utf-8") == mine
    assert report.authors[0].action == "skipped" and "exists" in report.authors[0].reason


def test_dry_run_writes_nothing(tmp_path, settings):
    content, report = run(tmp_path, settings, ARCHIVE, dry_run=True)
    assert [p for p in content.rglob("*") if p.is_file()] == []
    assert report.count("would write") >= 9 and report.images_copied


def test_rerun_skips_and_force_rewrites_only_its_own_files(tmp_path, settings):
    content, first = run(tmp_path, settings, ARCHIVE)
    hand = content / "articles" / "my-renting-notes.md"
    hand.write_text("Title: Mine\nSlug: renting-a-dolly\n\nHand-written.\n", encoding="utf-8")
    (content / "articles" / "renting-a-dolly.md").unlink()
    _, second = run(tmp_path, settings, ARCHIVE, force=True)
    outcome = next(o for o in second.outcomes if o.slug == "renting-a-dolly")
    assert outcome.action == "skipped" and "articles/my-renting-notes.md" in outcome.reason
    assert not (content / "articles" / "renting-a-dolly.md").exists()
    assert {o.action for o in second.outcomes if o.slug != "renting-a-dolly" and o.path} <= {"unchanged", "skipped"}
    _, third = run(tmp_path, settings, ARCHIVE)
    assert all(o.action == "skipped" for o in third.outcomes)


# ---------------------------------------------------------------- units


def test_shortcode_attributes():
    assert shortcodes.parse_attributes(' id="attachment_1" align=left width=\'640\' https://x.example/a') == {
        "id": "attachment_1", "align": "left", "width": "640", "0": "https://x.example/a"}
    assert shortcodes.parse_attributes("=https://youtu.be/abcdefghijk") == {"0": "https://youtu.be/abcdefghijk"}


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=10", ("youtube", "aqz-KE-bpKQ")),
    ("https://youtu.be/aqz-KE-bpKQ", ("youtube", "aqz-KE-bpKQ")),
    ("//www.youtube-nocookie.com/embed/aqz-KE-bpKQ?rel=0", ("youtube", "aqz-KE-bpKQ")),
    ("https://vimeo.com/76979871", ("vimeo", "76979871")),
    ("https://player.vimeo.com/video/76979871?h=1", ("vimeo", "76979871")),
    ("https://twitter.com/x/status/1", None),
])
def test_video_ids(url, expected):
    assert convert.video_id(url) == expected


def test_stored_content_conversion():
    notes: list[str] = []
    html, more = convert.stored_to_html(
        "First line\nsecond line.\n<!--more-->\n\n[embed]https://vimeo.com/76979871[/embed]\n\n"
        "[playlist ids=\"1\"] and [[gallery]]", notes)
    assert more.startswith("<p>First line<br />")  # classic content gets wpautop's paragraphs
    assert '<wp-embed url="https://vimeo.com/76979871">' in html and "[gallery]" in html
    assert any("[playlist]" in n for n in notes)
    blocks, _ = convert.stored_to_html(
        '<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n<!-- wp:archives {"x":1} /-->\n'
        '<!-- wp:heading {"level":3} -->\n<h3>Two</h3>\n<!-- /wp:heading -->', notes)
    assert "<p>One</p>" in blocks and "<h3>Two</h3>" in blocks and '<wp-note block="archives">' in blocks
    assert "<p><p>" not in blocks  # block content is not autop'd again


def _conversion(tmp_path) -> convert.Conversion:
    report = ImportReport()
    store = ImageStore(tmp_path, [tmp_path], report, dry_run=True, force=False)
    post = Post(kind="article", slug="s", title="T", source="x.html", source_file=tmp_path / "x.html", fmt="html")
    return convert.Conversion(post=post, store=store, content=tmp_path, roots=[tmp_path])


def test_unsafe_and_unconvertible_markup(tmp_path):
    conv = _conversion(tmp_path)
    soup = convert.tidy(conv, (
        '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">link</a> '
        'a &lt;script&gt; tag &amp;amp; #1</p><iframe src="https://maps.example/embed?q=1"></iframe>'
        '<table><tr><td colspan="2">merged</td></tr><tr><td>a</td><td>b</td></tr></table>'
        '<form><input name="q"></form><p>#hashtag</p>'), from_page=True)
    md = convert.to_markdown(soup, conv)
    assert "alert" not in md and "onclick" not in md and "<script>" not in md
    assert "&lt;script> tag &amp;amp;" in md  # text that looked like markup stays text
    assert "[Embedded content: https://maps.example/embed?q=1](https://maps.example/embed?q=1)" in md
    assert '<table>\n<tbody><tr><td colspan="2">merged</td></tr>' in md or '<td colspan="2">merged</td>' in md
    assert "\\#hashtag" in md  # not a heading
    warnings = " ".join(conv.summary_warnings())
    assert "script" in warnings and "form" in warnings and "<table>" in warnings and "maps.example" in warnings


def test_uploads_tail():
    assert uploads_tail("https://ines-calder.example/wp-content/uploads/2019/05/a.png") == "2019/05/a.png"
    assert uploads_tail("https://x.example/wp-content/uploads/sites/3/2019/05/a.png") == "2019/05/a.png"
    assert uploads_tail("https://blog.files.wordpress.com/2008/06/a.jpg") == "2008/06/a.jpg"
    assert uploads_tail("https://cdn.example/a.png") is None
    assert uploads_tail("https://x.example/wp-content/uploads/../../etc/passwd") is None


def test_title_markup():
    assert convert.clean_title('Title <em>With</em> <b onclick="x">Mark<sup>up</sup></b><script>x</script>') == \
        "Title <em>With</em> <b>Mark<sup>up</sup></b>"
    assert convert.clean_title("Plain & simple") == "Plain & simple"


def test_output_is_deterministic(tmp_path, settings):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, _ = run(tmp_path / "a", settings, ARCHIVE)
    two, _ = run(tmp_path / "b", settings, ARCHIVE)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for relative in files:
        assert (one / relative).read_bytes() == (two / relative).read_bytes(), relative
