"""New comments through a real Isso (README "New comments"), started here from the pinned package.

On a copy of the project: `invoke isso-config` writes isso.cfg (temporary database), Isso runs on a free
port of 127.0.0.1, `invoke isso-export` moves the sample's archived threads in, readers post through
Isso's HTTP API (each from an address of its own, as behind the nginx proxy the config trusts), the
author approves with the links Isso logs, and the production build bakes the approved comments into
the static pages, feeds and search index.  The tests run in file order on that one Isso.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pelicanconf
import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, free_port
from isso_support import IssoServer, copy_project_with_tools, write_config
from nginx_support import nginx
from sitebuild import build, tree_digest

ARTICLE = "grading-night-exteriors"
NEW_EMAIL = "new-reader.secret@mail.example"
REPLY_EMAIL = "replier.secret@mail.example"
NEW_TEXT = "Shot my first blue-hour exterior last week after reading this: zebras at 70 saved the sky."
REPLY_TEXT = "Lena, did you key the faces with a qualifier too? I keep losing the neck in the cold push."
# What a hostile reader tries: Isso escapes the script, and the site sanitizes Isso's HTML again.
HOSTILE = " <script>alert('x')</script> [look](javascript:alert(1)) <img src=https://tracker.example/p.gif>"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project_with_tools(tmp_path_factory.mktemp("isso-project"))


@pytest.fixture(scope="module")
def isso(project, tmp_path_factory):
    data = tmp_path_factory.mktemp("isso-data")
    url = f"http://127.0.0.1:{free_port()}/"
    config = write_config(project, f"http://127.0.0.1:{free_port()}", url, data / "comments.db")
    server = IssoServer(config, url, data / "isso.log")
    server.database = data / "comments.db"
    server.start()
    yield server
    server.stop()


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True)


def archive_import(project: Path) -> dict:
    """What the archives hold (`invoke comments --json`, no Isso involved: pelicanconf.py sets none)."""
    result = invoke(project, "comments", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def database_rows(isso) -> list[tuple]:
    with sqlite3.connect(isso.database) as db:
        return db.execute("SELECT tid, id, parent, created, mode, remote_addr, text, author, email, website "
                          "FROM comments ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def exported(project, isso):
    result = invoke(project, "isso-export")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def visible_tree(thread: dict) -> dict[str, str | None]:
    """Visible comment id -> its nearest visible ancestor's id, as the static section threads them."""
    by_id = {c["id"]: c for c in thread["comments"]}
    shown = {c["id"] for c in thread["comments"] if c["status"] == "visible" and c["type"] == "comment"}
    parents = {}
    for cid in shown:
        parent = by_id[cid]["parent"]
        while parent is not None and parent not in shown:
            parent = by_id[parent]["parent"] if parent in by_id else None
        parents[cid] = parent
    return parents


@pytest.mark.server
def test_export_moves_every_visible_archived_comment_in_with_its_parent_and_date(project, isso, exported):
    archive = archive_import(project)
    checked = 0
    for thread in archive["threads"]:
        if not thread["article"]:
            continue
        parents = visible_tree(thread)
        by_id = {c["id"]: c for c in thread["comments"]}
        in_isso = isso.thread(f"/{thread['article']}/")
        # Isso's comment for each archived one: same author and the same instant.
        def key(author, when):
            return (author, round(when))
        isso_by_key = {key(c["author"], c["created"]): c for c in in_isso}
        assert len(isso_by_key) == len(in_isso) == len(parents), thread["article"]
        for cid, parent in parents.items():
            comment = by_id[cid]
            stamp = datetime.fromisoformat(comment["date"]).timestamp()
            copy = isso_by_key[key(comment["author"], stamp)]
            assert (copy["website"] or None) == comment["author_url"]
            # Isso keeps one level: a reply is filed under the top comment of its branch.
            top = parent
            while top is not None and parents[top] is not None:
                top = parents[top]
            if top is None:
                assert copy["parent"] is None
            else:
                top_comment = by_id[top]
                expected = isso_by_key[key(top_comment["author"], datetime.fromisoformat(top_comment["date"]).timestamp())]
                assert copy["parent"] == expected["id"], (thread["article"], cid)
            checked += 1
    assert checked == 46  # the sample's 49 shown minus its 3 pingbacks and trackbacks
    # One the saved page shows: Ines Calder's answer to Lena Hartmann, 8 February 2020, 13:47 in Berlin.
    grading = isso.thread(f"/{ARTICLE}/")
    answer = next(c for c in grading if c["author"] == "Ines Calder" and "Smurf movie phase" in c["text"])
    assert answer["created"] == datetime.fromisoformat("2020-02-08T13:47:00+01:00").timestamp()
    assert next(c for c in grading if c["id"] == answer["parent"])["author"] == "Lena Hartmann"
    # Nothing but what the archive shows: no email, no address.
    assert {(row[8], row[5]) for row in database_rows(isso)} == {(None, "")}


