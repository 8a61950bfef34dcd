"""Merging, threading and matching, on comments built in the test."""

from __future__ import annotations

from datetime import datetime, timezone

from archived_comments.matching import ArticleRef, match_threads
from archived_comments.merge import build_thread, group_source_threads, slug_from_url, thread_key
from archived_comments.model import (
    HIDDEN,
    PRECISION_DAY,
    PRECISION_SECOND,
    SCHEME_DISQUS,
    SCHEME_FINGERPRINT,
    SPAM,
    VISIBLE,
    Comment,
    SourceThread,
    fingerprint,
)
from helpers import BERLIN



def at(*args, tz=timezone.utc):
    return datetime(*args, tzinfo=tz)


def comment(id, parent=None, author="A", date=None, html="<p>text</p>", **kw):
    return Comment(id=id, parent=parent, author=author, date=date, date_precision=PRECISION_SECOND if date else 0,
                   html=html, sources=[kw.pop("source", "s.html")], **kw)


def test_slug_and_keys_ignore_comment_pages_and_hosts():
    assert slug_from_url("https://old.example/2019/03/my-post/comment-page-2/#comments") == "my-post"
    a = SourceThread(url="https://old.example/my-post/", source="a")
    b = SourceThread(url="http://www.old.example/my-post/comment-page-3/", source="b")
    c = SourceThread(url="https://old.example/?p=12", slug="my-post", source="c")
    assert thread_key(a) == thread_key(b) == thread_key(c)
    assert thread_key(SourceThread(url="https://old.example/?p=12", source="d")) == "post:12"


def test_same_id_merges_and_more_complete_fields_win():
    problems = []
    day_only = comment("7", author="Ana", date=at(2020, 5, 1, tz=BERLIN), source="page.html")
    day_only.date_precision = PRECISION_DAY
    full = comment("7", author="Ana", date=at(2020, 5, 1, 14, 3, 9), author_url="https://ana.example/",
                   source="export.xml")
    thread = build_thread("k", [SourceThread(url="https://o.example/p/", comments=[day_only], source="page.html"),
                                SourceThread(url="https://o.example/p/", comments=[full], source="export.xml")],
                          BERLIN, problems)
    assert len(thread.comments) == 1
    merged = thread.comments[0]
    assert merged.date == at(2020, 5, 1, 14, 3, 9) and merged.author_url == "https://ana.example/"
    assert merged.sources == ["export.xml", "page.html"]
    assert problems == []


def test_disagreement_is_reported_and_restrictive_status_wins():
    problems = []
    shown = comment("9", author="Spammy", date=at(2020, 1, 1, 3, 0), author_url="https://a.example/", source="a")
    spam = comment("9", author="Spammy", date=at(2020, 1, 1, 3, 0), author_url="https://b.example/", status=SPAM,
                   source="b")
    thread = build_thread("k", [SourceThread(url=None, comments=[shown], source="a"),
                                SourceThread(url=None, comments=[spam], source="b")], BERLIN, problems)
    assert thread.comments[0].status == SPAM
    assert len(problems) == 1 and "comment 9" in problems[0].message and "author URL" in problems[0].message


def test_fingerprint_merges_across_schemes_and_keeps_wordpress_id():
    text = "<p>I rented a set &amp; it breathed.</p>"
    wordpress = comment("104", author="Priya", date=at(2019, 3, 17, 19, 30), html=text, source="export.xml")
    disqus = comment("555", author="Priya", date=at(2019, 3, 17, 19, 30, 4), html="<p>I rented a set & it breathed.</p>",
                     scheme=SCHEME_DISQUS, source="disqus.xml")
    reply = comment("556", parent="555", author="Mara", date=at(2019, 5, 11), scheme=SCHEME_DISQUS, source="disqus.xml")
    problems = []
    thread = build_thread("k", [SourceThread(url=None, comments=[wordpress], source="export.xml"),
                                SourceThread(url=None, comments=[disqus, reply], source="disqus.xml")],
                          BERLIN, problems)
    ids = {c.id: c for c in thread.comments}
    assert set(ids) == {"104", "556"}
    assert ids["556"].parent == "104" and ids["104"].replies == [ids["556"]]


