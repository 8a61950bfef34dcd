"""Tasks for authors, in the shape of pelican-quickstart's: `invoke --list`.

Configuration comes from invoke's own config: ``invoke.yaml`` beside this
file holds the defaults, and ``INVOKE_*`` environment variables override them
(``INVOKE_PELICAN_PORT=8080 invoke serve``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Task, task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent


def _cfg(c):
    return c.config.pelican


HELP_FLAGS = ("-h", "--help")


def print_help_instead(c, task_name: str, value: str) -> bool:
    """True (after printing the task's help) when its required argument is ``--help`` or ``-h``.

    invoke takes the token after a task with a required positional argument as that argument's value,
    so ``invoke new --help`` would otherwise start a post titled "--help".
    """
    if value not in HELP_FLAGS:
        return False
    # A child process writing straight to the terminal (no pipe of invoke's in between): `| head` stays quiet.
    subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--help", task_name], check=False)
    return True


def _site(c, settings_file: str | None = None):
    """The project as every tool reads it (sitetools.site.Site): settings with every plugin's defaults,
    contents, the comment import and its verdict, each read once."""
    from sitetools.site import Site

    return Site(ROOT, settings_file or _cfg(c).settings)


def pelican_run(c, *args: str) -> None:
    """Run Pelican in a child process; its errors are fatal and end the task non-zero.

    ``--fatal errors`` makes Pelican stop on any logged error (bad metadata, a
    template error), instead of writing a partial site and exiting 0.
    """
    cmd = [sys.executable, "-m", "pelican", *args, "--fatal", "errors"]
    result = c.run(shlex.join(cmd), warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit("Pelican could not build the site: see its message above.", code=1)


@task
def clean(c):
    """Remove the generated site (the output folder)."""
    output = ROOT / _cfg(c).output
    if output.is_dir():
        shutil.rmtree(output)


@task
def build(c):
    """Build the site for local viewing into the output folder."""
    pelican_run(c, "content", "-o", str(_cfg(c).output), "-s", _cfg(c).settings)


@task
def rebuild(c):
    """Build from scratch: delete the output folder first."""
    pelican_run(c, "content", "-d", "-o", str(_cfg(c).output), "-s", _cfg(c).settings)


@task
def regenerate(c):
    """Rebuild automatically whenever content, theme or settings change."""
    pelican_run(c, "content", "-r", "-o", str(_cfg(c).output), "-s", _cfg(c).settings)


def _serve(c, port: int | None = None) -> None:
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class AddressReuseServer(RootedHTTPServer):
        allow_reuse_address = True

    cfg = _cfg(c)
    port = int(port or cfg.port)
    server = AddressReuseServer(str(ROOT / cfg.output), (cfg.host, port), ComplexHTTPRequestHandler)
    url = f"http://{cfg.host}:{port}/"
    if cfg.open_browser:
        import webbrowser

        webbrowser.open(url)
    sys.stderr.write(f"Serving {cfg.output}/ at {url} (Ctrl-C to stop)\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port to listen on (default: pelican.port in invoke.yaml)"})
def serve(c, port=None):
    """Serve the built site at http://127.0.0.1:8000/ (host and port configurable)."""
    _serve(c, port)


@task(help={"port": "port to listen on"})
def reserve(c, port=None):
    """Build, then serve."""
    build(c)
    _serve(c, port)


@task(help={"port": "port to listen on"})
def livereload(c, port=None):
    """Build, serve, and rebuild + reload the browser tab on every change."""
    from livereload import Server

    cfg = _cfg(c)
    settings_args = ["content", "-o", str(cfg.output), "-s", cfg.settings]

    def cached_build():
        # The live-reload server injects an inline <script> into every page it serves,
        # which the Content-Security-Policy meta tag would block: these preview builds
        # leave the tag out (invoke build, serve and preview keep it).
        pelican_run(c, *settings_args, "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                    'CONTENT_SECURITY_POLICY=""')

    cached_build()
    server = Server()
    for pattern in (cfg.settings, "theme/**/*", "content/**/*", "plugins/**/*.py"):
        server.watch(pattern, cached_build)
    server.serve(host=cfg.host, port=int(port or cfg.port), root=str(cfg.output), open_url_delay=None)


@task
def preview(c):
    """Build the production version of the site (publishconf.py) into the output folder."""
    pelican_run(c, "content", "-o", str(_cfg(c).output), "-s", _cfg(c).publish_settings)


@task(
    help={
        "title": "the post's title (its slug, file name and URL come from it)",
        "category": "its category (default: Uncategorized)",
        "tags": "comma-separated tags, e.g. \"light, location\"",
        "date": "publication date, e.g. 2026-12-24 or \"2026-12-24 09:30\" (default: now); a future date "
                "schedules the post",
        "slug": "a slug of your own instead of the one made from the title",
    }
)
def new(c, title, category="", tags="", date="", slug=""):
    """Start a post: content/articles/{slug}.md as a draft; refuses a slug in use (posts, pages, archived comments)."""
    if print_help_instead(c, "new", title):
        return
    from sitetools import new_post

    try:
        post = new_post.new_post(ROOT, _cfg(c).settings, title, category=category, tags=tags, date=date, slug=slug)
    except new_post.NewPostError as error:
        raise Exit(f"new: {error}", code=1)
    print(post.path.relative_to(ROOT))
    cfg = _cfg(c)
    # stdout is the path alone (scripts read it); the hint goes to stderr.
    print(f"Preview: invoke livereload, then open http://{cfg.host}:{cfg.port}{post.preview_path} "
          f"(local builds only; every draft is listed on /drafts/)", file=sys.stderr)


@task(
    help={
        "output": "the built site to check (default: the output folder, pelican.output in invoke.yaml)",
        "settings": "the settings it was built with (default: publishconf.py for a production build, "
                    "else pelicanconf.py)",
        "json": "print the report as JSON",
    }
)
def check(c, output="", settings="", json=False):
    """Check the built site: broken links and anchors, missing images, feeds, page weight, comments; no network."""
    from sitetools import check as site_check

    cfg = _cfg(c)
    output = output or str(cfg.output)
    if not settings:
        folder = Path(output) if Path(output).is_absolute() else ROOT / output
        settings = cfg.publish_settings if site_check.production_build(folder) else cfg.settings
    report = site_check.check_site(output, root=ROOT, settings_file=settings)
    if json:
        print(report.as_json())
    else:
        site_check.print_report(report)
    if not report.ok:
        raise Exit(code=1)


def ensure_node_packages(c) -> None:
    """`npm ci` when node_modules does not match package-lock.json (axe-core, Lighthouse for tests/browser/)."""
    from sitetools import node_tools

    stale = node_tools.stale_packages(ROOT)
    if not stale:
        return
    more = f" and {len(stale) - 1} more" if len(stale) > 1 else ""
    if shutil.which("npm") is None:
        print(f"test: the browser tests' npm packages are not installed ({stale[0]}{more}) and npm is missing: "
              "apt-get install nodejs npm (as .ci/run does), then run the tests again", file=sys.stderr)
        return
    print(f"test: npm ci (node_modules does not match package-lock.json: {stale[0]}{more})", file=sys.stderr)
    result = c.run("npm ci --no-audit --no-fund", warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit("test: `npm ci` failed: see its message above.", code=1)


# The markers (pytest.ini) of the slow tests that the fast lane leaves out.
SLOW_MARKERS = ("site", "browser", "server", "slow")


@task(
    help={
        "args": "extra arguments for pytest, e.g. \"-k comments -x\"",
        "fast": "only the fast lane: units and parsers, no whole-site build, browser, server or child process",
        "workers": "pytest-xdist workers (default: auto, one per CPU core and one more; 0 runs in this process)",
    }
)
def test(c, args="", fast=False, workers="auto"):
    """Run the whole test suite (pytest, over every CPU core; npm ci first when needed); --fast for the fast lane."""
    if not fast:
        ensure_node_packages(c)  # the browser tests' npm packages; the fast lane runs none of them
    options = []
    if str(workers) == "auto" and not fast:
        # Two workers more than cores: the whole-site, server and browser tests spend part of their time
        # waiting (on a child process starting, a server, Chromium), which the extra workers fill. On 2 cores
        # the whole suite took 363 s with 4 workers against 431 s with 3 (CI=true invoke test --workers N).
        workers = str((os.cpu_count() or 1) + 2)
    if str(workers) != "0":
        # loadfile: each test module runs whole on one worker, so a module-scoped fixture (a copied project,
        # sshd, Isso, a build) is made once; longest files first (tests/conftest.py, by the last run's times).
        options += ["-n", str(workers), "--dist", "loadfile", "--no-loadscope-reorder"]
    if fast:
        options += ["-m", " and ".join(f"not {marker}" for marker in SLOW_MARKERS)]
    env = dict(os.environ)
    result = c.run(f"{shlex.quote(sys.executable)} -m pytest {shlex.join(options)} {args}", warn=True, pty=False,
                   env=env)
    if result is None or result.exited != 0:
        raise Exit(code=result.exited if result else 1)


@task(
    iterable=["source"],
    help={
        "json": "print the import as JSON (the documented schema) on stdout, nothing else",
        "source": "read only this archive file or folder instead of COMMENTS_PATH (repeatable)",
        "strict": "exit non-zero when there are problems or threads that matched no article",
        "review": "list comments flagged as spam and borderline ones, with their score and rules",
    },
)
def comments(c, json=False, source=None, strict=False, review=False):
    """Report on the archived comments: per article, unmatched threads, problems."""
    from archived_comments import cli
    from archived_comments.terminal import escape

    sources = list(source or [])
    for path in sources:
        if not os.path.exists(path):
            raise Exit(f"error: --source {escape(path)}: no such file or folder", code=2)
    site = _site(c)
    # The import cache is written by a forked process while the report is (0.6 s of 20,000 comments).
    result = site.comment_import(sources, new_comments=True, thread_digests=False)
    code = cli.main(result, site.comments, as_json=json, strict=strict, review=review)
    if code:
        raise Exit(code=code)


@task(
    iterable=["source"],
    help={
        "path": "an archive file or folder to import from, e.g. content/comments",
        "source": "one more archive file or folder (repeatable; paths after `--` count too)",
        "force": "rewrite Markdown files an earlier import wrote, and images it copied",
        "dry-run": "list what would be written, and write nothing",
        "content": "the content folder to write into (default: the site's, PATH in the settings)",
        "json": "print the report as JSON",
        "keep-permalinks": "keep the old blog's permalink structure as the site's URLs: write its ARTICLE_URL and "
                           "ARTICLE_SAVE_AS into pelicanconf.py (default: clean URLs, a redirect for each old one)",
    },
)
def import_posts(c, path, source=None, force=False, dry_run=False, content="", json=False, keep_permalinks=False):
    """Bring the old blog's posts, pages and author bio over as Markdown, at their old URLs (slugs)."""
    if print_help_instead(c, "import-posts", path):
        return
    from post_import import cli

    sources = [path] + list(source or []) + shlex.split(getattr(c, "remainder", "") or "")
    site = _site(c)
    code = cli.main(site.settings, _cfg(c).settings, sources, default_sources=site.comment_sources,
                    ignore=site.comments.ignore, content=content or None, force=force, dry_run=dry_run,
                    as_json=json, keep_permalinks=keep_permalinks)
    if code:
        raise Exit(code=code)


# New comments through Isso (README "New comments"); the logic is in sitetools/isso_server.py and
# plugins/archived_comments/isso_export.py.
ISSO_CONFIG = "isso.cfg"


@task(
    iterable=["site"],
    help={
        "site": "an origin the site is served from, allowed to post (repeatable; default: SITEURL from the "
                "environment if set, and http://127.0.0.1:8000 for `invoke serve`)",
        "url": "the public URL of the Isso server, COMMENTS_ISSO_URL (default http://127.0.0.1:8080/)",
        "db": "its SQLite database, outside output/ (default: isso-data/comments.db in the project)",
        "listen": "the address Isso listens on (default http://127.0.0.1:8080)",
        "config": f"the file to write (default {ISSO_CONFIG} in the project)",
        "force": "replace an existing file (a new admin password)",
    },
)
def isso_config(c, site=None, url="", db="", listen="", config=ISSO_CONFIG, force=False):
    """Write isso.cfg for this site: its origin, a database outside output/, moderation and the guard on."""
    from sitetools import isso_server

    sites = list(site or []) or [s for s in (os.environ.get("SITEURL", ""), isso_server.LOCAL_SITE) if s]
    path = Path(config) if Path(config).is_absolute() else ROOT / config
    database = db or str(ROOT / "isso-data" / "comments.db")
    if Path(os.path.abspath(database)).is_relative_to((ROOT / _cfg(c).output).resolve()):
        raise Exit(f"isso-config: --db {database} is inside the output folder, which every build and publish "
                   "replaces: put the database elsewhere (e.g. /var/lib/isso/comments.db)", code=1)
    try:
        isso_server.write_config(path, sites, url or isso_server.LOCAL_ISSO, os.path.abspath(database),
                                 listen or isso_server.LOCAL_ISSO.rstrip("/"), force=force)
    except isso_server.IssoConfigError as error:
        raise Exit(f"isso-config: {error}", code=1)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: Isso for {', '.join(sites)}; "
          f"the admin password is in it ([admin] password)")


@task(help={"config": f"the Isso configuration (default {ISSO_CONFIG} in the project)"})
def isso(c, config=ISSO_CONFIG):
    """Run the Isso comment server for local work (127.0.0.1:8080 with the default isso.cfg); Ctrl-C stops it."""
    from sitetools import isso_server

    try:
        code = isso_server.run(Path(config) if Path(config).is_absolute() else ROOT / config)
    except isso_server.IssoConfigError as error:
        raise Exit(f"isso: {error}", code=1)
    if code:
        raise Exit(code=code)


@task(help={"config": f"the Isso configuration whose database receives the threads (default {ISSO_CONFIG})"})
def isso_export(c, config=ISSO_CONFIG):
    """Put the archived threads into Isso (each under its article's /slug/), so readers can reply; safe to re-run."""
    from archived_comments import isso_export as exporter

    site = _site(c)
    code = exporter.main(site.settings, site.contents, site.comment_import(new_comments=False),
                         str(Path(config) if Path(config).is_absolute() else ROOT / config))
    if code:
        raise Exit(code=code)


# Publishing (README "Publishing"); the logic is in sitetools/deploy.py.
TARGET_FLAGS = {
    "host": "the server (default: deploy.host in invoke.yaml, or INVOKE_DEPLOY_HOST)",
    "port": "its SSH port (deploy.port, INVOKE_DEPLOY_PORT)",
    "user": "the SSH user (deploy.user, INVOKE_DEPLOY_USER)",
    "path": "the site's folder on the server (deploy.path, INVOKE_DEPLOY_PATH)",
    "identity": "a private key file (deploy.identity, INVOKE_DEPLOY_IDENTITY)",
    "ssh-options": "extra ssh arguments (deploy.ssh_options, INVOKE_DEPLOY_SSH_OPTIONS)",
    "rsync-options": "extra rsync arguments (deploy.rsync_options, INVOKE_DEPLOY_RSYNC_OPTIONS)",
    "keep": "releases kept on the server (deploy.keep, INVOKE_DEPLOY_KEEP; default 5)",
}


def _target(c, **flags):
    from sitetools import deploy

    return deploy.target_from_config(c.config.get("deploy") or {}, **flags)


@task(
    auto_shortflags=False,
    help={
        "dry-run": "build and show what would change on the server; change nothing",
        "force": "deploy even a build `invoke check` finds errors in, an empty one, or one with fewer than half "
                 "the live site's files",
        **TARGET_FLAGS,
    },
)
def publish(c, dry_run=False, force=False, host=None, port=None, user=None, path=None, identity=None,
            ssh_options=None, rsync_options=None, keep=None):
    """Production build (publishconf.py), checked, uploaded over SSH as a new release, then made live at once."""
    from sitetools import deploy

    flags = dict(host=host, port=port, user=user, path=path, identity=identity, ssh_options=ssh_options,
                 rsync_options=rsync_options, keep=keep)
    try:
        deploy.publish(ROOT, _cfg(c).publish_settings, _target(c, **flags), dry_run=dry_run, force=force)
    except deploy.DeployError as error:
        raise Exit(f"publish: {error}", code=1)


@task(auto_shortflags=False, help=TARGET_FLAGS)
def releases(c, host=None, port=None, user=None, path=None, identity=None, ssh_options=None, rsync_options=None,
             keep=None):
    """List the releases on the server: time, build id, files, and which one is live."""
    from sitetools import deploy

    try:
        target = _target(c, host=host, port=port, user=user, path=path, identity=identity, ssh_options=ssh_options,
                         rsync_options=rsync_options, keep=keep)
        print(deploy.format_releases(deploy.releases(target), target))
    except deploy.DeployError as error:
        raise Exit(f"releases: {error}", code=1)


class ReleaseFlagTask(Task):
    """A task whose --release flag also has the short form -r (the others have none: -h is invoke's --help).

    invoke cannot make an argument optional and positional (pyinvoke/invoke#159): it fills a positional one only
    while it has no value, and fails when a positional one got none; so `invoke rollback NAME` cannot mean
    `--release NAME`, and `-r NAME` is the shortest form."""

    def arg_opts(self, name, default, taken_names):
        opts = super().arg_opts(name, default, taken_names)
        if name == "release":
            opts["names"].append("r")
        return opts


@task(
    klass=ReleaseFlagTask,
    auto_shortflags=False,
    help={"release": "the release to make live (its name, or a unique part of it such as its build hash; "
                     "default: the one before the live one)", **TARGET_FLAGS},
)
def rollback(c, release="", host=None, port=None, user=None, path=None, identity=None, ssh_options=None,
             rsync_options=None, keep=None):
    """Make the previous release (or -r/--release NAME) live again, atomically; nothing is rebuilt."""
    from sitetools import deploy

    try:
        target = _target(c, host=host, port=port, user=user, path=path, identity=identity, ssh_options=ssh_options,
                         rsync_options=rsync_options, keep=keep)
        deploy.rollback(target, release)
    except deploy.DeployError as error:
        raise Exit(f"rollback: {error}", code=1)


@task(
    auto_shortflags=False,
    help={
        "remote": "git remote name or URL (default: gh_pages.remote in invoke.yaml, or INVOKE_GH_PAGES_REMOTE)",
        "branch": "branch to commit the site to (gh_pages.branch, INVOKE_GH_PAGES_BRANCH)",
        "cname": "custom domain written to CNAME (gh_pages.cname, INVOKE_GH_PAGES_CNAME)",
        "force": "publish even a build `invoke check` finds errors in, an empty one, or one with fewer than half "
                 "the live branch's files",
    },
)
def gh_pages(c, remote=None, branch=None, cname=None, force=False):
    """Production build (publishconf.py), checked, committed to gh-pages with ghp-import and pushed."""
    from sitetools import deploy

    cfg = c.config.get("gh_pages") or {}
    try:
        deploy.publish_gh_pages(
            ROOT,
            _cfg(c).publish_settings,
            remote if remote is not None else cfg.get("remote", "origin"),
            branch if branch is not None else cfg.get("branch", "gh-pages"),
            cname if cname is not None else (cfg.get("cname") or ""),
            force=force,
        )
    except deploy.DeployError as error:
        raise Exit(f"gh-pages: {error}", code=1)


@task(
    help={
        "posts": "posts in the synthetic blog (default 1000)",
        "comments": "archived comments spread over them (default 20000)",
        "runs": "runs per measurement; the median is reported (default 5)",
        "json": "where to write the figures (default benchmarks/results.json)",
        "chain": "sizes of the page whose every comment nests in the previous one (default 500,1000,2500,5000)",
    }
)
def bench(c, posts=1000, comments=20000, runs=5, json="benchmarks/results.json", chain="500,1000,2500,5000"):
    """Benchmark builds and the comment import on a synthetic blog; prints a table, writes JSON."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--posts", str(posts), "--comments",
           str(comments), "--runs", str(runs), "--json", json, "--chain", chain]
    c.run(shlex.join(cmd), pty=False)
