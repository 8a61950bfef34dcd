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

The sections a build does not find are rendered in forked processes where there are many
(``SectionRenderer.sections``): a fork shares the environment, the context and the threads, and what
comes back is what a cache entry holds.  A build hands them all over and goes on writing its pages;
a section's HTML waits for its own batch when a page first reads it, and the cache is saved at
``finalized``.

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
import multiprocessing
import os
import pickle
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from siteconf.batching import in_runs

from .cache import UNREADABLE, kept_entries, write_atomically
from .collector import collector_paused
from .display import CommentSection, DisplayOptions
from .import_cache import CODE_VERSION, ThreadsOnDemand
from .model import Thread
from .recent import newest_keys
from .spool import Spool, read_answer, write_answer
from .structured import visible_comments_json
from .stable_hash import canonical, stable_digest

logger = logging.getLogger(__name__)

SECTION_TEMPLATE = "partials/comment_section.html"
STORE_NAME = "sections.pickle"
_FORMAT = 4  # 3: a header, then each entry pickled on its own (KeyedStore.save); 4: JSON-LD as text
# What else is made of a section's visible comments and kept with its HTML: name → function of
# ``CommentSection.comments()`` (read through ``CommentSection.derived_value``).
DERIVED = {"json_ld": visible_comments_json, "newest": newest_keys}
# Below this many comments to render, forking processes costs more than it saves (about 0.1 ms a comment).
MIN_PARALLEL_COMMENTS = 2_000
# At most about this many comments' sections in one answer of a render process (see _render_parallel).
RETURN_COMMENTS = 500
# What a forked render process renders from: (the renderer, its (section, key) list), set while it runs.
_FORKED: tuple | None = None


def _render_share(indexes: list[int], answer: str) -> str:
    """In a forked process: the rendered HTML, count and derived values of the ``indexes`` sections,
    as a list, pickled into the spool file ``answer``."""
    renderer, todo = _FORKED
    return write_answer(answer, pickle.dumps([renderer._render(*todo[index]) for index in indexes],
                                             protocol=pickle.HIGHEST_PROTOCOL))


def _fingerprint(digests) -> str:
    """A section's fingerprint: its threads' digests (or what makes them) in one."""
    return stable_digest(digests() if callable(digests) else digests)


def _sizes(todo: list) -> list[int]:
    """Each (section, key) of ``todo``'s weight: its comments, and one for the section itself."""
    return [sum(len(t.comments) for t in section.threads) + 1 for section, _ in todo]


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


class LaterKey:
    """A store's key that is made when first needed (``make``), from what may not be known yet."""

    __slots__ = ("_make", "_key")

    def __init__(self, make):
        self._make, self._key = make, None

    def make(self) -> str:
        if self._key is None:
            self._key, self._make = self._make(), None
        return self._key


