"""One settings layer: every tool reads the site through sitetools.site.Site, each plugin's settings are
one dataclass with its defaults, and one function says which addresses the build keeps for itself."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT

ITEM = """	<item>
		<title><![CDATA[{title}]]></title>
		<link>https://old-blog.example/{slug}/</link>
		<dc:creator><![CDATA[ines]]></dc:creator>
		<content:encoded><![CDATA[<p>{title}: a post of the old blog.</p>]]></content:encoded>
		<wp:post_id><![CDATA[{id}]]></wp:post_id>
		<wp:post_date><![CDATA[2015-03-08 14:20:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2015-03-08 13:20:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
	</item>
"""


def export_with(slugs: list[str]) -> str:
    items = "".join(ITEM.format(title=slug.capitalize(), slug=slug, id=10 + n) for n, slug in enumerate(slugs))
    return ('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel>\n\t<title>Old blog</title>\n\t<link>https://old-blog.example</link>\n"
            f"\t<wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel>\n</rss>\n")


def test_the_loader_fills_in_every_plugins_defaults():
    from sitetools.site import Site

    site = Site(ROOT, "pelicanconf.py")
    settings = site.settings
    # Unset in pelicanconf.py, yet the tools see the values the build uses:
    assert "SEARCH_SAVE_AS" not in Path(ROOT / "pelicanconf.py").read_text()
    assert settings["SEARCH_SAVE_AS"] == "search/index.html"
    assert settings["COMMENTS_RECENT_SAVE_AS"] == "comments/recent/index.html"
    assert settings["AUTHOR_PROFILES_PATH"] == "authors" and settings["OLD_URLS_NGINX"] == "nginx-redirects.conf"
    # The import's ignore rules are the plugin's own (saved pages' images and styles are not sources),
    # not the five patterns `invoke import-posts` used to fall back to.
    assert {"*.png", "*.css", "*_files", "uploads"} <= set(site.comments.ignore)
    assert site.comments.path == "comments" and site.timezone.key == "Europe/Berlin"


def test_a_plugins_settings_take_the_authors_value_else_the_default():
    from archived_comments.settings import CommentsSettings
    from archived_comments.spam import SpamSettings

    chosen = CommentsSettings.from_settings({"COMMENTS_DISPLAY_DEPTH": 2, "COMMENTS_SPAM_THRESHOLD": 4})
    assert chosen.display_depth == 2 and chosen.collapse_replies == 3
    spam = SpamSettings.from_settings(chosen)
    assert spam.threshold == 4 and spam.approved_threshold == 5 == SpamSettings().approved_threshold
    a, b = CommentsSettings.from_settings({}), CommentsSettings.from_settings({})
    assert a.ignore == b.ignore and a.ignore is not b.ignore  # no list shared between two builds


def test_import_posts_keeps_off_the_addresses_invoke_new_refuses(tmp_path):
    from post_import.pipeline import import_posts
    from siteconf.urls import reserved_reason
    from sitetools import new_post
    from sitetools.site import Site

    settings = Site(ROOT, "pelicanconf.py").settings
    own = ["search", "pagefind", "comments", "archives", "tag", "2019", "images"]
    export = tmp_path / "old.wordpress.xml"
    export.write_text(export_with(own + ["a-post-of-its-own"]), encoding="utf-8")
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    result = import_posts([str(export)], content, settings=dict(settings), dry_run=True)
    outcome = {o.slug: o for o in result.outcomes}
    for slug in own:
        assert outcome[slug].action == "skipped" and outcome[slug].path is None, slug
        assert "one of the site's own URLs" in outcome[slug].reason, slug
        # `invoke new` refuses the same addresses, for the same reason (one function says it).
        assert reserved_reason(slug, settings) in outcome[slug].reason
        assert any(reserved_reason(slug, settings) == c.what for c in new_post.find_clashes(slug, settings, [], []))
    assert outcome["a-post-of-its-own"].action == "would write"
    assert reserved_reason("a-post-of-its-own", settings) is None


def test_matching_reads_each_posts_metadata_as_the_full_read_does(tmp_path):
    """``Site.content_refs`` skips the Markdown text: every post's slug, URL, status, date and metadata
    are still those of Pelican's full read, whatever stands after the metadata block."""
    from sitebuild import copy_project
    from sitetools.site import Site

    project = copy_project(tmp_path)
    articles = project / "content" / "articles"
    (articles / "no-blank-line.md").write_text(
        "Title: Metadata straight into the text\nDate: 2021-04-02 10:00\nCategory: Notes\n"
        "The first line of text follows without a blank line.\n\nSlug: not-metadata\n", encoding="utf-8")
    (articles / "2019-05-06-from-the-file-name.md").write_text(
        "Title: Ünïcode title, no slug given\nTags: a, b\nLang: de\n   \nText after a blank line of spaces.\n",
        encoding="utf-8")
    (articles / "draft-with-summary.md").write_text(
        "Title: A draft\nDate: 2022-01-01\nStatus: draft\nSummary: A *summary* in Markdown\n\nText.\n",
        encoding="utf-8")

    full, refs = Site(project), Site(project)

    def described(items):
        return sorted((item.source_path, item.slug, item.url, item.save_as, item.status, str(getattr(item, "date", None)),
                       item.lang, sorted(k for k in item.metadata if k != "summary"),
                       item.metadata.get("summary")) for item in items)

    fast = refs.content_refs
    assert "contents" not in refs.__dict__  # the fast read, not the full one
    assert described(fast) == described(full.contents)
    assert len(fast) >= 14
    assert all(item.content == "" for item in fast if item.source_path.endswith(".md"))


def test_posts_metadata_read_alone_is_pelicans_for_every_post_one_reader_after_another(tmp_path):
    """``read_contents(metadata_only=True)`` (one Markdown instance for every file, its meta preprocessor
    put back after each) gives each post the slug, URL, status and metadata Pelican's own reading does."""
    from sitetools.site import Site, read_contents

    settings = Site(ROOT).settings
    posts = tmp_path / "articles"
    posts.mkdir()
    (posts / "a.md").write_text("Title: A summary with a colon\nDate: 2020-01-02 10:00\nCategory: Gear\n"
                                "Summary: Gear: *one* lens, and notes.\nTags: lens, light\n\nThe text.\n", encoding="utf-8")
    (posts / "b.md").write_text("Title: After it\nDate: 2020-01-03\nSlug: after-it\nStatus: draft\n\nText: not a key.\n",
                                encoding="utf-8")
    (posts / "c.md").write_text("Title: Metadata only\nDate: 2020-01-04\nAuthor: Ines Calder\n", encoding="utf-8")
    for site in (settings, {**settings, "PATH": str(tmp_path), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}):
        full, alone = read_contents(site), read_contents(site, metadata_only=True)
        assert len(alone) == len(full) >= 3
        for ours, pelicans in zip(alone, full):
            assert (ours.slug, ours.url, ours.status) == (pelicans.slug, pelicans.url, pelicans.status)
            # "reader" names the reader's class (metadatamarkdown): the one key that says which read it.
            assert {**ours.metadata, "reader": "markdown"} == pelicans.metadata, ours.source_path