def test_two_alike_comments_with_different_ids_stay_two():
    a = comment("1", author="Ben", date=at(2021, 1, 1, 10), html="<p>Thanks!</p>")
    b = comment("2", author="Ben", date=at(2021, 1, 1, 11), html="<p>Thanks!</p>")
    thread = build_thread("k", [SourceThread(url=None, comments=[a, b], source="s")], BERLIN, [])
    assert len(thread.comments) == 2


def test_missing_parent_becomes_top_level_and_is_marked():
    orphan = comment("5", parent="299", date=at(2021, 1, 1))
    thread = build_thread("k", [SourceThread(url=None, comments=[orphan], source="s")], BERLIN, [])
    (merged,) = thread.comments
    assert thread.roots == [merged] and merged.parent is None and merged.removed_parent == "299"


def test_cycle_is_broken_at_the_oldest_and_reported():
    a = comment("1", parent="3", date=at(2021, 1, 2))
    b = comment("2", parent="1", date=at(2021, 1, 1))  # the oldest
    c = comment("3", parent="2", date=at(2021, 1, 3))
    problems = []
    thread = build_thread("k", [SourceThread(url=None, comments=[a, b, c], source="s")], BERLIN, problems)
    assert [r.id for r in thread.roots] == ["2"]
    a, b, c = (next(x for x in thread.comments if x.id == i) for i in ("1", "2", "3"))
    assert b.replies == [c] and c.replies == [a] and c.parent == "2" and a.parent == "3"
    assert [(x.id, x.depth) for x in (b, c, a)] == [("2", 1), ("3", 2), ("1", 3)]
    assert len(problems) == 1 and "cycle" in problems[0].message and "comment 2" in problems[0].message


def test_comments_end_in_date_order():
    late = comment("1", date=at(2021, 3, 1))
    early = comment("2", date=at(2021, 1, 1))
    undated = comment("3")
    thread = build_thread("k", [SourceThread(url=None, comments=[late, undated, early], source="s")], BERLIN, [])
    assert [c.id for c in thread.comments] == ["2", "1", "3"]


def test_fingerprint_is_stable_and_ignores_markup_and_case():
    one = fingerprint("Ana  Lopez", at(2020, 1, 1, 23, 30), "<p>Great <em>shot</em>!</p>", BERLIN)
    two = fingerprint("ana lopez", at(2020, 1, 1, 23, 59), "Great shot !", BERLIN)
    assert one == two and one.startswith("fp-")
    assert fingerprint("Ana", at(2020, 1, 1, 22, 0), "x", BERLIN) != fingerprint("Ana", at(2020, 1, 1, 23, 30), "x", BERLIN)


def test_matching_by_map_slug_and_path():
    from archived_comments.model import Thread

    threads = [Thread(url="https://o.example/old-gear-list/", slug="old-gear-list"),
               Thread(url="https://o.example/2019/03/lenses/", slug=None),
               Thread(url="https://o.example/?p=4", slug=None),
               Thread(url="https://o.example/gone/", slug="gone")]
    articles = [ArticleRef("lenses", "lenses/"), ArticleRef("gear", "gear/")]
    match_threads(threads, articles, {"/old-gear-list/": "gear"})
    assert [t.article for t in threads] == ["gear", "lenses", None, None]


def test_group_puts_every_view_of_a_page_together():
    groups = group_source_threads([SourceThread(url="https://o.example/a/", source="1"),
                                   SourceThread(url="https://web.example/a/comment-page-2/", source="2"),
                                   SourceThread(url="https://o.example/b/", source="3")])
    assert sorted(len(g) for g in groups.values()) == [1, 2]


def test_normalized_text_keeps_letters_and_digits_of_any_text():
    """ASCII goes a faster way than other text; both are NFKC, casefolded, letters and digits only."""
    import random
    import re
    import unicodedata

    from archived_comments.model import _normalize_text

    def expected(text):
        return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())

    rng = random.Random(2)
    alphabet = [chr(i) for i in range(128)] + ["é", "ß", "İ", "ﬁ", "Ⅻ", "①", "٣", "ǅ", "\u00a0", "’", "Ｋ"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(5000)]
    for text in texts + [chr(i) for i in range(128)] + ["Great POST_, thanks!!", "“Quoted” — text"]:
        assert _normalize_text(text) == expected(text), repr(text)
