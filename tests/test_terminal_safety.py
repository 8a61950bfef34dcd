"""Nothing an archive holds can act on the terminal ``invoke comments`` prints to, or hide in its JSON.

A team-written saved page and Disqus export carry terminal escape sequences (ESC[2J clears the screen),
8-bit C1 controls (U+009B is an ESC-free CSI) and bidi controls (U+202E reverses the text after it) in
every field: the file name, the page URL (and so the slug), the title, names, author URLs, bodies, and a
moderation entry quoted in a problem message.  The output is checked byte by byte.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from archived_comments import report, terminal
from archived_comments.importer import ImportOptions, import_comments
from archived_comments.sanitize import clean_text, safe_url
from helpers import ROOT

pytestmark = pytest.mark.slow

ESC = "\x1b[2J\x1b[H\x1b[31m"
C1 = "\x9b31m"
OSC = "\x1b]8;;https://evil.example/\x07"
BIDI = "\u202egnp.exe\u2066\u200f\u061c"
NASTY = ESC + C1 + OSC + BIDI
URL = f"https://blog.example/evil-{NASTY}-post/"

UNSAFE_CODE_POINTS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")

PAGE = f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8" /><title>Title {NASTY} | Blog</title>
<link rel="canonical" href="{URL}" /></head>
<body class="single single-post"><div id="content"><h1 class="entry-title">Title {NASTY}</h1>
<div id="comments"><ol class="commentlist">
<li class="comment even depth-1" id="li-comment-7">
<div id="comment-7">
<div class="comment-author vcard"><cite class="fn"><a href="https://reader.example/{NASTY}" class="url">Reader
{NASTY} Name</a></cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="{URL}#comment-7">June 2, 2019 at 9:15 am</a></div>
<p>Body {NASTY} text.</p>
</div></li>
<li class="comment even depth-1" id="li-comment-8">
<div id="comment-8">
<div class="comment-author vcard"><cite class="fn">Cheap {NASTY} Deals Online</cite></div>
<p>Great post, thanks for sharing! {NASTY}</p>
</div></li>
</ol></div></div></body></html>
"""

# XML cannot carry ESC; C1 and bidi controls it can.
XML_NASTY = C1 + BIDI
DISQUS = f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1">
    <id>thread-{XML_NASTY}</id>
    <link>https://blog.example/disqus-{XML_NASTY}-thread/</link>
    <title>Thread {XML_NASTY}</title>
    <createdAt>2019-06-01T08:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
  </thread>
  <post dsq:id="51">
    <message><![CDATA[<p>Disqus body {XML_NASTY}</p>]]></message>
    <createdAt>2019-06-01T09:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Disqus {XML_NASTY} Reader</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="1" />
  </post>