class KeyedStore:
    """Key → a picklable value in one file (``name`` in ``folder``), read at the first ``get``, written
    by ``save`` when it changed; ``None`` folder: nothing kept."""

    def __init__(self, folder: str | None, name: str = STORE_NAME):
        self.path = Path(folder) / name if folder else None
        self._old: dict | None = None
        self._used: dict = {}
        self._later: list[tuple[LaterKey, object]] = []  # put under a key made at ``save``
        self._new = False
        self.hits = self.puts = 0

    def _load(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.path is not None:
                try:
                    with open(self.path, "rb") as handle, collector_paused():
                        header = pickle.load(handle)
                        if isinstance(header, dict) and header.get("format") == _FORMAT:
                            self._old = dict(pickle.load(handle) for _ in range(header["entries"]))
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

    def empty(self) -> bool:
        """Whether the store holds nothing to find (a first build): then nothing needs its key to be
        looked up, and an entry can be put under a ``LaterKey``."""
        return not self._load() and not self._used

    def put(self, key: "str | LaterKey", value) -> None:
        if isinstance(key, LaterKey):
            self._later.append((key, value))
        else:
            self._used[key] = value
        self._new = True
        self.puts += 1

    def save(self) -> None:
        """Keep this build's entries, and older ones while they are no more (``cache.kept_entries``)."""
        if self.path is None:
            return
        for key, value in self._later:
            self._used[key.make()] = value
        self._later = []
        old = self._load()
        kept = kept_entries(old, self._used)
        if not self._new and kept.keys() == old.keys():
            return

        def write(handle):
            # Each entry pickled on its own: one pickle of them all remembers every object it wrote
            # until the end (20,000 comments: about 20 MB more at the build's peak, for a few tenths of a second).
            pickle.dump({"format": _FORMAT, "entries": len(kept)}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            for item in kept.items():
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            write_atomically(self.path, write)
        except OSError as error:
            logger.debug("the comment cache cannot be written in %s (%s)", self.path, error)


def _markup(html: str) -> Markup:
    """The section's HTML as Markup, one string: ``Markup(text)`` copies the text, and the store keeps
    the Markup itself (20,000 comments: 14 MB of HTML, which a build held twice until the store was saved)."""
    return html if type(html) is Markup else Markup(html)


class SectionRenderer:
    """Each article's section through the theme's partial, from the cache where the key matches."""

    def __init__(self, env: jinja2.Environment, context: dict, settings: dict, folder: str | None):
        self.env, self.context = env, context
        self.options = DisplayOptions.from_settings(settings)
        self.store = KeyedStore(folder)
        self.folder = folder
        self.salt = None
        self.rendered = self.reused = 0
        # The background processes' batches (``_render_in_background``): [indexes into ``_todo``, future].
        self._batches: list[list] = []
        self._todo: list = []
        self._pool = self._spool = None
        self._pid = os.getpid()
        # Whether the theme has the partial: its source, not its compiled template, which only a section
        # the cache does not hold needs (``template``; 400 posts, a warm build: 20 ms compiling it for nothing).
        try:
            env.loader.get_source(env, SECTION_TEMPLATE)
            self.has_template = True
        except jinja2.TemplateNotFound:
            self.has_template = False  # a theme of its own renders article.comment_section itself
        if folder and self.has_template:
            try:
                self.salt = template_salt(env, SECTION_TEMPLATE, context, self.options)
            except Uncacheable as why:
                logger.info("Comment sections are rendered uncached: %s", why)

    @functools.cached_property
    def template(self) -> jinja2.Template:
        return self.env.get_template(SECTION_TEMPLATE)

    def sections(self, items: list[tuple[list[Thread], list[str] | None]], workers: int = 0,
                 min_comments: int = MIN_PARALLEL_COMMENTS, in_background: bool = False) -> list:
        """Each (threads, digests) of ``items`` (one article's threads; the threads' digests, None: no cache)
        as a section with its ``html``, None without threads.  The sections the cache does not hold are
        rendered here and, with ``workers`` and at least ``min_comments`` comments among them,
        in that many forked processes at once (the partial's output depends only on the section and
        the context, which a fork shares): the HTML, count and derived values come back as a cached
        entry would.

        ``in_background``: those processes render all of them, in ``items``' order, while this one
        goes on; a section's ``html`` (or derived value) waits for its own batch when first read, and
        ``save`` for them all (a cold build: Pelican writes the pages in that order meanwhile)."""
        prepared = [self._prepare(threads, digests) for threads, digests in items]
        todo = [(section, key) for section, key, rendered in filter(None, prepared) if not rendered]
        if workers > 0 and todo and sum(len(t.comments) for section, _ in todo for t in section.threads) >= min_comments:
            if in_background and self._render_in_background(todo, workers):
                return [item[0] if item is not None else None for item in prepared]
            self._render_parallel(todo, workers)
        for section, key in todo:
            if section.html is None:  # not rendered by another process
                self._finish(section, key, self._render(section, key))
        return [item[0] if item is not None else None for item in prepared]

    def _prepare(self, threads: list[Thread], digests: list[str] | None):
        """(section, key, whether it needs no rendering): its ``html`` set where the cache holds it;
        None without threads."""
        if not threads:
            return None
        # Threads read from the import cache on demand stay so (a section taken from the cache reads none).
        section = CommentSection(threads=threads if isinstance(threads, ThreadsOnDemand) else list(threads),
                                 options=self.options)
        if self.folder and callable(digests) and self.store.empty():
            # A first build: no section to find, so none needs its key now.  The threads' digests
            # (0.5 s of 20,000 comments, made where the import cache is written) are asked for only when
            # something is kept under them: the section at ``save``, the feeds and search pages.
            section.fingerprint_later = functools.partial(_fingerprint, digests)
            later = LaterKey(functools.partial(self._key, digests)) if self.salt and self.has_template else None
            return section, later, not self.has_template
        if callable(digests):
            digests = digests()
        if self.folder and digests is not None:
            section.fingerprint = _fingerprint(digests)
        if not self.has_template:
            return section, None, True  # a theme of its own renders article.comment_section itself
        key = self._key(digests) if self.salt and digests is not None else None
        entry = self.store.get(key) if key else None
        if entry is not None:
            html, section.__dict__["count"], derived = entry  # count: a cached_property, known without the tree
            section.derived.update(derived)
            section.html = _markup(html)
            self.reused += 1
        return section, key, entry is not None

    def _key(self, digests) -> str:
        """The section's key: the templates' salt and its threads' digests (or what makes them)."""
        digests = digests() if callable(digests) else digests
        return hashlib.sha256("\0".join([self.salt, *digests]).encode()).hexdigest()

    def _render(self, section: CommentSection, key: str | None) -> tuple[str, int, dict | None]:
        """The partial's HTML for ``section``, its count, and (when it is kept) the derived values."""
        html = str(self.template.render({**self.context, "section": section}))
        derived = {name: section.derived_value(name, make) for name, make in DERIVED.items()} if key else None
        return html, section.count, derived

    def _finish(self, section: CommentSection, key: str | None, rendered: tuple[str, int, dict | None]) -> None:
        html, count, derived = rendered
        # What the partial read (the reader's tree of views and avatars, the copies of the comments in
        # it) is not kept once the HTML is made: the page is written from ``html``, and ``comments()``
        # copies the comments again where asked (20,000 comments: about 10 MB less at the build's peak).
        for view in ("tree", "roots", "mention_views"):
            section.__dict__.pop(view, None)
        section.__dict__["count"] = count
        if derived is not None:
            section.derived.update(derived)
        self.rendered += 1
        section.html = _markup(html)
        if key:
            self.store.put(key, (section.html, count, derived))

    def _render_parallel(self, todo: list, workers: int) -> None:
        """Render ``todo``'s sections in ``workers`` forked processes and here, biggest first onto the
        least loaded; what a process fails to return is rendered here."""
        sizes = _sizes(todo)
        shares = [[] for _ in range(workers + 1)]
        loads = [0] * (workers + 1)
        for index in sorted(range(len(todo)), key=lambda i: -sizes[i]):
            least = loads.index(min(loads))
            shares[least].append(index)
            loads[least] += sizes[index]
        if not self._hand_over(todo, [index for share in shares[1:] for index in share], sizes, workers):
            return  # no process: ``sections`` renders them all here
        for index in shares[0]:
            self._finish(todo[index][0], todo[index][1], self._render(*todo[index]))
        self.finish()

    def _render_in_background(self, todo: list, workers: int) -> bool:
        """``todo``'s sections handed to ``workers`` forked processes, in order, while this one goes on;
        False where no process could be started (nothing handed over)."""
        return self._hand_over(todo, list(range(len(todo))), _sizes(todo), workers)

    def _hand_over(self, todo: list, indexes: list[int], sizes: list[int], workers: int) -> bool:
        """``todo[i]`` for each of ``indexes`` submitted to ``workers`` forked processes, in that order,
        and each section's ``pending`` set to collect its batch (``_collect``); False where no process
        could be started (nothing handed over)."""
        global _FORKED
        # The processes' sections come back a few hundred comments at a time (each answer a spool
        # file): one answer of them all was held whole while its sections took their HTML from it
        # (10,000 comments: about 16 MB more at the build's peak).
        chunks = list(in_runs(indexes, sizes.__getitem__, RETURN_COMMENTS))
        self.template  # compiled once, before the fork: each process would compile it again
        _FORKED = (self, todo)
        try:
            self._spool = Spool()
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
            self._batches = [[chunk, self._pool.submit(_render_share, chunk, self._spool.new_answer())]
                             for chunk in chunks]
        except OSError as error:  # no process could be started, or no spool made: all of it here
            logger.debug("no comment section process could be started (%s)", error)
            self._batches = []
            self._close_background()
            return False
        self._todo = todo
        for position, (chunk, _) in enumerate(self._batches):
            collect = functools.partial(self._collect, position)
            for index in chunk:
                todo[index][0].pending = collect
        return True

    def _collect(self, position: int) -> None:
        """Batch ``position`` of the background processes' sections: their HTML, count and derived
        values set (rendered here where the process failed)."""
        if os.getpid() != self._pid:
            return  # a process forked from this one (the search index's) has no batches to wait for
        batch = self._batches[position]
        chunk, future = batch
        if future is None:
            return
        batch[1] = None
        for index in chunk:
            self._todo[index][0].pending = None
        try:
            [results] = read_answer(future.result(), 1)
        except Exception as error:  # a process that died: its sections are rendered here
            logger.debug("a comment section process failed (%s): rendered in this one", error)
            results = [self._render(*self._todo[index]) for index in chunk]
        for place, index in enumerate(chunk):
            self._finish(self._todo[index][0], self._todo[index][1], results[place])
            results[place] = None  # its HTML is the section's Markup now: not held twice
        if all(future is None for _, future in self._batches):
            self._close_background()

    def _close_background(self) -> None:
        global _FORKED
        pool, spool = self._pool, self._spool
        self._pool = self._spool = None
        _FORKED = None
        if pool is not None:
            pool.shutdown(wait=True)
        if spool is not None:
            spool.close()

    def finish(self) -> None:
        """Every section the background processes render collected (see ``sections``)."""
        for position in range(len(self._batches)):
            self._collect(position)
        self._batches = []
        self._close_background()

    def save(self) -> None:
        self.finish()
        self.store.save()
        logger.debug("Archived comments: %d comment section(s) rendered, %d from the cache", self.rendered, self.reused)
