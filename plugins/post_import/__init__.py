"""Bringing the old WordPress blog's posts, pages and author bio over as Markdown (``invoke import-posts``).

Plain functions, not a Pelican plugin: ``pipeline.import_posts(paths, content, settings=…)`` does the
whole import; ``cli.main`` is the invoke task.  Sources are the comment import's (a WXR export, saved
pages, Wayback captures) and are read with its functions, so an imported post's slug is the old
post name its archived comments are matched by.
"""