</disqus>
"""


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    (folder / f"saved-{ESC}{C1}{BIDI}.html").write_text(PAGE, encoding="utf-8")
    (folder / f"export-{BIDI}.disqus.xml").write_text(DISQUS, encoding="utf-8")
    return folder


def run(*args) -> bytes:
    done = subprocess.run([sys.executable, "-m", "invoke", "comments", *args], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def assert_safe(output: bytes) -> str:
    """No ESC byte, no C1 control, no bidi control anywhere in the bytes; the text they decode to."""
    assert b"\x1b" not in output
    text = output.decode("utf-8")  # strict: every byte is text
    found = sorted({f"U+{ord(ch):04X}" for ch in UNSAFE_CODE_POINTS.findall(text)})
    assert not found, found
    return text


@pytest.fixture(scope="module")
def text_report(archives) -> str:
    return assert_safe(run("--source", str(archives)))


def test_text_report_shows_controls_escaped(text_report):
    unmatched = text_report[text_report.index("Threads that matched no article"):text_report.index("Problems (")]
    # The page URL and the file name as they are, every control visible as its escape.
    assert "https://blog.example/evil-\\x1b[2J\\x1b[H\\x1b[31m\\x9b31m\\x1b]8;;https://evil.example/\\x07" \
           "\\u202egnp.exe\\u2066\\u200f\\u061c-post/" in unmatched
    assert "saved-\\x1b[2J\\x1b[H\\x1b[31m\\x9b31m\\u202egnp.exe\\u2066\\u200f\\u061c.html" in unmatched
    assert "https://blog.example/disqus-\\x9b31m\\u202egnp.exe" in unmatched
    assert "\\x1b[2J" in text_report.split("Problems (")[1]  # the file name in the problems' examples


def test_json_report_escapes_every_field(archives):
    raw = run("--json", "--source", str(archives))
    assert_safe(raw)
    data = json.loads(raw)
    threads = {t["url"]: t for t in data["threads"]}
    page = next(t for url, t in threads.items() if "evil-" in url)
    assert "\\x1b[2J" in page["url"] and "\\u202e" in page["url"] and "\\x9b31m" in page["url"]
    assert "\\u202e" in page["slug"]
    disqus = next(t for url, t in threads.items() if "disqus-" in url)
    assert "\\u202e" in disqus["url"] and "\\u202e" in disqus["slug"]
    for thread in data["threads"]:
        for comment in thread["comments"]:
            for field in ("id", "author", "author_url", "sources", "moderation"):
                value = json.dumps(comment[field], ensure_ascii=False)
                assert not UNSAFE_CODE_POINTS.search(value), (field, value)
            # A name shows no remnant of an escape sequence, and U+009B did not become "›".
            assert "[2J" not in comment["author"] and "›" not in comment["author"] and "31m" not in comment["author"]
            assert "[2J" not in (comment["author_url"] or "")
    for problem in data["problems"]:
        assert "\\x1b" in problem["source"] or "\\u202e" in problem["source"]


def test_names_lose_whole_escape_sequences_and_bidi_controls():
    assert clean_text(f"Reader {NASTY} Name") == "Reader gnp.exe Name"
    assert clean_text("A\x9b31mB\x9d0;title\x9cC") == "ABC"
    assert safe_url(f"https://reader.example/{ESC}x") == "https://reader.example/x"


def test_review_escapes_what_it_quotes(archives):
    text = assert_safe(run("--review", "--source", str(archives)))
    assert "comment 8 " in text and "\\u202egnp.exe" in text  # the body excerpt, escaped


def test_a_moderation_entry_quoted_in_a_problem(archives, tmp_path):
    moderation = tmp_path / "moderation.toml"
    moderation.write_text('[[comment]]\nid = "\\u001b[2J\\u009b31m\\u202e99"\naction = "hide"\n', encoding="utf-8")
    result = import_comments([str(archives)], ImportOptions(moderation_file=str(moderation), base=str(tmp_path)))
    (problem,) = [p for p in result.problems if "moderation entry" in p.message]
    for output in (report.as_text(result), report.as_json(result), report.review_text(result, 0)):
        assert_safe(output.encode("utf-8"))
    assert "moderation entry for comment 99 " in report.as_text(result)  # the sequences gone whole


@pytest.mark.parametrize("value,shown", [
    ("\x1b[2J", "\\x1b[2J"), ("\x9b31m", "\\x9b31m"), ("a\u202eb", "a\\u202eb"), ("\u2066\u2069", "\\u2066\\u2069"),
    ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"), ("tab\there", "tab\\x09here"), ("line\nbreak", "line\\x0abreak"),
    ("\u2028", "\\u2028"), ("\x7f", "\\x7f"), ("plain ünïcode ✓ مرحبا", "plain ünïcode ✓ مرحبا"), (None, ""),
])
def test_escape(value, shown):
    assert terminal.escape(value) == shown


def test_escape_keeps_what_it_is_told_to():
    assert terminal.escape("a\nb\x1b", keep="\n") == "a\nb\\x1b"


def test_json_safe_is_lossless():
    value = {"s": "x\u202ey\x9b\u2028"}
    raw = terminal.json_safe(json.dumps(value, ensure_ascii=False))
    assert not UNSAFE_CODE_POINTS.search(raw) and json.loads(raw) == value


def test_json_safe_escapes_every_unsafe_character_and_keeps_the_indentation():
    # Every control, bidi and separator character (the newline aside), in strings of indented JSON.
    unsafe = "".join(chr(code) for code in range(0x3000) if UNSAFE_CODE_POINTS.match(chr(code)))
    value = {"all": unsafe, "list": [unsafe[::-1], "two\nlines"]}
    pretty = json.dumps(value, ensure_ascii=False, indent=2)
    raw = terminal.json_safe(pretty)
    assert len(unsafe) > 60 and not UNSAFE_CODE_POINTS.search(raw)
    # The same lines, each with its indentation (what stands before its first string).
    assert [line.split('"')[0] for line in raw.split("\n")] == [line.split('"')[0] for line in pretty.split("\n")]
    assert raw.count("\n") == pretty.count("\n") == 6
    assert json.loads(raw) == value


# --- names: invisible formatting characters, and a reader who writes the author's name -------------------

AUTHOR = "Ines Calder"
NAMES_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8" /><title>Names | Ines Calder</title>
<link rel="canonical" href="https://ines-calder.example/names/" /></head>
<body class="single single-post"><div id="content"><h1 class="entry-title">Names</h1>
<div id="comments"><ol class="commentlist">
<li class="comment byuser comment-author-ines bypostauthor depth-1" id="li-comment-1"><div id="comment-1">
<div class="comment-author vcard"><cite class="fn">Ines Calder</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="#comment-1">June 2, 2019 at 9:15 am</a></div>
<p>The real author.</p></div></li>
<li class="comment depth-1" id="li-comment-2"><div id="comment-2">
<div class="comment-author vcard"><cite class="fn">\u200bInes Calder</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="#comment-2">June 2, 2019 at 9:20 am</a></div>
<p>A reader in the author's name, behind a zero-width space.</p></div></li>
<li class="comment depth-1" id="li-comment-3"><div id="comment-3">
<div class="comment-author vcard"><cite class="fn">\ufeffInes\u2060 Cal\u00adder\u200d\u200e</cite></div>
<div class="comment-meta commentmetadata"><a href="#comment-3">June 2, 2019 at 9:25 am</a></div>
<p>More invisible characters.</p></div></li>
<li class="comment depth-1" id="li-comment-4"><div id="comment-4">
<div class="comment-author vcard"><cite class="fn">فاطمه\u200cزاده 👩\u200d💻</cite></div>
<div class="comment-meta commentmetadata"><a href="#comment-4">June 2, 2019 at 9:30 am</a></div>
<p>A name whose joiners are part of its spelling.</p></div></li>
</ol></div></div></body></html>
"""


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    (folder / "names.html").write_text(NAMES_PAGE, encoding="utf-8")
    from archived_comments.matching import ArticleRef

    result = import_comments([str(folder)], articles=[ArticleRef("names", "names/")])
    return {c.id: c for c in result.comments}, result


