"""Each article's comment section, rendered once and kept until what it shows changes.

The theme's ``partials/comment_section.html`` renders one section (it sees ``section`` and the
site's context, rendered once per section, not per page); ``partials/comments.html`` places the
result. A section is kept in Pelican's cache folder (``sections.pickle``: key → the HTML and the
comment count, and what the pages, feeds and lists besides it take from the same visible comments:
the JSON-LD data, each comment's place in the recent-comments order — ``DERIVED``) under a key made of:

- the content of its threads (``stable_hash.thread_digest``, computed with the import cache);
- the display settings (``DisplayOptions``: mentions, depth, collapse, the zone);
- the templates: the partial's source and every template it includes, the Jinja environment's
  options, the filters and tests they use (by their code and state, e.g. ``strftime``'s locale),
  the values of the context variables they read (``COMMENTS_DATE_FORMAT`` …), the plugin's code
  and Jinja's version.

A partial that reads something this cannot see into (an include by a computed name, a variable
holding Pelican objects) is rendered for every build, uncached.

``KeyedStore`` is the one file format of both this cache and the article comment feeds' (``feeds.pickle``,
see ``output.py``); a section's ``fingerprint`` (its threads' digests) is what those keys start from.
"""

from __future__ import annotations

import functools
import hashlib
import locale
import logging
import pickle
import sys
import types
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from .cache import UNREADABLE, load_pickle, write_atomically
from .display import CommentSection, DisplayOptions
from .import_cache import CODE_VERSION
from .model import Thread
from .recent import newest_keys
from .structured import visible_comments_data
from .stable_hash import canonical, stable_digest

logger = logging.getLogger(__name__)

SECTION_TEMPLATE = "partials/comment_section.html"
STORE_NAME = "sections.pickle"
_FORMAT = 2
# What else is made of a section's visible comments and kept with its HTML: name → function of
# ``CommentSection.comments()`` (read through ``CommentSection.derived_value``).
DERIVED = {"json_ld": visible_comments_data, "newest": newest_keys}


def _file_sha(module_name: str | None) -> str | None:
    module = sys.modules.get(module_name or "")
    path = getattr(module, "__file__", None)
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except OSError:
        return None


def callable_identity(obj) -> tuple:
    """What decides a filter's or test's output: its code (module file), its bound arguments,
    closure and state. Raises TypeError for state it cannot see into."""
    parts = []
    while isinstance(obj, functools.partial):
        parts.append(("partial", canonical(obj.args), canonical(obj.keywords)))
        obj = obj.func
    plain = isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type))
    kind = obj if plain else type(obj)
    module = getattr(kind, "__module__", None)
    parts.append((module, getattr(kind, "__qualname__", repr(kind)), _file_sha(module)))
    if isinstance(obj, types.FunctionType):
        cells = [cell.cell_contents for cell in obj.__closure__ or ()]
        parts.append(("closure", canonical(cells), canonical(obj.__defaults__ or ())))
    elif not plain and hasattr(obj, "__dict__"):
        parts.append(("state", canonical(vars(obj))))
    return tuple(parts)


class Uncacheable(Exception):
    """The partial depends on something no key can capture."""


def template_salt(env: jinja2.Environment, name: str, context: dict, options: DisplayOptions) -> str:
    """The part of every section's key that is not its threads (see the module docstring)."""
    sources, filters, tests, variables = [], set(), set(), set()
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)
        tree = env.parse(source)
        sources.append((current, source))
        for included in meta.find_referenced_templates(tree):
            if included is None:
                raise Uncacheable(f"{current} includes a template by a computed name")
            todo.append(included)
        filters.update(node.name for node in tree.find_all(nodes.Filter))
        tests.update(node.name for node in tree.find_all(nodes.Test))
        variables.update(meta.find_undeclared_variables(tree))
    variables.discard("section")
    try:
        values = {
            variable: canonical(context[variable]) if variable in context
            else ("global", callable_identity(env.globals[variable]) if callable(env.globals[variable])
                  else canonical(env.globals[variable])) if variable in env.globals
            else None
            for variable in sorted(variables)
        }
        used = {
            "filters": {f: callable_identity(env.filters[f]) if f in env.filters else None for f in sorted(filters)},
            "tests": {t: callable_identity(env.tests[t]) if t in env.tests else None for t in sorted(tests)},
            "autoescape": callable_identity(env.autoescape) if callable(env.autoescape) else env.autoescape,
            "finalize": callable_identity(env.finalize) if env.finalize else None,
        }
    except TypeError as error:
        raise Uncacheable(str(error)) from error
    environment = (env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
                   env.block_start_string, env.variable_start_string, env.comment_start_string,
                   env.line_statement_prefix, env.line_comment_prefix, sorted(env.extensions))
    return stable_digest(_FORMAT, CODE_VERSION, jinja2.__version__, locale.setlocale(locale.LC_TIME),
                         options, environment, sorted(sources), values, used)


