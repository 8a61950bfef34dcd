"""The Content-Security-Policy every page carries in a ``<meta http-equiv>``.

Pages run no inline script and no inline style; the only script on the site is
the search page's (Pagefind's own files and ours, from this site), and Pagefind
compiles WebAssembly, hence ``'wasm-unsafe-eval'``.  The JSON-LD block is data
(``type="application/ld+json"``), which a policy does not govern.  The
newsletter form posts to the provider, so its origin joins ``form-action``.
With ``COMMENTS_ISSO_URL`` (new comments, README "New comments"), the author's
Isso server's origin joins ``script-src`` (its client), ``style-src`` (its
stylesheet) and ``connect-src`` (the client's requests), and nothing else does.

``frame-ancestors``, ``report-uri`` and ``sandbox`` are left out: a browser
ignores them in a ``<meta>`` (and says so in the console).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .settings import CspSettings

DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


def origin(url: str | None) -> str | None:
    """``https://host[:port]`` of an http(s) URL (no user, path or query), or None."""
    parts = urlsplit((url or "").strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", host):
        return None  # nothing a policy could not hold as it is
    try:
        port = parts.port
    except ValueError:
        return None
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")


def content_security_policy(settings: dict) -> str:
    """The policy for these settings: the fixed directives, plus the newsletter provider's origin."""
    directives = {name: list(values) for name, values in DIRECTIVES}
    # Both read by name: the newsletter's and archived_comments' settings, so this builds without either plugin.
    newsletter = origin(settings.get("NEWSLETTER_ACTION"))
    if newsletter:
        directives["form-action"].append(newsletter)
    isso = origin(settings.get("COMMENTS_ISSO_URL"))
    if isso:
        directives["script-src"].append(isso)
        directives["style-src"].append(isso)
        directives["connect-src"] = ["'self'", isso]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def apply(settings: dict) -> None:
    """initialized: compute CONTENT_SECURITY_POLICY unless the settings give one ("" = none)."""
    if CspSettings.from_settings(settings).content_security_policy is None:
        settings["CONTENT_SECURITY_POLICY"] = content_security_policy(settings)


def initialize(pelican) -> None:
    apply(pelican.settings)
