"""Server rules from the redirect table: real 301s on nginx, Apache and Netlify/Cloudflare Pages.

* nginx: an include for the site's ``server { }`` block: ``rewrite`` for paths (with or without the
  trailing slash), ``if ($arg_p = …)`` + ``return 301`` for ``/?p=N`` and ``/?page_id=N``, and
  ``…/comment-page-N/`` sent to the page's ``#comments``.
* Apache: ``.htaccess`` with mod_rewrite (``[R=301,L,NE]``), the same rules.
* ``_redirects`` (Netlify, Cloudflare Pages): one line per path; query keys are left to real servers.
"""

from __future__ import annotations

import re

from .pages import encode
from .table import Redirect

_PCRE_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")


def _regex(path: str) -> str:
    return _PCRE_SPECIAL.sub(r"\\\1", path)


def _target(new: str, siteurl: str) -> str:
    new = encode(new)
    return siteurl.rstrip("/") + new if siteurl and new.startswith("/") else new


def nginx(redirects: list[Redirect], siteurl: str = "") -> str:
    lines = ["# Old WordPress URLs -> their new place (plugin old_urls, from the redirect table).",
             "# Put `include /path/to/this/file;` inside the site's server { } block.", ""]
    queries = [r for r in redirects if r.is_query]
    for r in queries:
        name, _, value = r.old[2:].partition("=")
        lines.append(f'if ($arg_{name} = "{value}") {{ return 301 "{_target(r.new, siteurl)}"; }}')
    lines.append('rewrite "^(/.*/)comment-page-[0-9]+/?$" "$1#comments" permanent;')
    for r in redirects:
        if r.is_query:
            continue
        base = r.old.rstrip("/") or "/"
        pattern = "^" + _regex(base) + ("/?$" if r.old.endswith("/") and base != "/" else "$")
        lines.append(f'rewrite "{pattern}" "{_target(r.new, siteurl)}?" permanent;')
    return "\n".join(lines) + "\n"


def apache(redirects: list[Redirect], siteurl: str = "") -> str:
    lines = ["# Old WordPress URLs -> their new place (plugin old_urls, from the redirect table).",
             "RewriteEngine On"]
    for r in redirects:
        if not r.is_query:
            continue
        lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_regex(r.old[2:])}$")
        lines.append(f"RewriteRule ^$ {_target(r.new, siteurl)} [R=301,L,NE,QSD]")
    lines.append("RewriteRule ^(.*/)comment-page-[0-9]+/?$ /$1#comments [R=301,L,NE]")
    for r in redirects:
        if r.is_query:
            continue
        base = r.old.strip("/")
        if not base:
            continue
        pattern = "^" + _regex(base).replace(" ", "\\ ") + ("/?$" if r.old.endswith("/") else "$")
        lines.append(f"RewriteRule {pattern} {_target(r.new, siteurl)} [R=301,L,NE]")
    return "\n".join(lines) + "\n"


def netlify(redirects: list[Redirect], siteurl: str = "") -> str:
    lines = ["# Old WordPress URLs -> their new place (plugin old_urls). /?p=N is answered by nginx/Apache only."]
    for r in redirects:
        if not r.is_query:
            lines.append(f"{encode(r.old)} {encode(r.new)} 301")
    return "\n".join(lines) + "\n"
