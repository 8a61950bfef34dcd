"""What every plugin and tool of the site reads from Pelican's settings, decided once.

- :mod:`siteconf.plugin`: a plugin's settings as a frozen dataclass, its defaults in one place,
  read with the plugin's prefix (``COMMENTS_…``, ``OLD_URLS_…``);
- :mod:`siteconf.archives`: where the archived sources lie and which files there are not archives (``COMMENTS_PATH``,
  ``COMMENTS_IGNORE``), for the comment import and the post import alike;
- :mod:`siteconf.zone`: the site's time zone (``TIMEZONE``, UTC when unset, as Pelican assumes);
- :mod:`siteconf.urls`: the addresses the build itself uses, which no post may take, and ``site_url``
  (a path of the site as a URL);
- :mod:`siteconf.text`: plain text, word counts and excerpts of HTML fragments;
- :mod:`siteconf.hooks`: the signals through which one plugin adds to another's output (JSON-LD).

A library, not a plugin: each plugin imports it and builds without the others.
"""
