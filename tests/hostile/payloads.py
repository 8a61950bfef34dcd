"""Hostile inputs for archived comments, written for this project.

Grouped the way the OWASP XSS filter evasion cheat sheet groups its techniques, but
each payload here is our own and aimed at what this importer does: it reads saved
pages (lxml through BeautifulSoup), WXR and Disqus XML (lxml), sanitizes bodies with
nh3 and renders names, URLs and dates through Jinja templates, Atom feeds and
JSON-LD.  ``MARKUP`` goes into comment bodies, author names and dates; ``URLS``
into author URLs (``MARKUP`` goes there too).

None of these may execute, load anything or change the page once built: the test
(``tests/test_hostile.py``) checks every built page for script, event handlers,
dangerous URLs, frames, forms, base, meta refresh and styles from comments.
"""

from __future__ import annotations

MARKUP: list[tuple[str, str]] = [
    # --- script elements, every case and encoding
    ("script-plain", "<script>alert('h-script-plain')</script>"),
    ("script-upper", "<SCRIPT>alert('h-script-upper')</SCRIPT>"),
    ("script-mixed-src", "<ScRiPt SrC=//evil.example/x.js></sCrIpT>"),
    ("script-slash-attr", "<script/xss src='https://evil.example/x.js'></script>"),
    ("script-double-open", "<<script>alert('h-double');//<</script>"),
    ("script-split", "<scr<script>ipt>alert('h-split')</scr</script>ipt>"),
    ("script-nul", "<scr\x00ipt>alert('h-nul')</scr\x00ipt>"),
    ("script-entities", "&lt;script&gt;alert('h-entities')&lt;/script&gt;"),
    ("script-percent", "%3Cscript%3Ealert('h-percent')%3C/script%3E"),
    ("script-fullwidth", "\uff1cscript\uff1ealert('h-fullwidth')\uff1c/script\uff1e"),
    ("script-unclosed", "<script src=https://evil.example/x.js?"),
    ("script-in-attr", '<p title="</p><script>alert(\'h-attr\')</script>">t</p>'),
    ("script-type", "<script type=\"text/vbscript\">msgbox 1</script>"),
    # --- event handlers
    ("img-onerror", "<img src=x onerror=alert('h-img')>"),
    ("img-onerror-entities", "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>"),
    ("body-onload", "<body onload=alert('h-body')>"),
    ("p-onmouseover", '<p onmouseover="alert(\'h-p\')">hover me</p>'),
    ("a-onclick", '<a href="https://ok.example/" onclick="alert(\'h-a\')">link</a>'),
    ("slash-separator", "<div/onmouseover='alert(\"h-slash\")'>x</div>"),
    ("newline-separator", "<p\nonclick=alert('h-nl')>x</p>"),
    ("details-ontoggle", "<details open ontoggle=alert('h-details')><summary>s</summary></details>"),
    ("input-autofocus", "<input autofocus onfocus=alert('h-input')>"),
    ("video-source", "<video><source onerror=\"alert('h-video')\"></video>"),
    ("marquee-onstart", "<marquee onstart=alert('h-marquee')>m</marquee>"),
    ("custom-element", "<x-foo onclick=alert('h-custom')>custom</x-foo>"),
    ("eval-src", "<img src=x:alert(alt) onerror=eval(src) alt=0>"),
    # --- javascript:, vbscript:, data: links, disguised
    ("href-js", '<a href="javascript:alert(\'h-js\')">js</a>'),
    ("href-js-case", '<a href="JaVaScRiPt:alert(1)">case</a>'),
    ("href-js-tab", '<a href="jav&#x09;ascript:alert(1)">tab</a>'),
    ("href-js-newline", '<a href="jav&#x0A;ascript:alert(1)">newline</a>'),
    ("href-js-decimal", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">dec</a>'),
    ("href-js-padded", '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
                       '&#0000112&#0000116&#0000058alert(1)">padded</a>'),
    ("href-js-hex", '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex</a>'),
    ("href-js-leading", '<a href=" &#14;  javascript:alert(1)">leading</a>'),
    ("href-js-colon-entity", '<a href="javascript&colon;alert(1)">colon</a>'),
    ("href-js-nul", '<a href="jav&#0;ascript:alert(1)">nul</a>'),
    ("href-js-unquoted", "<a href=javascript:alert(1)>unquoted</a>"),
    ("href-vbscript", '<a href="vbscript:msgbox(1)">vb</a>'),
    ("href-data", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>'),
    ("href-data-svg", '<a href="data:image/svg+xml,<svg onload=alert(1)>">svg data</a>'),
    ("target-blank", '<a href="https://ok.example/" target="_blank" rel="dofollow opener">tab</a>'),
    ("form-action", "<form action=\"javascript:alert(1)\"><button formaction=javascript:alert(1)>go</button></form>"),
    ("isindex", "<isindex action=javascript:alert(1) type=image>"),
    # --- SVG and MathML
    ("svg-onload", "<svg onload=alert('h-svg')>"),
    ("svg-script", "<svg><script>alert('h-svg-script')</script></svg>"),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>'),
    ("svg-animate", "<svg><animate onbegin=alert('h-animate') attributeName=x dur=1s>"),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>t</text></a></svg>'),
    ("svg-foreign", "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>"),
    ("math-href", '<math href="javascript:alert(1)">click</math>'),
    ("math-maction", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'),
    ("math-mglyph-style", "<math><mtext><table><mglyph><style><img src=x onerror=alert('h-mglyph')>"),
    # --- malformed markup that parsers repair differently
    ("img-quotes", "<img \"\"\"><script>alert('h-quotes')</script>\">"),
    ("unclosed-attr", '<a href="https://ok.example/"<script>alert(1)</script>'),
    ("noscript-title", "<noscript><p title=\"</noscript><img src=x onerror=alert('h-noscript')>\">"),
    ("comment-break", "<!--<img src=\"--><img src=x onerror=alert('h-comment')//\">"),
    ("style-break", "<style><img src=\"</style><img src=x onerror=alert('h-style')//\">"),
    ("textarea", "<textarea><script>alert('h-textarea')</script></textarea>"),
    ("title", "<title><img src=x onerror=alert('h-title')></title>"),
    ("table-form", "<table><tr><td><form><input onfocus=alert(1) autofocus></td></tr></table>"),
    ("structure-break", "</p></div></li></ol></div><script>alert('h-break')</script><ol><li>"),
    ("cdata-break", "]]><script>alert('h-cdata')</script><![CDATA["),
    ("cdata-section", "<![CDATA[<script>alert('h-cdata2')</script>]]>"),
    ("processing-instruction", "<?xml-stylesheet href=\"javascript:alert(1)\"?>"),
    ("unbalanced", "<p>unclosed <b>bold <i>italic <blockquote>quote"),
    ("xml-entity", "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>&xxe;"),
    # --- CSS
    ("style-attr-url", "<div style=\"background:url(javascript:alert(1))\">bg</div>"),
    ("style-expression", "<p style=\"width:expression(alert('h-expr'))\">expr</p>"),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>"),
    ("link-stylesheet", "<link rel=stylesheet href=\"https://evil.example/x.css\">"),
    ("style-binding", "<span style=\"-moz-binding:url(https://evil.example/x.xml#x);behavior:url(x.htc)\">b</span>"),
    # --- base, meta, frames, objects
    ("base", "<base href=\"https://evil.example/\">"),
    ("meta-refresh-js", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
    ("meta-refresh", "<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example/\">"),
    ("meta-csp", "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src *\">"),
    ("meta-charset", "<meta charset=\"x-imap4-modified-utf7\">+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
    ("iframe-js", "<iframe src=\"javascript:alert(1)\">in a frame</iframe>"),
    ("iframe-srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>"),
    ("object", "<object data=\"javascript:alert(1)\"></object>"),
    ("embed", "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">"),
    ("remote-image", "<img src=\"https://tracker.example/pixel.gif\" width=1 height=1>"),
    # --- the page around the comment
    ("clobber-id", "<p id=\"comments\" name=\"comment-101\" class=\"comment-list\">clobber</p>"),
    ("jsonld-break", "</script><script>alert('h-jsonld')</script>"),
    ("jsonld-quote", "\"}]}</script><script>alert('h-jsonld2')</script>"),
    ("line-separators", "a\u2028b\u2029c <!--<script>"),
    ("template", "{{ 7*7 }} {% raw %}{% endraw %} ${7*7}"),
    ("bidi-controls", "evil\u202egnp.exe \x1b[2J \x9b31m"),
]

URLS: list[tuple[str, str]] = [
    ("url-js", "javascript:alert(1)"),
    ("url-js-space", " javascript:alert(1)"),
    ("url-js-upper", "JAVASCRIPT:alert(1)"),
    ("url-js-tab", "java\tscript:alert(1)"),
    ("url-js-entity", "&#106;avascript:alert(1)"),
    ("url-js-nul", "\x00javascript:alert(1)"),
    ("url-js-comment", "javascript://%0Aalert(1)"),
    ("url-data", "data:text/html,<script>alert(1)</script>"),
    ("url-vbscript", "vbscript:msgbox(1)"),
    ("url-quote-break", "https://ok.example/\" onmouseover=\"alert(1)"),
    ("url-single-quote-break", "https://ok.example/'><script>alert(1)</script>"),
    ("url-protocol-relative", "//evil.example/"),
    ("url-script-host", "http://<script>alert(1)</script>/"),
    ("url-fragment-markup", "https://ok.example/#<img src=x onerror=alert(1)>"),
    ("url-rtl", "https://ok.example/\u202egnp.exe"),
]