def test_invisible_formatting_characters_leave_names(names):
    by_id, _ = names
    assert by_id["2"].author == AUTHOR and by_id["3"].author == AUTHOR
    # Joiners a script or an emoji sequence needs stay.
    assert by_id["4"].author == "فاطمه\u200cزاده 👩\u200d💻"


def test_the_authors_name_without_the_authors_mark_gets_no_badge(names):
    import jinja2

    from archived_comments.display import build_section

    by_id, result = names
    assert by_id["1"].by_post_author and not by_id["2"].by_post_author and not by_id["3"].by_post_author
    section = build_section([t for t in result.threads if t.article == "names"])
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=False)
    env.filters["comment_date"] = lambda value, fmt: value.strftime(fmt)
    html = env.get_template("partials/comment_section.html").render(
        section=section, COMMENTS_DATE_FORMAT="%Y-%m-%d",
        COMMENTS_CLOSED_NOTICE="Closed.", COMMENTS_SEARCHABLE=True)
    from bs4 import BeautifulSoup

    page = BeautifulSoup(html, "html.parser")
    badges = {}
    for article in page.select("article.comment-body"):
        cid = article["id"].removeprefix("comment-")
        badges[cid] = (article.select_one(".comment-author").get_text(), article.select_one(".badge") is not None,
                       "by-post-author" in article.find_parent("li")["class"])
    assert badges["1"] == (AUTHOR, True, True)
    assert badges["2"] == (AUTHOR, False, False)  # shown as is, no badge
    assert badges["3"] == (AUTHOR, False, False)


def test_a_moderation_display_name_is_cleaned_too(names, tmp_path):
    moderation = tmp_path / "moderation.toml"
    moderation.write_text('[[comment]]\nid = "2"\ndisplay_name = "\\u200bI. C. (a reader)"\n', encoding="utf-8")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "names.html").write_text(NAMES_PAGE, encoding="utf-8")
    result = import_comments([str(folder)], ImportOptions(moderation_file=str(moderation)))
    (comment,) = [c for c in result.comments if c.id == "2"]
    assert comment.author == "I. C. (a reader)"


def test_removing_sequences_matches_the_pattern_on_any_text():
    """``without_sequences`` skips the pattern for text with no character a sequence starts with: on
    texts mixing those characters, sequence parts and ordinary ones, it gives what the pattern gives."""
    import random

    from archived_comments.sanitize import ESCAPE_SEQUENCE_RE, without_sequences

    pieces = ["\x1b", "\x9b", "\x9d", "\x90", "\x9c", "\x07", "[", "]", "2J", "31m", "\\", "P", "(B",
              "Liebe Grüße ", "<p>", "é", "\u202e", ";", "0", "x"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert without_sequences(text) == ESCAPE_SEQUENCE_RE.sub("", text), repr(text)


def test_json_safe_writes_an_ascii_report_as_it_is_and_escapes_what_acts_on_a_terminal():
    """An ASCII text skips the pattern only where it holds no unsafe character: each of the 128 ASCII
    characters, alone and inside a report, comes out as the pattern's own replacement gives it."""
    def by_pattern(text):
        return terminal._JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    for code in range(128):
        for text in (chr(code), '{"author": "A' + chr(code) + 'B"}\n'):
            assert terminal.json_safe(text) == by_pattern(text)
    assert terminal.json_safe('{"a": "x\x7fy"}') == '{"a": "x\\u007fy"}'
    assert terminal.json_safe('{"a": "plain"}\n') == '{"a": "plain"}\n'
