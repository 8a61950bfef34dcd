"""The import report groups problems by cause, leaves dateless mentions out, and says which dates were inferred."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from archived_comments import report
from importing import invoke_comments, invoke_json
from archived_comments.importer import ImportOptions, ImportResult, import_comments, without_mention_dates
from archived_comments.model import COMMENT, PINGBACK, TRACKBACK, Comment, ParseResult, Problem, SourceThread, Thread
from helpers import UTC



def page_comment(cid: int, dated: bool = False) -> str:
    date = f'<div class="comment-meta commentmetadata"><a href="#comment-{cid}">June 2, 2019 at 9:15 am</a></div>' \
        if dated else ""
    return f"""
    <li class="comment even depth-1" id="li-comment-{cid}">
    <div id="comment-{cid}">
      <div class="comment-author vcard"><cite class="fn">Reader {cid}</cite> <span class="says">says:</span></div>
      {date}
      <p>Comment number {cid}, whose date the theme did not print.</p>
    </div>
    </li>"""


def page(slug: str, comments: list[str]) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8" /><title>{slug} | Blog</title>
<link rel="canonical" href="https://blog.example/{slug}/" /></head>
<body class="single single-post"><div id="content"><h1 class="entry-title">{slug}</h1>
<div id="comments"><ol class="commentlist">{"".join(comments)}</ol></div></div></body></html>
"""


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>x</title><wp:wxr_version>1.2</wp:wxr_version>
  <item><title>Pinged</title><link>https://blog.example/pinged/</link><wp:post_id>5</wp:post_id>
    <wp:post_name>pinged</wp:post_name><wp:post_type>post</wp:post_type>
    <wp:comment><wp:comment_id>71</wp:comment_id><wp:comment_author>Other blog</wp:comment_author>
      <wp:comment_author_url>https://other.example/</wp:comment_author_url>
      <wp:comment_date>not a date</wp:comment_date><wp:comment_date_gmt>not a date</wp:comment_date_gmt>
      <wp:comment_content>[…] a link to this post […]</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent></wp:comment>
    <wp:comment><wp:comment_id>72</wp:comment_id><wp:comment_author>Lena</wp:comment_author>
      <wp:comment_date>also not a date</wp:comment_date><wp:comment_date_gmt>nope</wp:comment_date_gmt>
      <wp:comment_content>A reader whose date was broken.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent></wp:comment>
  </item>
