/* The search page: Pagefind's UI (pagefind-ui.js and .css, which this file loads from data-bundle) on #search.
   No inline script anywhere (the Content-Security-Policy forbids it): settings come from
   data- attributes. Without JavaScript, the <noscript> #search-fallback points to the
   archives. The archived comments have an index of their own (data-comments-bundle, built by
   plugins/search/comments.py: one page per article, its comments as <article id="comment-N">),
   merged into the posts' (Pagefind's mergeIndex); a hit in a comment links to that comment's
   permalink (#comment-N). */
(function () {
  "use strict";

  var EXCERPT_WORDS = 30;
  var DATE_PATTERNS = []; // set from the page's data-date-words below
  var TITLES = {}; // the comments bundle's pages: URL -> the article's title (its titles.json)

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function isComment(anchor) {
    return anchor.element === "article" && /^comment-/.test(anchor.id);
  }

  // An excerpt of words[start, end) around the first hit in it (else from its start), each hit in <mark>
  // (words are plain text).
  function excerpt(words, start, end, hits) {
    var first = hits.filter(function (hit) { return hit >= start && hit < end; })[0];
    var centre = first === undefined ? start : first;
    var from = Math.max(start, Math.min(centre - Math.floor(EXCERPT_WORDS / 3), end - EXCERPT_WORDS));
    var to = Math.min(end, from + EXCERPT_WORDS);
    var out = [];
    for (var i = from; i < to; i++) {
      var word = escapeHtml(words[i] || "");
      out.push(hits.indexOf(i) >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > start ? "… " : "") + out.join(" ") + (to < end ? " …" : "");
  }

  // A comment's words start with its byline (the avatar is aria-hidden, so not indexed): the name, maybe
  // the "Author" badge, then the date, whose words match DATE_PATTERNS (from the page's data-date-words,
  // one pattern per word of COMMENTS_DATE_FORMAT), or "Permalink" when it has none. Returns
  // {name, date, start}: the byline read back, and where the comment's own text begins.
  function dateAt(words, k) {
    for (var i = 0; i < DATE_PATTERNS.length; i++) {
      if (!DATE_PATTERNS[i].test(words[k + i] || "")) { return false; }
    }
    return DATE_PATTERNS.length > 0;
  }

  function readByline(words, at, end) {
    for (var k = at + 1; k < Math.min(end, at + 12); k++) {
      var dated = dateAt(words, k);
      if (dated || words[k] === "Permalink") {
        var nameEnd = words[k - 1] === "Author" && k - 1 > at ? k - 1 : k;
        var after = k + (dated ? DATE_PATTERNS.length : 1);
        if (after < end) {
          return { name: words.slice(at, nameEnd).join(" "), date: dated ? words.slice(k, after).join(" ") : "", start: after };
        }
        break;
      }
    }
    return { name: "", date: "", start: at };
  }

  // Pagefind splits a page into sub-results at headings with an id; comments have no heading,
  // so the hits in each <article id="comment-N"> become a sub-result of their own here, titled
  // with the commenter's name and the date, its excerpt the comment's text only.
  function commentSubResults(result) {
    var page = result.raw_url || result.url;
    if (result.meta && !result.meta.title && Object.prototype.hasOwnProperty.call(TITLES, page)) {
      // A page of the comments bundle: titled with its article's title, from the bundle's titles.json
      // (not in the index, so that a word of a title finds the post, not its comments too).
      result.meta.title = TITLES[page];
    }
    var anchors = (result.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var comments = anchors.filter(isComment);
    if (!comments.length || !result.locations || typeof result.content !== "string") {
      return result;
    }
    var section = anchors.filter(function (a) { return a.id === "comments"; })[0] || comments[0];
    var words = result.content.split(/[\r\n\s]+/g);
    var regions = comments.map(function (anchor) {
      var next = anchors.filter(function (a) { return a.location > anchor.location; })[0];
      return { anchor: anchor, end: next ? next.location : words.length, hits: [] };
    });
    result.locations.forEach(function (location) {
      for (var i = regions.length - 1; i >= 0; i--) {
        if (location >= regions[i].anchor.location) {
          if (location < regions[i].end) {
            regions[i].hits.push(location);
          }
          return;
        }
      }
    });
    var found = regions.filter(function (r) { return r.hits.length; });
    if (!found.length) {
      return result;
    }
    found.sort(function (a, b) { return b.hits.length - a.hits.length || a.anchor.location - b.anchor.location; });
    // A page of the comments bundle holds comments only: its sub-results are the comments found.
    var kept = section.id !== "comments" ? [] : (result.sub_results || []).filter(function (sub) {
      return !sub.anchor || sub.anchor.location < section.location;
    });
    result.sub_results = kept.concat(found.map(function (r) {
      var byline = readByline(words, r.anchor.location, r.end);
      var title = byline.name ? "Comment by " + byline.name + (byline.date ? ", " + byline.date : "") : "Comment";
      return {
        title: title,
        url: result.url + "#" + r.anchor.id,
        anchor: r.anchor,
        locations: r.hits,
        excerpt: excerpt(words, byline.start, r.end, r.hits)
      };
    }));
    return result;
  }

  // Pagefind's script (120 KB) and stylesheet are fetched from here once the page is drawn, so they
  // never compete with its own files (nor hold up its first paint) on a slow line; the UI is drawn once
  // both have arrived (its box keeps its height meanwhile: nothing moves).
  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
      element.addEventListener("load", resolve);
      element.addEventListener("error", reject);
      document.head.appendChild(element);
    });
  }

  var root = document.getElementById("search");
  var bundle = root && root.getAttribute("data-bundle");
  if (!root || !bundle) {
    return; // no Pagefind here (SEARCH_INDEX off): the suggestions below stay
  }
  var commentsBundle = root.getAttribute("data-comments-bundle");
  function fetchTitles() {
    if (!commentsBundle || !window.fetch) {
      return Promise.resolve({});
    }
    return fetch(commentsBundle + "titles.json").then(function (response) {
      return response.ok ? response.json() : {};
    }).catch(function () { return {}; });
  }
  function fetchPagefind() {
    Promise.all([
      load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      load("script", { src: bundle + "pagefind-ui.js" }),
      fetchTitles()
    ]).then(function (loaded) {
      TITLES = loaded[2] || {};
      start();
    }, function () { /* Pagefind's files missing: the suggestions stay */ });
  }
  // After the page's first paint, not only its load event: on a small page the load event can come
  // first, and then Pagefind's files would be fetched before anything is drawn.  Where the browser does
  // not report paints, the load event.
  function afterFirstPaint(callback) {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (!types || types.indexOf("paint") < 0) {
      if (document.readyState === "complete") {
        callback();
      } else {
        window.addEventListener("load", callback);
      }
      return;
    }
    var observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        setTimeout(callback, 0);
      }
    });
    observer.observe({ type: "paint", buffered: true });
  }
  afterFirstPaint(fetchPagefind);

  function start() {
    if (typeof window.PagefindUI !== "function") {
      return;
    }
    try {
      DATE_PATTERNS = JSON.parse(root.getAttribute("data-date-words") || "[]").map(function (p) { return new RegExp(p, "u"); });
    } catch (error) {
      DATE_PATTERNS = []; // then sub-results are titled "Comment" and their excerpts start at the name
    }
    var baseUrl = root.getAttribute("data-base-url") || "/";
    var ui = new window.PagefindUI({
      element: "#search",
      showSubResults: true,
      showImages: false,
      baseUrl: baseUrl,
      mergeIndex: commentsBundle ? [{ bundlePath: commentsBundle, baseUrl: baseUrl }] : [],
      processResult: commentSubResults
    });
    // Pagefind's input has a title but no label: name it for screen readers (axe: label-title-only).
    var input = root.querySelector("input");
    if (input && !input.hasAttribute("aria-label")) {
      input.setAttribute("aria-label", root.getAttribute("data-label") || "Search this site");
    }
    // What the page offers before anything is typed (recent posts, topics) steps aside for the results.
    var suggestions = document.getElementById("search-suggestions");
    function showSuggestions() {
      if (suggestions && input) {
        suggestions.hidden = input.value.trim() !== "";
      }
    }
    if (input) {
      input.addEventListener("input", showSuggestions);
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      if (suggestions) {
        suggestions.hidden = true;
      }
      ui.triggerSearch(query);
    }
  }
})();
