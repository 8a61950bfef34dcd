"""Spam scoring, the moderation file, and the balance that must always hold."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from archived_comments.model import COMMENT, HIDDEN, SPAM, VISIBLE, Comment
from archived_comments.spam import SpamSettings, score_comments
from helpers import COMMENTS, ROOT
from importing import invoke_comments, run_import

ANAMORPHIC = "shooting-on-vintage-anamorphic-lenses"


def make(author, html, url=None, id="1", by_post_author=False):
    return Comment(id=id, author=author, author_url=url, html=html, by_post_author=by_post_author,
                   date=datetime(2020, 1, 1, tzinfo=timezone.utc), sources=["s"])


SPAM_EXAMPLES = [
    make("Cheap Lens Deals", '<p>Great post, very informative! Find <a href="https://deals.example/x">cheap '
                             'anamorphic lenses</a> here.</p>', "https://deals.example/"),
    make("best essay writing", '<p><a href="https://essays.example/">best essay writing</a></p>'),
    make("Maria", '<p>Nice post! <a href="https://casino.example/">online casino bonus</a> '
                  '<a href="https://casino.example/2">slots</a> <a href="https://casino.example/3">poker</a></p>',
         "https://maria-photo.example/"),
]
LEGIT_EXAMPLES = [
    make("Jonas Berg", '<p>We had the same problem; the <a href="https://jonasberg.example/blog/breathing">notes '
                       'from our shoot</a> might help.</p>', "https://jonasberg.example/"),
    make("Priya Raman", "<p>How do you deal with focus breathing in the cut? I tried the "
                        '<a href="https://docs.example/manual">manual\'s advice</a> with mixed results.</p>'),
    make("Tom", "<p>Great post, thanks. I shot a short on a Lomo last year and the flares were the best part.</p>"),
    make("Ines Calder", '<p>Buy the <a href="https://shop.example/">cheap adapter</a>, it is fine.</p>',
         by_post_author=True),
]


@pytest.mark.parametrize("comment", SPAM_EXAMPLES, ids=lambda c: c.author)
def test_true_spam_is_caught_with_named_rules(comment):
    score_comments([comment], SpamSettings())
    assert comment.status == SPAM
    assert comment.spam_score >= 3 and comment.spam_rules


@pytest.mark.parametrize("comment", LEGIT_EXAMPLES, ids=lambda c: c.author)
def test_legitimate_comments_with_links_stay_visible(comment):
    score_comments([comment], SpamSettings())
    assert comment.status == VISIBLE, comment.spam_rules


def test_a_campaign_of_near_identical_comments_is_spam():
    # A campaign is the same long text carrying a link (in the body or as the author's website) ...
    campaign = [make(f"Reader {i}", "<p>This is exactly what I was searching for, thank you so much!</p>",
                     url=f"https://reader-{i}.example/", id=str(i))
                for i in range(3)]
    score_comments(campaign, SpamSettings())
    assert all("near-duplicate" in c.spam_rules and c.status == SPAM for c in campaign)
    # ... not the same text without a link: nothing to promote (tests/test_spam_archive.py has more).
    linkless = [make(f"Reader {i}", "<p>This is exactly what I was searching for, thank you so much!</p>", id=str(i))
                for i in range(3)]
    score_comments(linkless, SpamSettings())
    assert all("near-duplicate" not in c.spam_rules and c.status == VISIBLE for c in linkless)


def test_rules_and_threshold_are_settings():
    comment = SPAM_EXAMPLES[0]
    fresh = make(comment.author, comment.html, comment.author_url)
    score_comments([fresh], SpamSettings(threshold=99))
    assert fresh.status == VISIBLE and fresh.spam_score >= 3
    off = make(comment.author, comment.html, comment.author_url)
    score_comments([off], SpamSettings(weights={"author-is-commercial": 0, "commercial-link-text": 0,
                                                "spam-phrase": 0}))
    assert off.status == VISIBLE


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_moderation_overrides_in_both_directions(tmp_path):
    moderation = write(tmp_path / "moderation.toml", f'''
[[comment]]
id = "105"
article = "{ANAMORPHIC}"
action = "show"
reason = "a real shop a reader recommended"

[[comment]]
id = "104"
action = "hide"
reason = "asked to be removed"
display_name = "P. R."

[[comment]]
id = "101"
display_name = "Tomasz W."
''')
    before = run_import([COMMENTS])
    after = run_import([COMMENTS], moderation_file=str(moderation))
    by_id = {c.id: c for t in after.threads if t.article == ANAMORPHIC for c in t.comments}
    assert by_id["105"].status == VISIBLE and "shown by moderation" in by_id["105"].moderation
    assert by_id["104"].status == HIDDEN and by_id["104"].author == "P. R."
    assert by_id["101"].author == "Tomasz W." and by_id["101"].status == VISIBLE
    assert after.problems == [] and after.totals["balanced"]
    assert after.totals["hidden_by_moderation"] == 1
    assert after.totals["spam"] == before.totals["spam"] - 1
    # The archives themselves were not touched.
    assert "Priya Raman" in (COMMENTS / "saved-pages" / f"{ANAMORPHIC}.html").read_text()


def test_unknown_ids_and_bad_files_are_reported(tmp_path):
    unknown = write(tmp_path / "moderation.toml", '[[comment]]\nid = "999999"\naction = "hide"\n')
    result = run_import([COMMENTS], moderation_file=str(unknown), base=str(tmp_path))
    (problem,) = result.problems
    assert problem.source == "moderation.toml" and problem.line == 1 and "999999" in problem.message
    broken = write(tmp_path / "moderation.toml", '[[comment]\nid = 1\n')
    result = run_import([COMMENTS], moderation_file=str(broken), base=str(tmp_path))
    assert any("not valid TOML" in p.message for p in result.problems)
    bad_action = write(tmp_path / "moderation.toml", '[[comment]]\nid = "101"\naction = "delete"\n')
    result = run_import([COMMENTS], moderation_file=str(bad_action), base=str(tmp_path))
    assert any("action must be" in p.message for p in result.problems)


FIXTURE_SETS = [
    COMMENTS,
    ROOT / "tests" / "fixtures" / "html",
    ROOT / "tests" / "fixtures" / "xml",
]


@pytest.mark.parametrize("folder", FIXTURE_SETS, ids=lambda p: p.name)
def test_balance_holds_on_every_fixture_set(folder):
    result = run_import([folder])
    totals = result.totals
    assert totals["balanced"], totals
    assert totals["found"] == (totals["shown"] + totals["hidden"] + totals["spam"] + totals["duplicates"]
                               + totals["unmatched"])
    assert totals["found"] > 0


def test_balance_holds_on_the_shared_corpus(corpus_dir):
    result = run_import([corpus_dir])
    assert result.totals["balanced"] and result.totals["found"] >= 33


@pytest.mark.slow
def test_review_lists_flagged_comments_with_rules():
    result = invoke_comments("--review", "--source", str(COMMENTS / "saved-pages"))
    assert result.returncode == 0
    assert "comment 105 by 'Cheap Lens Deals'" in result.stdout
    assert "author-is-commercial" in result.stdout


def test_progress_shows_on_a_terminal_only():
    import io

    from archived_comments.progress import terminal_progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert terminal_progress(io.StringIO()) is None
    screen = Terminal()
    result = run_import([COMMENTS], progress=terminal_progress(screen))
    shown = screen.getvalue()
    # The last state is drawn, and the line ended (before the escape that shows the cursor again).
    assert f"{len(result.files)}/{len(result.files)} files" in shown and shown.removesuffix("\x1b[?25h").endswith("\n")
    # Fewer files than the minimum: nothing at all.
    quiet = Terminal()
    terminal_progress(quiet, minimum=20)(1, 3, "one.html")
    assert quiet.getvalue() == ""