@pytest.mark.server
def test_export_again_changes_nothing(project, isso, exported):
    before, ids_before = database_rows(isso), (project / "content/comments/isso-ids.toml").read_bytes()
    result = invoke(project, "isso-export")
    assert result.returncode == 0, result.stderr
    assert "0 archived comment(s) added, 46 already there" in result.stdout
    assert database_rows(isso) == before
    assert (project / "content/comments/isso-ids.toml").read_bytes() == ids_before


@pytest.fixture(scope="module")
def posted(project, isso, exported):
    """A reader's new comment and another's reply to Lena Hartmann's archived comment, approved."""
    lena = next(c for c in isso.thread(f"/{ARTICLE}/") if c["author"] == "Lena Hartmann" and c["parent"] is None)
    new = isso.post(f"/{ARTICLE}/", {"text": NEW_TEXT + HOSTILE, "author": "Noor Haddad", "email": NEW_EMAIL,
                                      "website": "https://noor.example/"}, reader_address="198.51.100.7")
    reply = isso.post(f"/{ARTICLE}/", {"text": REPLY_TEXT, "author": "Tomás Ruiz", "email": REPLY_EMAIL,
                                        "parent": lena["id"]}, reader_address="198.51.100.8")
    assert new["mode"] == reply["mode"] == 2  # moderation on: nothing is public before the author approves
    assert [c["id"] for c in isso.thread(f"/{ARTICLE}/") if c["id"] in (new["id"], reply["id"])] == []
    isso.approve(new["id"])
    isso.approve(reply["id"])
    return {"new": new["id"], "reply": reply["id"], "parent_author": lena["author"],
            "parent_created": lena["created"]}


def production_build(project: Path, output: Path, isso_url: str, fatal: str = "warnings"):
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", "publishconf.py",
           "--fatal", fatal, "-e", f'COMMENTS_ISSO_URL="{isso_url}"']
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=dict(os.environ, COLUMNS="400"))


