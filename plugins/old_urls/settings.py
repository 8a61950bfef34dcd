"""The old_urls plugin's settings and their defaults (README "Moving from WordPress" documents them)."""

DEFAULTS = {
    # The redirect table, relative to the content folder (PATH); `invoke import-posts` writes it.
    "OLD_URLS_TABLE": "redirects.toml",
    # A redirect page (meta refresh, canonical link, a plain link, noindex) at every old path.
    "OLD_URLS_PAGES": True,
    # Server rules written into the output ("" or None: not written).
    "OLD_URLS_NGINX": "nginx-redirects.conf",  # `include` it in the site's server { } block
    "OLD_URLS_APACHE": ".htaccess",
    "OLD_URLS_NETLIFY": "_redirects",  # Netlify and Cloudflare Pages
}


def get(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])
