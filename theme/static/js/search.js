/* The search page: Pagefind's UI (pagefind-ui.js, loaded just before this file) on #search.
   No inline script anywhere (the Content-Security-Policy forbids it): settings come from
   data- attributes. Without JavaScript, #search-fallback stays visible and points to the
   archives. A hit in an archived comment links to that comment's permalink (#comment-N). */
(function () {
  "use strict";

  var EXCERPT_WORDS = 30;

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function isComment(anchor) {
    return anchor.element === "article" && /^comment-/.test(anchor.id);
  }

  // An excerpt of words[start, end) around the hits, each hit in <mark> (words are plain text).
  function excerpt(words, start, end, hits) {
    var from = Math.max(start, Math.min(hits[0] - Math.floor(EXCERPT_WORDS / 3), end - EXCERPT_WORDS));
    var to = Math.min(end, from + EXCERPT_WORDS);
    var out = [];
    for (var i = from; i < to; i++) {
      var word = escapeHtml(words[i] || "");
      out.push(hits.indexOf(i) >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > start ? "… " : "") + out.join(" ") + (to < end ? " …" : "");
  }

  // Pagefind splits a page into sub-results at headings with an id; comments have no heading,
  // so the hits in each <article id="comment-N"> become a sub-result of their own here.
  function commentSubResults(result) {
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
    var kept = (result.sub_results || []).filter(function (sub) {
      return !sub.anchor || sub.anchor.location < section.location;
    });
    result.sub_results = kept.concat(found.map(function (r) {
      return {
        title: "Comment",
        url: result.url + "#" + r.anchor.id,
        anchor: r.anchor,
        locations: r.hits,
        excerpt: excerpt(words, r.anchor.location, r.end, r.hits)
      };
    }));
    return result;
  }

  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") {
    return; // no Pagefind here: the fallback text stays
  }
  var ui = new window.PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    baseUrl: root.getAttribute("data-base-url") || "/",
    processResult: commentSubResults
  });
  // Pagefind's input has a title but no label: name it for screen readers (axe: label-title-only).
  var input = root.querySelector("input");
  if (input && !input.hasAttribute("aria-label")) {
    input.setAttribute("aria-label", root.getAttribute("data-label") || "Search this site");
  }
  var fallback = document.getElementById("search-fallback");
  if (fallback) {
    fallback.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
