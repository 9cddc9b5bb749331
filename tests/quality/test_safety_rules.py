"""The output checker itself (tests/quality/safety.py): it must catch every unsafe construct,
in Python and in Chromium, and accept a clean theme-like page. Otherwise the hostile-input test
could pass without proving anything."""

from __future__ import annotations

import pytest

from tests.quality.safety import DOM_SCAN_JS, static_findings, url_scheme
from tests.support.browser import new_logged_page
from tests.support.server import serve_directory

CLEAN = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<meta property="og:url" content="https://example.org/2025/05/tin/">
<title>Tin &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}</title>
<link rel="stylesheet" href="../../../theme/css/main.css">
<script type="application/ld+json">{"headline": "a \\u003c/script\\u003e b"}</script>
</head><body><main>
<h1>Tin &lt;img src=x onerror=alert(1)&gt;</h1>
<p title="x onerror=alert(1)">javascript:alert(1) là văn bản, không phải liên kết.</p>
<img src="../../../images/a.png" alt="&quot;&gt;&lt;svg onload=alert(1)&gt;">
<a href="https://example.org/?q=javascript:x">ngoài</a> <a href="mailto:a@example.org">thư</a>
<svg class="icon" aria-hidden="true"><path d="M0 0h1v1z"/></svg>
</main>
<script src="../../../theme/js/search.js" defer></script>
<script type="module" src="../../../theme/js/search-index.js"></script>
</body></html>"""

BAD = [
    ("inline-script", "<script>alert(1)</script>"),
    ("script-src-other-host", '<script src="http://evil.example/x.js"></script>'),
    ("script-src-data", '<script src="data:text/javascript,alert(1)"></script>'),
    ("script-src-not-theme", '<script src="/uploads/x.js"></script>'),
    ("onerror", '<img src="a.png" onerror="alert(1)">'),
    ("onload-uppercase", '<BODY ONLOAD="alert(1)">'),
    ("svg-onload", "<svg onload=alert(1)></svg>"),
    ("href-javascript", '<a href="javascript:alert(1)">x</a>'),
    ("href-tab-split", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("href-newline-split", '<a href="java\nscript:alert(1)">x</a>'),
    ("href-entity", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("href-leading-space", '<a href=" \x01javascript:alert(1)">x</a>'),
    ("href-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("src-data", '<img src="data:image/svg+xml,<svg onload=alert(1)>">'),
    ("srcset-javascript", '<img src="a.png" srcset="a.png 1x, javascript:alert(1) 2x">'),
    ("action", '<form action="javascript:alert(1)"></form>'),
    ("formaction", '<button formaction="javascript:alert(1)">x</button>'),
    ("poster", '<video poster="javascript:alert(1)"></video>'),
    ("background", '<table background="javascript:alert(1)"></table>'),
    ("xlink-href", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("cite", '<blockquote cite="javascript:alert(1)">x</blockquote>'),
    ("longdesc", '<img src="a.png" longdesc="javascript:alert(1)">'),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("base", '<base href="http://evil.example/">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("iframe", '<iframe src="https://example.org/"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("embed", '<embed src="x.swf">'),
    ("style-attribute", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("style-expression", '<p style="width:expression(alert(1))">x</p>'),
    ("style-element", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("svg-animate", '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>'),
    ("svg-foreignobject", "<svg><foreignObject><p>x</p></foreignObject></svg>"),
    ("math-href", '<math href="javascript:alert(1)"><mi>x</mi></math>'),
    ("template-content", "<template><img src=x onerror=alert(1)></template>"),
    (
        "noscript-mutation",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ),
    ("comment-breakout", "<!--><img src=x onerror=alert(1)>-->"),
    ("textarea-raw-tag", "<textarea><img src=x onerror=alert(1)></textarea>"),
    ("invalid-json-ld", '<script type="application/ld+json">{"a": "</script>"}</script>'),
    ("meta-content-javascript", '<meta property="og:url" content="javascript:alert(1)">'),
]


def page_with(snippet: str) -> str:
    return CLEAN.replace("</main>", snippet + "</main>")


def test_clean_page_has_no_finding():
    assert static_findings(CLEAN, "2025/05/tin/index.html") == []


@pytest.mark.parametrize("snippet", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_python_check_catches(snippet):
    assert static_findings(page_with(snippet), "2025/05/tin/index.html"), snippet


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("  JaVaScRiPt:alert(1)", "javascript"),
        ("jav&#x09;ascript:alert(1)", "javascript"),
        ("&#106;avascript:x", "javascript"),
        ("&amp;#106;avascript:x", "javascript"),
        ("java\x00script:x", "javascript"),
        ("data:text/html,x", "data"),
        ("../../images/a.png", None),
        ("https://example.org/", "https"),
    ],
)
def test_url_scheme_as_a_browser_sees_it(value, scheme):
    assert url_scheme(value) == scheme


# A browser reads these as text; only the stricter raw scan in Python flags them.
TEXT_TO_A_BROWSER = {"textarea-raw-tag"}


@pytest.mark.browser
def test_chromium_check_catches_the_same(browser, tmp_path):
    """Each BAD page, loaded in Chromium (live DOM, scripting on) and parsed by DOMParser
    (scripting off), gives a finding; the clean page gives none."""
    pages = {"clean": CLEAN} | {name: page_with(snippet) for name, snippet in BAD}
    for name, source in pages.items():
        folder = tmp_path / name / "2025" / "05" / "tin"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(source, encoding="utf-8")
    found = {}
    with serve_directory(tmp_path) as base:
        page = new_logged_page(browser, bypass_csp=True)
        for name, source in pages.items():
            page.goto(f"{base}/{name}/2025/05/tin/index.html")
            found[name] = page.evaluate(DOM_SCAN_JS, {"source": source, "root": f"/{name}/"})
        page.context.close()
    assert found.pop("clean") == []
    missed = sorted(name for name, findings in found.items() if not findings)
    assert missed == sorted(TEXT_TO_A_BROWSER)
