"""Writing the redirect table into a built site: redirect pages and server rules (plain functions)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import pages, servers, settings as defaults
from . import table as table_module

log = logging.getLogger(__name__)


@dataclass
class Written:
    pages: list[str] = field(default_factory=list)  # output-relative files
    files: list[str] = field(default_factory=list)  # server rule files
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (old, why)
    problems: list[str] = field(default_factory=list)


def _target_file(output: Path, new: str) -> Path | None:
    """The built file a new site path names (None: another host, or not checked)."""
    if not new.startswith("/"):
        return None
    path = new.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    candidate = output / path
    if not path or path.endswith("/"):
        return candidate / "index.html"
    return candidate if not candidate.is_dir() else candidate / "index.html"


def write_redirects(output_path: str | Path, content_path: str | Path, settings: dict) -> Written:
    """Every redirect of the table under ``content_path`` into the built site at ``output_path``."""
    output = Path(output_path)
    done = Written()
    table_path = Path(content_path) / defaults.get(settings, "OLD_URLS_TABLE")
    table = table_module.read(table_path)
    done.problems.extend(table.problems)
    siteurl = "" if settings.get("RELATIVE_URLS") else (settings.get("SITEURL") or "")
    live: list[table_module.Redirect] = []
    for redirect in table.redirects:
        file = pages.file_for(redirect.old) if not redirect.is_query else None
        real = output / file if file else None
        if real is not None and not real.resolve().is_relative_to(output.resolve()):
            done.problems.append(f"{redirect.old!r}: outside the site's folder: no redirect page")
            continue
        if real is not None and real.is_file() and not pages.is_ours(real):
            done.skipped.append((redirect.old, f"the site has a page there ({file}): no redirect"))
            continue
        target = _target_file(output, redirect.new)
        if target is not None and not target.is_file():
            done.skipped.append((redirect.old, f"{redirect.new} is not in this build: no redirect"))
            continue
        live.append(redirect)
        if file is None or not defaults.get(settings, "OLD_URLS_PAGES"):
            continue
        link, canonical = pages.href(redirect.new, file, siteurl)
        real.parent.mkdir(parents=True, exist_ok=True)
        text = pages.page(link, canonical, settings.get("DEFAULT_LANG") or "en")
        if not real.is_file() or real.read_text(encoding="utf-8", errors="replace") != text:
            real.write_text(text, encoding="utf-8")
        done.pages.append(file)
    public = settings.get("SITEURL") or ""
    for name, render in (("OLD_URLS_NGINX", servers.nginx), ("OLD_URLS_APACHE", servers.apache),
                         ("OLD_URLS_NETLIFY", servers.netlify)):
        target = defaults.get(settings, name)
        if not target or not table.redirects and not table_path.is_file():
            continue
        path = output / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(live, public if public.startswith("http") else ""), encoding="utf-8")
        done.files.append(target)
    return done


def finalized(pelican) -> None:
    """Pelican's finalized signal: the table into the output, problems and skips logged."""
    done = write_redirects(pelican.output_path, pelican.settings["PATH"], pelican.settings)
    for problem in done.problems:
        log.warning("old_urls: %s", problem)
    for old, why in done.skipped:
        log.info("old_urls: %s: %s", old, why)
    if done.pages or done.files:
        log.info("old_urls: %d redirect page(s), %s", len(done.pages), ", ".join(done.files) or "no server rules")
