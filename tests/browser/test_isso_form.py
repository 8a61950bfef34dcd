"""The "Leave a comment" form in Chromium: Isso's own client, from the author's Isso server only.

A copy of the sample is built with COMMENTS_ISSO_URL pointing at a real Isso (tests/isso_support.py:
the pinned package, 127.0.0.1, a temporary database, the config `invoke isso-config` writes, archived
threads exported), served on the origin that config allows.  The page may talk to those two origins
only; every other request is recorded, then stopped.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import free_port, static_server
from isso_support import IssoServer, copy_project_with_tools, write_config
from sitebuild import build

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.site]

ARTICLE = "/grading-night-exteriors/"
TEXT = "Posted from the form: the night look works on my small monitor too."
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def isso_site(tmp_path_factory):
    project = copy_project_with_tools(tmp_path_factory.mktemp("isso-browser-project"))
    data = tmp_path_factory.mktemp("isso-browser-data")
    site_port, isso_url = free_port(), f"http://127.0.0.1:{free_port()}/"
    site = f"http://127.0.0.1:{site_port}"
    isso = IssoServer(write_config(project, site, isso_url, data / "comments.db"), isso_url, data / "isso.log")
    isso.start()
    try:
        exported = subprocess.run([sys.executable, "-m", "invoke", "isso-export"], cwd=project,
                                  capture_output=True, text=True)
        assert exported.returncode == 0, exported.stderr
        output = data / "output"
        built = build(output, cwd=project, extra=["-e", f'COMMENTS_ISSO_URL="{isso_url}"'])
        assert built.returncode == 0, built.stdout + built.stderr
        with static_server(output, site_port):
            yield site, isso
    finally:
        isso.stop()


def open_page(browser, site, isso, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    foreign: list[str] = []
    allowed = (site + "/", isso.url + "/")

    def guard(route):
        foreign.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(allowed), guard)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.goto(site + ARTICLE, wait_until="load")
    return context, page, foreign


def test_the_form_posts_through_isso_own_client_and_isso_lists_it(browser, isso_site):
    site, isso = isso_site
    context, page, foreign = open_page(browser, site, isso)
    try:
        page.wait_for_selector("#isso-thread .isso-postbox textarea", timeout=15_000)
        page.fill("#isso-thread .isso-postbox textarea", TEXT)
        page.fill("#isso-postbox-author", "Form Reader")
        page.fill("#isso-postbox-email", "form.reader.secret@mail.example")
        with page.expect_response(lambda r: r.url.startswith(isso.url + "/new") and r.request.method == "POST") as posted:
            page.click("#isso-thread .isso-postbox input[type=submit]")
        assert posted.value.status == 202  # taken, waiting for the author (moderation on)
        new_id = posted.value.json()["id"]
        # Isso's client shows it at once, to its writer …
        page.wait_for_selector(f"#isso-{new_id}", timeout=10_000)
        assert TEXT in page.inner_text(f"#isso-{new_id}")
        # … and Isso's own API lists it once the author approved it.
        isso.approve(new_id)
        listed = [c for c in isso.thread(ARTICLE) if c["id"] == new_id]
        assert len(listed) == 1 and TEXT in listed[0]["text"] and listed[0]["author"] == "Form Reader"
        # The static comments are on the page as well, and the archived ones can be answered in Isso:
        page.click("#isso-thread .isso-load-hidden")
        page.wait_for_selector("#isso-root .isso-comment .isso-reply", timeout=10_000)
        assert page.locator("#comments article.comment-body").count() == 7
        assert page.evaluate("window.__cspViolations") == []
        assert foreign == []
    finally:
        context.close()


def test_without_javascript_the_form_is_absent_and_the_static_comments_remain(browser, isso_site):
    site, isso = isso_site
    context, page, foreign = open_page(browser, site, isso, java_script_enabled=False)
    try:
        assert page.locator("#comments article.comment-body").count() >= 7
        assert page.locator("#isso-thread textarea, #isso-thread input").count() == 0
        assert page.locator("#leave-a-comment noscript").count() == 1
        assert foreign == []
    finally:
        context.close()