</channel></rss>
"""


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    (folder / "first-post.html").write_text(page("first-post", [page_comment(n) for n in range(100, 108)]))
    (folder / "second-post.html").write_text(page("second-post", [page_comment(n) for n in range(200, 204)]
                                                  + [page_comment(299, dated=True)]))
    (folder / "pinged.wordpress.xml").write_text(WXR)
    (folder / "notes.xml").write_text('<?xml version="1.0"?><playlist><track>1</track></playlist>')
    return folder


@pytest.fixture(scope="module")
def imported(archives):
    return import_comments([str(archives)], ImportOptions(tz=UTC, base=str(archives)))


def test_problems_are_grouped_by_cause_with_counts_and_examples(imported):
    text = report.as_text(imported)
    no_date = [p for p in imported.problems if report.problem_kind(p) == "no-date"]
    assert len(no_date) == 8 + 4 + 1  # twelve page comments and the WXR comment 72
    section = text[text.index("Problems ("):text.index("Balance:")]
    header = next(line for line in section.splitlines() if "no readable date" in line and "×" in line)
    assert header.strip() == f"{len(no_date)} × no readable date (kept without a date)"
    examples = [line for line in section.splitlines() if re.match(r"^ {6}\S+\.(html|xml):\d+: ", line)]
    assert 2 <= sum(1 for line in examples if "date" in line) <= 3
    assert f"… and {len(no_date) - 3} more, in " in section
    # Not one line per problem any more, and the other cause is not buried.
    assert sum(1 for line in section.splitlines() if "has no readable date" in line) <= 3
    assert "1 × not a comment archive" in section and "notes.xml" in section
    # The most frequent cause comes first.
    assert section.index("no readable date") < section.index("not a comment archive")


def test_json_problems_keep_their_message_and_add_a_kind(imported):
    data = json.loads(report.as_json(imported))
    for problem, original in zip(data["problems"], imported.problems):
        assert set(problem) == {"source", "line", "message", "kind"}
        assert problem["message"] == original.message
    kinds = {p["kind"] for p in data["problems"]}
    assert {"no-date", "not-an-archive"} <= kinds


def test_a_mention_without_a_date_is_not_a_problem(imported):
    messages = [p.message for p in imported.problems]
    assert not any(re.match(r"(pingback|trackback)\b", m) for m in messages)
    assert not any(m.startswith("comment 71 ") for m in messages)  # the WXR pingback with a broken date
    assert any(m.startswith("comment 72 ") for m in messages)  # the reader's comment with one stays
    (pingback,) = [c for c in imported.comments if c.type == PINGBACK]
    assert pingback.date is None  # still imported, shown in the mentions without a date


def test_dateless_mentions_are_dropped_by_type_id_or_line():
    def dateless(cid, kind, line):
        return Comment(id=cid, type=kind, line=line, date=None)

    parsed = ParseResult(
        threads=[SourceThread(url=None, comments=[
            dateless("1", PINGBACK, 10), dateless("2", TRACKBACK, 20), dateless("3", COMMENT, 30),
            dateless("fp-1", PINGBACK, 40), dateless("fp-2", COMMENT, 50), dateless("fp-3", PINGBACK, 50),
        ])],
        problems=[
            Problem("p.html", "pingback 1 has no readable date", 10),
            Problem("p.html", "trackback by Other Blog has no readable date", 20),
            Problem("p.html", "comment 3 has no readable date", 30),
            Problem("x.xml", "comment 2 has a date that cannot be read", 20),  # WXR labels every type "comment"
            Problem("p.html", "comment by Someone has no readable date", 40),  # only a mention on that line
            Problem("p.html", "comment by Reader has no readable date", 50),  # a comment shares the line
            Problem("p.html", "pingback 1 has no author name that could be read", 10),  # not a date problem
        ],
    )
    kept = [p.message for p in without_mention_dates(parsed)]
    assert kept == [
        "comment 3 has no readable date",
        "comment by Reader has no readable date",
        "pingback 1 has no author name that could be read",
    ]


def test_unknown_messages_are_grouped_with_their_particulars_taken_out():
    problems = [Problem("a.html", f"the widget {n} at https://x.example/{n} said '{n}x'", n) for n in range(5)]
    problems.append(Problem("b.html", "something else entirely", 1))
    groups = report.problem_groups(problems)
    assert [(kind, len(members)) for kind, _, members in groups] == [("other", 5), ("other", 1)]
    assert groups[0][1] == "the widget N at URL said '…'"


def test_a_problem_that_names_its_kind_keeps_it():
    problem = Problem("a.html", "comment 1 has no readable date", 3)
    problem.kind = "custom-kind"  # what a reader that knows the kind can give (the model may add the field)
    assert report.problem_kind(problem) == "custom-kind"


def inferred_result() -> ImportResult:
    def comment(cid, reason, line):
        return Comment(id=cid, author="R", date=datetime(2019, 3, 15, 9, 12, tzinfo=timezone.utc),
                       date_inferred=reason, sources=["content/comments/p.html"], line=line)

    comments = [comment("1", "year-from-capture", 10), comment("2", "year-from-capture", 20),
                comment("3", "year-from-capture", 30), comment("4", "year-from-capture", 40),
                comment("5", "relative-to-capture", 50), comment("6", None, 60)]
    thread = Thread(url="https://blog.example/p/", slug="p", article="p", comments=comments)
    return ImportResult(threads=[thread], files=["content/comments/p.html"], found=len(comments))


def test_every_inferred_date_says_so_in_the_json_and_the_text():
    result = inferred_result()
    data = report.as_dict(result)
    assert [c["date_inferred"] for c in data["threads"][0]["comments"]] == [
        "year-from-capture"] * 4 + ["relative-to-capture", None]
    text = report.as_text(result)
    assert "5 date(s) inferred (year from the capture: 4, relative to the capture: 1)" in text
    assert "4 × year from the capture" in text and "1 × relative to the capture" in text
    assert "content/comments/p.html:10: comment 1 on p, dated 2019-03-15T09:12:00+00:00" in text
    assert "content/comments/p.html:40" not in text and "… and 1 more" in text
    assert "comment 6 " not in text


def test_no_inferred_dates_no_section():
    result = inferred_result()
    for comment in result.comments:
        comment.date_inferred = None
    assert "Dates inferred" not in report.as_text(result) and "inferred" not in report.as_text(result)


@pytest.mark.slow
def test_the_balance_says_which_comments_are_hidden_and_why():
    """`invoke comments` on the sample: each hidden comment of the JSON (the documented contract) is named
    in the balance, under its article, with a reason in words (not "by the source, or 0 by moderation")."""
    data = invoke_json()
    text = invoke_comments().stdout
    balance = text[text.index("Balance:"):]
    hidden = [(t["article"], c) for t in data["threads"] if t["article"] for c in t["comments"]
              if c["status"] == "hidden"]
    assert hidden and data["totals"]["hidden"] == len(hidden)
    assert "by the source, or" not in balance
    lines = balance.splitlines()
    for article, comment in hidden:
        line = next(n for n, text in enumerate(lines) if text.strip().startswith(f"{article}:")
                    and f"#{comment['id']}" in text)
        # The group heading above it: how many, and why in words.
        why = [text for text in lines[:line] if re.match(r"^ {6}\d+ \D.*:$", text)][-1]
        from_disqus = any(source.endswith(".disqus.xml") for source in comment["sources"])
        assert ("deleted on Disqus" in why) == from_disqus, (why, comment)
        assert from_disqus or "never published on the old blog" in why or "moderation file" in why, why
