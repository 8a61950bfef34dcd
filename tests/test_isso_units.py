"""The Isso pieces that need no server: Isso's answer as Comments, the ids file, isso.cfg."""

from __future__ import annotations

import configparser
from pathlib import Path

from archived_comments.isso_ids import Entry, IssoIds, read_ids, thread_uri, write_ids
from archived_comments.model import SCHEME_ISSO, SCHEME_WORDPRESS
from archived_comments.parsers.isso import parse_records
from sitetools.isso_server import config_text

IDS = IssoIds([Entry(SCHEME_WORDPRESS, "311", 22, "/grading-night-exteriors/",
                     old_url="https://ines-calder.example/grading-night-exteriors/", old_slug="grading-night-exteriors")])


def record(number, parent=None, mode=1, uri="/grading-night-exteriors/", **fields):
    return {"id": number, "parent": parent, "mode": mode, "uri": uri, "created": 1796173327.4,
            "author": "Noor", "website": None, "text": "<p>Hello</p>", **fields}


def test_isso_answer_becomes_comments_copies_left_out_replies_placed_under_archived_parents():
    parsed, copies = parse_records(
        [record(22), record(47), record(48, parent=22), record(49, parent=47), record(50, mode=2),
         {"id": "x", "uri": "/a/"}],
        "isso (test)", IDS)
    assert copies == 1
    comments = {c.id: c for t in parsed.threads for c in t.comments}
    assert sorted(comments) == ["isso-47", "isso-48", "isso-49"]  # not the copy, not the pending one
    assert comments["isso-47"].scheme == SCHEME_ISSO and comments["isso-47"].parent is None
    # A reply to Isso's copy of archived comment 311 answers 311, in the archived thread's own place.
    assert (comments["isso-48"].parent, comments["isso-48"].parent_scheme) == ("311", SCHEME_WORDPRESS)
    place = next(t for t in parsed.threads if comments["isso-48"] in t.comments)
    assert (place.url, place.slug) == ("https://ines-calder.example/grading-night-exteriors/", "grading-night-exteriors")
    assert (comments["isso-49"].parent, comments["isso-49"].parent_scheme) == ("isso-47", None)
    assert comments["isso-47"].date.microsecond == 0 and comments["isso-47"].date.tzinfo is not None
    assert len(parsed.problems) == 1 and "skipped" in parsed.problems[0].message


def test_ids_file_round_trips_any_text(tmp_path: Path):
    ids = IssoIds([Entry("disqus", 'a"b\\c', 7, "/caf\u00e9/", old_url="https://old.example/q?x=\"1\"", old_slug=None),
                   Entry("wordpress", "5", 3, "/x/")])
    path = tmp_path / "ids.toml"
    write_ids(str(path), ids)
    assert sorted(read_ids(str(path)).entries, key=lambda e: e.isso) == sorted(ids.entries, key=lambda e: e.isso)
    assert read_ids(str(tmp_path / "missing.toml")).entries == []
    assert thread_uri("my-post/") == "/my-post/" and thread_uri("/2019/x/") == "/2019/x/"


def test_isso_config_has_the_site_origin_moderation_and_the_guard_on():
    text = config_text(["https://www.example.net/", "http://127.0.0.1:8000"], "https://www.example.net/isso/",
                       "/var/lib/isso/comments.db", "http://127.0.0.1:8080", "pw", "salt")
    config = configparser.ConfigParser(interpolation=None)
    config.read_string(text)
    assert config["general"]["host"].split() == ["https://www.example.net", "http://127.0.0.1:8000"]
    assert config["general"]["dbpath"] == "/var/lib/isso/comments.db"
    assert config["general"]["latest-enabled"] == "true" and config["general"]["gravatar"] == "false"
    assert config["moderation"]["enabled"] == "true" and config["guard"]["enabled"] == "true"
    assert config["server"]["public-endpoint"] == "https://www.example.net/isso"