@pytest.fixture(scope="module")
def built(project, isso, posted, tmp_path_factory):
    output = tmp_path_factory.mktemp("isso-build")
    result = production_build(project, output, isso.url + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def archived_anchor(page: BeautifulSoup, author: str, created: float) -> str:
    """The static page's anchor of the archived comment by ``author`` at ``created``."""
    for time in page.select("#comments article.comment-body time"):
        when = datetime.fromisoformat(time["datetime"]).timestamp()
        body = time.find_parent("article")
        if round(when) == round(created) and author in body.select_one(".comment-author").get_text():
            return body["id"]
    raise AssertionError(f"no archived comment by {author} at {created}")


@pytest.mark.server
@pytest.mark.site
def test_new_comment_and_reply_are_baked_into_the_static_page(built, posted):
    html = (built / ARTICLE / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")  # no JavaScript: the HTML as served
    new = page.find("article", id=f"comment-isso-{posted['new']}")
    reply = page.find("article", id=f"comment-isso-{posted['reply']}")
    assert new is not None and NEW_TEXT in new.get_text()
    assert reply is not None and REPLY_TEXT in reply.get_text()
    # The reply is nested under the archived comment it answers.
    parent_li = reply.find_parent("li").find_parent("li")
    assert parent_li.find("article")["id"] == archived_anchor(page, posted["parent_author"], posted["parent_created"])
    # The new comment is top level; Isso's HTML was sanitized like any archive's.
    assert new.find_parent("ol")["class"] == ["comment-list"]
    content = new.select_one(".comment-content")
    assert content.find("script") is None and content.find("img") is None
    assert all(not a["href"].lower().startswith("javascript") for a in content.find_all("a", href=True))
    assert new.select_one(".comment-author a")["rel"] == ["nofollow", "ugc"]
    # Counted with the archived ones: 7 archived + 2 new; the notice no longer says comments are closed.
    assert page.select_one("#comments-heading").get_text() == "9 comments"
    assert "new ones join them here" in page.select_one(".comments-closed").get_text()


@pytest.mark.server
@pytest.mark.site
def test_new_comments_are_in_the_feeds_json_ld_and_search_index(built, posted):
    feed = (built / "feeds/comments.atom.xml").read_text(encoding="utf-8")
    article_feed = (built / f"feeds/comments/{ARTICLE}.atom.xml").read_text(encoding="utf-8")
    for text, cid in ((NEW_TEXT, posted["new"]), (REPLY_TEXT, posted["reply"])):
        assert f"#comment-isso-{cid}" in feed and text in feed
        assert f"#comment-isso-{cid}" in article_feed
    page = (built / ARTICLE / "index.html").read_text(encoding="utf-8")
    ld = [json.loads(block) for block in
          re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    assert NEW_TEXT in json.dumps(ld, ensure_ascii=False) and REPLY_TEXT in json.dumps(ld, ensure_ascii=False)
    # Searchable: Isso's comments are in the comments' bundle with the archived ones.
    fragments = [gzip.decompress(path.read_bytes()) for path in (built / "pagefind-comments/fragment").glob("*.pf_fragment")]
    article_fragment = next(f.decode("utf-8", "replace") for f in fragments if f'"/{ARTICLE}/"'.encode() in f)
    assert NEW_TEXT.split(":")[0] in article_fragment and REPLY_TEXT.split("?")[0] in article_fragment


def every_text(folder: Path) -> str:
    """Every file of a build as text, the search index's compressed files unpacked."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.mark.server
@pytest.mark.site
def test_no_email_given_to_isso_reaches_the_site_or_the_report(project, built, isso):
    text = every_text(built)
    assert NEW_TEXT.split(":")[0] in text  # the comments are there …
    assert NEW_EMAIL not in text and REPLY_EMAIL not in text  # … their emails are not
    assert "198.51.100." not in text
    # The report reads Isso too when the settings name it.
    (project / "with_isso.py").write_text(f'from pelicanconf import *\nCOMMENTS_ISSO_URL = "{isso.url}/"\n')
    report = subprocess.run([sys.executable, "-m", "invoke", "comments", "--json"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "INVOKE_PELICAN_SETTINGS": "with_isso.py"})
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["isso"]["live"] is True and data["isso"]["new"] == 2 and data["isso"]["copies_of_archived"] == 46
    assert NEW_TEXT.split(":")[0] in report.stdout
    assert NEW_EMAIL not in report.stdout + report.stderr and REPLY_EMAIL not in report.stdout + report.stderr


@pytest.mark.server
@pytest.mark.site
def test_the_page_loads_isso_from_the_authors_server_only_and_the_policy_names_it(built, isso):
    page = BeautifulSoup((built / ARTICLE / "index.html").read_text(encoding="utf-8"), "html.parser")
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert scripts == [isso.url + "/js/embed.min.js"]
    thread = page.find(id="isso-thread")
    assert thread["data-isso-id"] == f"/{ARTICLE}/"
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    origins = set(re.findall(r"https?://[^\s;]+", policy))
    # Besides Isso's, only the sample's newsletter provider, and only as where its form may post.
    newsletter = "https://" + urlsplit(pelicanconf.NEWSLETTER_ACTION).netloc
    assert origins == {isso.url, newsletter}
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert [name for name, values in directives.items() if isso.url in values] == [
        "script-src", "style-src", "connect-src"]
    assert [name for name, values in directives.items() if newsletter in values] == ["form-action"]


@pytest.mark.server
@pytest.mark.site
def test_isso_down_the_build_warns_and_keeps_the_last_fetched_comments(project, isso, built, posted, tmp_path):
    isso.stop()
    try:
        result = production_build(project, tmp_path / "out", isso.url + "/", fatal="errors")  # as `invoke build`
    finally:
        isso.start()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cannot be reached" in result.stdout + result.stderr and "fetched last time" in result.stdout + result.stderr
    html = (tmp_path / "out" / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert f'id="comment-isso-{posted["new"]}"' in html and f'id="comment-isso-{posted["reply"]}"' in html
    assert html == (built / ARTICLE / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_without_isso_url_the_site_is_byte_identical(tmp_path):
    absent, empty = tmp_path / "absent", tmp_path / "empty"
    assert build(absent).returncode == 0
    result = build(empty, extra=["-e", 'COMMENTS_ISSO_URL=""'])
    assert result.returncode == 0, result.stderr
    assert tree_digest(empty) == tree_digest(absent)
    assert "isso" not in (absent / ARTICLE / "index.html").read_text(encoding="utf-8").lower()


@pytest.mark.site
def test_a_setting_that_is_no_url_stops_the_build_with_its_name(tmp_path):
    result = build(tmp_path / "out", extra=["-e", 'COMMENTS_ISSO_URL="comments.example"'])
    assert result.returncode != 0
    assert "COMMENTS_ISSO_URL" in result.stdout + result.stderr


@pytest.mark.server
def test_deploy_nginx_location_serves_isso_under_the_sites_origin(isso, exported, tmp_path):
    """deploy/nginx-isso.conf as the README installs it, in front of the running Isso."""
    location = (ROOT / "deploy/nginx-isso.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://127.0.0.1:8080;" in location
    snippet = tmp_path / "nginx-isso.conf"
    snippet.write_text(location.replace("127.0.0.1:8080", isso.url.split("//")[1]), encoding="utf-8")
    with nginx(free_port(), f"    include {snippet};") as site:
        with urllib.request.urlopen(site + "/isso/config", timeout=10) as response:
            assert "reply-to-self" in json.loads(response.read())["config"]
        with urllib.request.urlopen(site + "/isso/js/embed.min.js", timeout=10) as response:
            assert response.status == 200 and b"isso" in response.read()
        # A reader cannot pose as another address: nginx passes the one it saw (Isso stores it as a /24).
        request = urllib.request.Request(
            site + "/isso/new?uri=" + f"/{ARTICLE}/", method="POST",
            data=json.dumps({"text": "Through the proxy.", "author": "Proxy Reader"}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9"})
        with urllib.request.urlopen(request, timeout=10) as response:
            posted = json.loads(response.read())
    with sqlite3.connect(isso.database) as db:
        (address,) = db.execute("SELECT remote_addr FROM comments WHERE id = ?", (posted["id"],)).fetchone()
    assert address == "127.0.0.0"


@pytest.mark.server
def test_export_removes_from_isso_a_comment_hidden_since(project, isso, exported):
    """Last (it changes the export): hidden in moderation.toml, an archived comment leaves Isso too."""
    uri = "/choosing-a-lens-for-interviews/"
    before = isso.thread(uri)
    archive = archive_import(project)
    thread = next(t for t in archive["threads"] if t["article"] == uri.strip("/"))
    target = next(c for c in thread["comments"] if c["status"] == "visible" and c["parent"] is None)
    moderation = project / "content/comments/moderation.toml"
    previous = moderation.read_text(encoding="utf-8") if moderation.exists() else ""
    moderation.write_text(previous + f'\n[[comment]]\nid = "{target["id"]}"\naction = "hide"\nreason = "test"\n',
                          encoding="utf-8")
    result = invoke(project, "isso-export")
    assert result.returncode == 0, result.stderr
    assert "0 archived comment(s) added" in result.stdout and "1 removed" in result.stdout
    after = isso.thread(uri)
    stamp = datetime.fromisoformat(target["date"]).timestamp()
    gone = [c for c in before if c["author"] == target["author"] and round(c["created"]) == round(stamp)]
    assert len(gone) == 1
    # Deleted in Isso: gone, or (with replies) Isso's own placeholder without author or text.
    remaining = [c for c in after if c["id"] == gone[0]["id"]]
    assert remaining == [] or (remaining[0]["author"] is None and re.sub(r"<[^>]+>", "", remaining[0]["text"]) == "")
