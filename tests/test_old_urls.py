"""Every old URL keeps working after the move (issue #21).

The team's WXR exports (tests/fixtures/permalinks/, one per WordPress permalink setting, written by
its make_fixtures.py) and the shared real one are imported into an empty site, built for production
and served by Python's http.server on 127.0.0.1 (as GitHub Pages would: files only), and by Debian's
nginx with the generated include (real 301s, ``?p=N`` too).  What an old URL must reach is read from
the export itself (its <link> and title) and from the built pages' <title>, never from the code under test.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from nginx_support import nginx
from helpers import BERLIN, FIXTURES, ROOT, free_port, static_server
from sitebuild import build, copy_project, tree_digest

PERMALINK_FIXTURES = FIXTURES / "permalinks"
SHARED_WXR = "real-world/wxr-chrisjrob.wordpress.xml"
WP = "{http://wordpress.org/export/1.2/}"
# Each fixture's truth: the WordPress setting its site had (make_fixtures.py writes the links from it).
STRUCTURES = {
    "day-and-name": "/%year%/%monthnum%/%day%/%postname%/",
    "month-and-name": "/%year%/%monthnum%/%postname%/",
    "numeric": "/archives/%post_id%",
    "category": "/%category%/%postname%/",
    "plain": "/?p=%post_id%",
    "custom": "/blog/%year%/%postname%.html",
}
SITENAME = re.search(r'^SITENAME = "(.*)"$', (ROOT / "pelicanconf.py").read_text(encoding="utf-8"), re.M).group(1)
REFRESH_RE = re.compile(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', re.IGNORECASE)
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


# --- reading the export and the build, independently of the code under test ----------------------


def old_urls(wxr: Path) -> list[tuple[str, str, str]]:
    """(old URL, title, post id) of every published post and page of an export."""
    out = []
    for item in ET.parse(wxr).getroot().iter("item"):
        if item.findtext(f"{WP}post_type") not in ("post", "page") or item.findtext(f"{WP}status") != "publish":
            continue
        out.append(((item.findtext("link") or "").strip(), html.unescape(item.findtext("title") or "").strip(),
                    item.findtext(f"{WP}post_id")))
    return out


def page_titles(output: Path, siteurl: str) -> dict[str, str]:
    """title -> URL of every built page that is not a redirect page."""
    found = {}
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")[:4000]
        if REFRESH_RE.search(text):
            continue
        match = TITLE_RE.search(text)
        if not match:
            continue
        title = html.unescape(match.group(1)).strip().removesuffix(" — " + SITENAME).strip()
        rel = path.relative_to(output).as_posix()
        rel = rel.removesuffix("index.html")
        found.setdefault(title, siteurl + "/" + quote(rel))
    return found


def fetch(url: str) -> tuple[int, dict, str]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    target = quote(unquote(parts.path or "/"), safe="/%") + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", target)
    response = conn.getresponse()
    body = response.read().decode("utf-8", errors="replace")
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


def reach(url: str, hops: int = 6) -> tuple[str, list[str], int]:
    """Follow HTTP redirects and meta refreshes; (final URL, every step, final status)."""
    steps = []
    status = 0
    for _ in range(hops):
        status, headers, body = fetch(url)
        steps.append(f"{status} {url}")
        if status in (301, 302, 307, 308):
            url = urljoin(url, headers["location"])
            continue
        match = REFRESH_RE.search(body[:4000]) if status == 200 else None
        if match:
            url = urljoin(url, html.unescape(match.group(1)))
            continue
        break
    return url, steps, status


def same_page(a: str, b: str) -> bool:
    def norm(u):
        p = urlsplit(u)
        return unquote(p.path).rstrip("/") or "/"
    return norm(a) == norm(b)


def run_invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True)


def new_site(tmp: Path, wxr: Path, *import_args: str) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    project = copy_project(tmp)
    shutil.rmtree(project / "content" / "articles")
    (project / "content" / "articles").mkdir()
    shutil.rmtree(project / "content" / "comments")
    (project / "content" / "comments").mkdir()
    if wxr.is_dir():
        shutil.copytree(wxr, project / "content" / "comments" / wxr.name)
    else:
        shutil.copy2(wxr, project / "content" / "comments" / wxr.name)
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write("\nCOMMENTS_URL_MAP = {}\n")
    result = run_invoke(project, "import-posts", "content/comments", *import_args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


def production_build(project: Path, output: Path, siteurl: str) -> None:
    env_before = os.environ.get("SITEURL")
    os.environ["SITEURL"] = siteurl
    try:
        result = build(output, settings="publishconf.py", cwd=project)
    finally:
        if env_before is None:
            os.environ.pop("SITEURL", None)
        else:
            os.environ["SITEURL"] = env_before
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def check_old_urls(project: Path, output: Path, siteurl: str):
    """`invoke check` on the build, in its own process (as the author runs it): (JSON report, old-URL errors)."""
    import json

    env = dict(os.environ, SITEURL=siteurl, PYTHONPATH=str(ROOT))  # the project copy has no sitetools/
    result = subprocess.run([sys.executable, "-m", "sitetools.check", str(output), "--settings", "publishconf.py",
                             "--json"], cwd=project, capture_output=True, text=True, env=env)
    assert result.stdout.strip(), result.stderr[-3000:]
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["level"] == "error" and "old URL" in f["message"]]
    return report, errors


# --- detection ----------------------------------------------------------------------------------


def _detect(paths):
    from post_import import permalinks, sources

    collected = sources.collect([str(p) for p in paths], ["README*"], BERLIN, None)
    return permalinks.detect(collected.posts), collected


@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_detects_each_permalink_setting(name):
    found, collected = _detect([PERMALINK_FIXTURES / f"{name}.wordpress.xml"])
    published = [u for u, _, _ in old_urls(PERMALINK_FIXTURES / f"{name}.wordpress.xml")]
    assert found.structure == STRUCTURES[name]
    assert found.fits == found.posts == sum(1 for p in collected.posts if p.kind == "article" and p.status != "draft")
    assert found.posts == len(published) - 1  # every published post; the page is not a post


def test_pelican_keeps_what_it_can_build():
    for name, expected in {"day-and-name": "{date:%Y}/{date:%m}/{date:%d}/{slug}/",
                           "month-and-name": "{date:%Y}/{date:%m}/{slug}/",
                           "category": "{category.slug}/{slug}/",
                           "custom": "blog/{date:%Y}/{slug}.html"}.items():
        found, _ = _detect([PERMALINK_FIXTURES / f"{name}.wordpress.xml"])
        assert found.article_url == expected and found.keepable, name
    for name in ("numeric", "plain"):
        found, _ = _detect([PERMALINK_FIXTURES / f"{name}.wordpress.xml"])
        assert found.article_url is None and found.why_not, name


def test_the_shared_export(corpus_dir):
    wxr = corpus_dir / SHARED_WXR
    found, collected = _detect([wxr])
    links = [u for u, _, _ in old_urls(wxr)]
    dated = [u for u in links if re.search(r"/\d{4}/\d{2}/\d{2}/[^/]+/$", u)]
    assert found.structure == "/%year%/%monthnum%/%day%/%postname%/"
    assert found.fits == found.posts == len(dated) > 50


def test_report_names_the_structure(tmp_path):
    from post_import import report as report_module
    from post_import.pipeline import import_posts

    (tmp_path / "articles").mkdir()
    result = import_posts([str(PERMALINK_FIXTURES / "day-and-name.wordpress.xml")], tmp_path, settings={"TIMEZONE": "Europe/Berlin"},
                          dry_run=True)
    data = report_module.as_dict(result)
    assert data["permalinks"]["structure"] == STRUCTURES["day-and-name"]
    assert data["permalinks"]["article_url"] == "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
    assert data["redirects"]["added"] > 0 and not (tmp_path / "redirects.toml").exists()  # dry run
    assert "url_changes" in data and data["url_changes"]  # the old field is still there
    text = report_module.as_text(result)
    assert "Old permalinks: /%year%/%monthnum%/%day%/%postname%/" in text and "--keep-permalinks" in text


# --- the built site, served as files ------------------------------------------------------------


@pytest.fixture(scope="module")
def structure_site(tmp_path_factory):
    """``structure_site(name)``: (wxr, project, output, port, base URL) of the posts of one permalink
    structure's export, imported and built for production once for this module: the static-host test and
    the nginx test of a structure serve the same build (read it, never change it), in turn, on the port
    its SITEURL was built for."""
    made = {}

    def get(name: str):
        if name not in made:
            folder = tmp_path_factory.mktemp(f"structure-{name}")
            wxr = PERMALINK_FIXTURES / f"{name}.wordpress.xml"
            project = new_site(folder / "site", wxr)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            production_build(project, folder / "out", base)
            made[name] = (wxr, project, folder / "out", port, base)
        return made[name]

    return get


@pytest.mark.site
@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_every_old_url_reaches_its_post_on_a_static_host(name, structure_site):
    wxr, project, output, port, base = structure_site(name)
    with static_server(output, port):
        titles = page_titles(output, base)
        checked = 0
        for url, title, _ in old_urls(wxr):
            parts = urlsplit(url)
            if parts.query:
                continue  # ?p=N: no file can answer it; the nginx test covers it
            final, steps, status = reach(base + parts.path)
            assert status == 200 and same_page(final, titles[title]), (url, steps)
            checked += 1
        assert checked == (0 if name == "plain" else len(old_urls(wxr)))
        # an old comment page and an attachment page go to the post too
        table = (project / "content" / "redirects.toml").read_text(encoding="utf-8")
        assert '"/feed/" = "/feeds/all.atom.xml"' in table
        final, steps, status = reach(base + "/author/ines/")  # the WordPress author archive, by login
        assert status == 200 and same_page(final, titles["Ines Calder"]), steps
        final, steps, status = reach(base + "/tag/light-2/")  # a tag whose WordPress slug was taken
        assert status == 200 and same_page(final, base + "/tag/light/"), steps
        if name != "plain":
            attachment = [line.split('"')[1] for line in table.splitlines() if "lighthouse-at-dusk" in line]
            assert attachment
            final, steps, _ = reach(base + attachment[0])
            assert same_page(final, titles["Scouting a lighthouse"]), steps
    report, errors = check_old_urls(project, output, base)
    assert errors == [] and report["old_urls"] == checked


@pytest.mark.site
def test_redirect_pages_are_left_out_of_sitemap_and_search(tmp_path):
    wxr = PERMALINK_FIXTURES / "day-and-name.wordpress.xml"
    project = new_site(tmp_path / "site", wxr)
    output = tmp_path / "out"
    production_build(project, output, "https://new.example")
    page = output / "2015" / "03" / "08" / "scouting-a-lighthouse" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'content="noindex"' in text and "<script" not in text and "data-pagefind-body" not in text
    assert '<link rel="canonical" href="https://new.example/scouting-a-lighthouse/">' in text
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/2015/03/08/" not in sitemap and "https://new.example/scouting-a-lighthouse/" in sitemap
    for feed in output.joinpath("feeds").rglob("*.xml"):
        assert 'href="https://new.example/2015/03/08/' not in feed.read_text(encoding="utf-8")
    for rules in ("_redirects", ".htaccess", "nginx-redirects.conf"):
        assert "2015/03/08/scouting-a-lighthouse" in (output / rules).read_text(encoding="utf-8")


@pytest.mark.site
def test_reimport_changes_nothing_and_an_edit_changes_one_redirect(tmp_path):
    wxr = PERMALINK_FIXTURES / "month-and-name.wordpress.xml"
    project = new_site(tmp_path / "site", wxr)
    before = tree_digest(project / "content")
    again = run_invoke(project, "import-posts", "content/comments")
    assert again.returncode == 0 and tree_digest(project / "content") == before
    first = tmp_path / "one"
    production_build(project, first, "https://new.example")
    table_path = project / "content" / "redirects.toml"
    table = table_path.read_text(encoding="utf-8")
    old = '"/2015/07/renting-a-slider/" = "/renting-a-slider/"'
    assert old in table
    table_path.write_text(table.replace(old, '"/2015/07/renting-a-slider/" = "/contact-me/"'), encoding="utf-8")
    assert run_invoke(project, "import-posts", "content/comments").returncode == 0
    assert '"/2015/07/renting-a-slider/" = "/contact-me/"' in table_path.read_text(encoding="utf-8")  # kept
    second = tmp_path / "two"
    production_build(project, second, "https://new.example")
    a, b = tree_digest(first), tree_digest(second)
    changed = {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)} - {"sitemap.xml"}
    changed = {k for k in changed if not k.startswith("pagefind/")}
    assert changed == {"2015/07/renting-a-slider/index.html", "_redirects", ".htaccess", "nginx-redirects.conf"}
    # dropping a redirect: `invoke check` names the old URL that reaches nothing now
    table_path.write_text(table.replace(old, '"/2015/07/renting-a-slider/" = ""'), encoding="utf-8")
    third = tmp_path / "three"
    production_build(project, third, "https://new.example")
    _, errors = check_old_urls(project, third, "https://new.example")
    assert len(errors) == 1 and "https://old-blog.example/2015/07/renting-a-slider/" in errors[0]["message"]


@pytest.mark.site
def test_keep_permalinks_makes_the_old_urls_the_sites_own(tmp_path):
    wxr = PERMALINK_FIXTURES / "day-and-name.wordpress.xml"
    project = new_site(tmp_path / "site", wxr, "--keep-permalinks")
    conf = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert "ARTICLE_URL = '{date:%Y}/{date:%m}/{date:%d}/{slug}/'" in conf
    again = run_invoke(project, "import-posts", "content/comments", "--keep-permalinks")
    assert again.returncode == 0 and (project / "pelicanconf.py").read_text(encoding="utf-8") == conf
    output = tmp_path / "out"
    output.mkdir()
    with static_server(output) as base:
        production_build(project, output, base)
        for url, title, _ in old_urls(wxr):
            final, steps, status = reach(base + urlsplit(url).path)
            assert status == 200 and len(steps) == 1, (url, steps)  # the page itself, no redirect
    _, errors = check_old_urls(project, output, base)
    assert errors == []


@pytest.mark.site
def test_the_shared_export_on_a_static_host(corpus_dir, tmp_path):
    wxr = corpus_dir / SHARED_WXR
    project = new_site(tmp_path / "site", wxr)
    output = tmp_path / "out"
    output.mkdir()
    with static_server(output) as base:
        production_build(project, output, base)
        titles = page_titles(output, base)
        urls = old_urls(wxr)
        reached = 0
        for url, title, _ in urls:
            final, steps, status = reach(base + urlsplit(url).path)
            assert status == 200 and same_page(final, titles[title]), (url, steps)
            reached += 1
    assert reached == len(urls) > 50
    report, errors = check_old_urls(project, output, base)
    assert errors == [] and report["old_urls"] == len(urls)


# --- behind nginx: real 301s, ?p=N too ----------------------------------------------------------


@contextlib.contextmanager
def nginx_server(output: Path, port: int):
    """The build in ``output`` behind nginx, with the include the build wrote."""
    with nginx(port, f"    root {output};\n    include {output}/nginx-redirects.conf;\n"
                     "    location / { try_files $uri $uri/ =404; }") as url:
        yield url


@pytest.mark.server
@pytest.mark.site
@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_every_old_url_answers_301_behind_nginx(name, structure_site):
    wxr, project, output, port, base = structure_site(name)
    titles = page_titles(output, base)
    with nginx_server(output, port):
        for url, title, post_id in old_urls(wxr):
            parts = urlsplit(url)
            old = parts.path + (f"?{parts.query}" if parts.query else "")
            status, headers, _ = fetch(base + old)
            if not parts.query and same_page(base + parts.path, titles[title]):
                assert status == 200, (url, status)  # the same address on the new site
            else:
                assert status == 301, (url, status)
                assert same_page(headers["location"], titles[title]), (url, headers["location"])
            kind = "page_id" if title == "Contact me" else "p"
            status, headers, _ = fetch(f"{base}/?{kind}={post_id}")
            assert status == 301 and same_page(headers["location"], titles[title]), (post_id, status)
        # an old comment page goes to the post's comments
        first = next(u for u, t, _ in old_urls(wxr) if t == "Scouting a lighthouse")
        if not urlsplit(first).query and first.endswith("/"):
            final, steps, status = reach(base + urlsplit(first).path + "comment-page-2/")
            assert status == 200 and same_page(final, titles["Scouting a lighthouse"]), steps


def test_a_hostile_table_writes_nothing_outside_the_site(tmp_path):
    from old_urls.build import write_redirects

    content, output = tmp_path / "content", tmp_path / "out"
    content.mkdir()
    (output / "ok").mkdir(parents=True)
    (output / "ok" / "index.html").write_text("<title>ok</title>", encoding="utf-8")
    (output / "index.html").write_text("<title>home</title>", encoding="utf-8")
    (content / "redirects.toml").write_text(
        '"/../../escape/" = "/ok/"\n"/a/./b/" = "/ok/"\n"/x\\ny/" = "/ok/"\n"/q$/" = "/ok/"\n'
        '"/fine/" = "/ok/\\"; return 200 \\"x"\n"/?p=1&x=2" = "/ok/"\n"/good/" = "/ok/"\n"/index.html" = "/ok/"\n',
        encoding="utf-8")
    done = write_redirects(output, content, {"SITEURL": "https://new.example"})
    assert done.pages == ["good/index.html"]
    assert len(done.problems) == 6 and ("/index.html", "the site has a page there (index.html): no redirect") in done.skipped
    assert not (tmp_path / "escape").exists()
    nginx = (output / "nginx-redirects.conf").read_text(encoding="utf-8")
    assert "return 200" not in nginx and "/good" in nginx


@pytest.mark.server
@pytest.mark.site
def test_the_shared_export_behind_nginx(corpus_dir, tmp_path):
    wxr = corpus_dir / SHARED_WXR
    project = new_site(tmp_path / "site", wxr)
    output = tmp_path / "out"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    production_build(project, output, base)
    titles = page_titles(output, base)
    moved = 0
    with nginx_server(output, port):
        for url, title, post_id in old_urls(wxr):
            for old in (urlsplit(url).path, f"/?{'page_id' if urlsplit(url).path.count('/') <= 2 else 'p'}={post_id}"):
                status, headers, _ = fetch(base + old)
                if status == 200 and same_page(base + old, titles[title]):
                    continue  # a page at the same address
                assert status == 301 and same_page(headers["location"], titles[title]), (old, status, headers)
                moved += 1
    assert moved >= len(old_urls(wxr))


@pytest.mark.site
def test_saved_pages_canonical_urls(tmp_path):
    saved = PERMALINK_FIXTURES / "saved"
    found, _ = _detect([saved])
    assert found.structure == "/%year%/%monthnum%/%postname%/" and found.fits == found.posts == 2
    canonical = {}
    for page in sorted(saved.glob("*.html")):
        match = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
        title = TITLE_RE.search(page.read_text(encoding="utf-8")).group(1).split(" &#8211; ")[0]
        canonical[match.group(1)] = title
    project = new_site(tmp_path / "site", saved)
    table = (project / "content" / "redirects.toml").read_text(encoding="utf-8")
    assert '"/2019/05/a-night-shoot/comment-page-2/" = "/a-night-shoot/#comments"' in table
    output = tmp_path / "out"
    output.mkdir()
    with static_server(output) as base:
        production_build(project, output, base)
        titles = page_titles(output, base)
        for url, title in canonical.items():
            final, steps, status = reach(base + urlsplit(url).path)
            assert status == 200 and same_page(final, titles[title]), (url, steps)
    report, errors = check_old_urls(project, output, base)
    assert errors == [] and report["old_urls"] == len(canonical)


@pytest.mark.site
def test_the_shared_export_with_keep_permalinks(corpus_dir, tmp_path):
    """The old structure kept: most old URLs are the posts' own; a post whose date is another day in the
    site's zone than on the old blog is listed by the import and reached through a redirect page."""
    wxr = corpus_dir / SHARED_WXR
    found, _ = _detect([wxr])
    project = new_site(tmp_path / "site", wxr, "--keep-permalinks")
    output = tmp_path / "out"
    output.mkdir()
    urls = old_urls(wxr)
    direct = 0
    with static_server(output) as base:
        production_build(project, output, base)
        titles = page_titles(output, base)
        for url, title, _ in urls:
            final, steps, status = reach(base + urlsplit(url).path)
            assert status == 200 and same_page(final, titles[title]), (url, steps)
            direct += len(steps) == 1
    assert direct == len(urls) - len(found.misfits) and direct > len(urls) / 2