class KeyedStore:
    """Key → a picklable value in one file (``name`` in ``folder``), read at the first ``get``, written
    by ``save`` when it changed; ``None`` folder: nothing kept."""

    def __init__(self, folder: str | None, name: str = STORE_NAME):
        self.path = Path(folder) / name if folder else None
        self._old: dict | None = None
        self._used: dict = {}
        self._new = False
        self.hits = self.puts = 0

    def _load(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.path is not None:
                try:
                    with open(self.path, "rb") as handle:
                        stored = load_pickle(handle)
                    if isinstance(stored, dict) and stored.get("format") == _FORMAT:
                        self._old = stored["entries"]
                except UNREADABLE:
                    pass
        return self._old

    def get(self, key: str):
        entry = self._used.get(key)
        if entry is None:
            entry = self._load().get(key)
        if entry is not None:
            self._used[key] = entry
            self.hits += 1
        return entry

    def put(self, key: str, value) -> None:
        self._used[key] = value
        self._new = True
        self.puts += 1

    def save(self) -> None:
        """Keep this build's entries; older ones only while they are no more than those (builds of two
        settings files, e.g. local and production, share the file without it growing)."""
        if self.path is None:
            return
        old = self._load()
        unused = {key: entry for key, entry in old.items() if key not in self._used}
        if not self._new and (not unused or len(unused) <= len(self._used)):
            return
        kept = dict(unused) if len(unused) <= len(self._used) else {}
        kept.update(self._used)
        try:
            write_atomically(self.path, lambda handle: pickle.dump(
                {"format": _FORMAT, "entries": kept}, handle, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            logger.debug("the comment cache cannot be written in %s (%s)", self.path, error)


class SectionRenderer:
    """Each article's section through the theme's partial, from the cache where the key matches."""

    def __init__(self, env: jinja2.Environment, context: dict, settings: dict, folder: str | None):
        self.env, self.context = env, context
        self.options = DisplayOptions.from_settings(settings)
        self.store = KeyedStore(folder)
        self.folder = folder
        self.salt = None
        self.rendered = self.reused = 0
        try:
            self.template = env.get_template(SECTION_TEMPLATE)
        except jinja2.TemplateNotFound:
            self.template = None  # a theme of its own renders article.comment_section itself
        if folder and self.template is not None:
            try:
                self.salt = template_salt(env, SECTION_TEMPLATE, context, self.options)
            except Uncacheable as why:
                logger.info("Comment sections are rendered uncached: %s", why)

    def section(self, threads: list[Thread], digests: list[str] | None) -> CommentSection | None:
        """``threads`` (one article's) as a section with its ``html``; ``digests``: the threads' (None: no cache)."""
        if not threads:
            return None
        section = CommentSection(threads=list(threads), options=self.options)
        if self.folder and digests is not None:
            section.fingerprint = stable_digest(digests)
        if self.template is None:
            return section
        key = None
        if self.salt and digests is not None:
            key = hashlib.sha256("\0".join([self.salt, *digests]).encode()).hexdigest()
        entry = self.store.get(key) if key else None
        if entry is not None:
            html, section.__dict__["count"], derived = entry  # count: a cached_property, known without the tree
            section.derived.update(derived)
            self.reused += 1
        else:
            html = self.template.render({**self.context, "section": section})
            self.rendered += 1
            if key:
                derived = {name: section.derived_value(name, make) for name, make in DERIVED.items()}
                self.store.put(key, (str(html), section.count, derived))
        section.html = Markup(html)
        return section

    def save(self) -> None:
        self.store.save()
        logger.debug("Archived comments: %d comment section(s) rendered, %d from the cache", self.rendered, self.reused)
