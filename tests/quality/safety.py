"""Can anything in a built page run script? Two independent checks over the same rules.

1. `static_findings(html, page)`: Python, BeautifulSoup with the stdlib tokenizer (attribute
   entities decoded like a browser) plus a raw scan of every `<tag ...>` in the source, including
   inside comments and RCDATA elements (<title>, <textarea>), where parsers may disagree. This
   is deliberately stricter than a browser: a theme escapes every `<` in text, so any raw tag
   that is not the theme's own is a finding.
2. `DOM_SCAN_JS`: the same rules run by Chromium over the DOM its own HTML5 parser built (the
   live page, scripting enabled) and over `DOMParser` output (scripting disabled, so the
   `<noscript>` mutation cases are covered too).

Rules: the only <script> elements are the theme's (src under /theme/, or
type="application/ld+json" holding valid JSON); no on* attribute; no javascript:/vbscript:/data:
(or other non-web) URL in any URL-bearing attribute after entity decoding and removal of
whitespace and control characters; no <base>, no <meta http-equiv="refresh">, no <iframe>,
<frame>, <object>, <embed>, <applet>, <portal>; no SVG animation/foreignObject; no style
attribute and no <style> element (the CSP blocks both).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag

URL_ATTRIBUTES = frozenset(
    """href src srcset action formaction poster background xlink:href cite longdesc data codebase
    dynsrc lowsrc ping manifest icon profile usemap classid archive itemtype itemid
    imagesrcset""".split()
)
FORBIDDEN_ELEMENTS = frozenset(
    "base iframe frame frameset object embed applet portal style foreignobject animate set "
    "animatemotion animatetransform handler listener maction".split()
)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
THEME_SCRIPT_PREFIXES = ("/theme/",)
_STRIP = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_RAW_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_RAW_ATTR_NAME = re.compile(r"[\s/\"']([^\s\"'=<>/`]+)\s*(?==|\s|/|$)")


def url_scheme(value: str) -> str | None:
    """The scheme a browser sees: entities decoded (twice, for double encoding), ASCII
    whitespace and control characters removed, lower-cased. None for a relative URL."""
    text = html.unescape(html.unescape(value))
    cleaned = _STRIP.sub("", text).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def _url_candidates(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


def _theme_script(tag: Tag, page_url: str) -> str | None:
    """None when this <script> is the theme's own; else why it is not."""
    kind = (tag.get("type") or "").strip().lower()
    src = tag.get("src")
    if kind == "application/ld+json" and src is None:
        text = tag.string or ""
        try:
            json.loads(text)
        except ValueError as error:
            return f"JSON-LD that is not valid JSON ({error})"
        if "<" in text:
            return "JSON-LD containing a raw '<' (escape it as \\u003c)"
        return None
    if src is None:
        return "inline <script>"
    if url_scheme(src) not in (None, "http", "https"):
        return f"<script src={src!r}>"
    path = urlsplit(urljoin(page_url, src)).path
    if urlsplit(urljoin(page_url, src)).netloc != urlsplit(page_url).netloc:
        return f"<script> from another host: {src!r}"
    if not path.startswith(THEME_SCRIPT_PREFIXES):
        return f"<script src={src!r}> outside /theme/"
    return None


def static_findings(source: str, page: str, *, page_url: str | None = None) -> list[str]:
    """Everything in one page's HTML that could run script (empty list: safe). `page` is the
    page's path in the output (for messages); `page_url` its URL (default: built from page)."""
    page_url = page_url or "http://127.0.0.1/" + page
    findings: list[str] = []
    soup = BeautifulSoup(source, "html.parser")
    for tag in soup.find_all(True):
        name = tag.name.lower()
        where = f"{page}: <{name}>"
        if name == "script":
            problem = _theme_script(tag, page_url)
            if problem:
                findings.append(f"{where}: {problem}")
        if name in FORBIDDEN_ELEMENTS:
            findings.append(f"{where}: forbidden element")
        if name == "meta":
            equiv = (tag.get("http-equiv") or "").strip().lower()
            if equiv in ("refresh", "set-cookie"):
                findings.append(f"{where}: http-equiv={equiv}")
        if name == "link" and (tag.get("rel") and "import" in [r.lower() for r in tag["rel"]]):
            findings.append(f"{where}: rel=import")
        for attribute, value in tag.attrs.items():
            attribute = attribute.lower()
            if isinstance(value, list):
                value = " ".join(value)
            if attribute.startswith("on"):
                findings.append(f"{where}: event handler {attribute}={value!r}")
            elif attribute in ("style", "srcdoc"):
                findings.append(f"{where}: {attribute} attribute {value!r}")
            elif attribute in URL_ATTRIBUTES or (name == "meta" and attribute == "content"):
                for url in _url_candidates(attribute, value):
                    scheme = url_scheme(url)
                    if name == "meta" and scheme is None:
                        continue
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        findings.append(f"{where}: {attribute}={value!r} ({scheme}: URL)")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        if "<" in comment or ">" in comment:
            findings.append(f"{page}: comment containing markup {str(comment)[:80]!r}")
    findings += _raw_findings(source, page)
    return findings


def _raw_findings(source: str, page: str) -> list[str]:
    """Tags anywhere in the raw text (inside comments, <title>, <textarea> too) with an on*
    attribute or a forbidden name: parsers disagree there, browsers may see them as tags."""
    findings = []
    # Script element contents are not markup; the theme's JSON-LD is checked above.
    without_scripts = re.sub(r"(?is)<script\b[^>]*>.*?</script\s*>", "<script>", source)
    tags = list(_RAW_TAG.finditer(without_scripts))
    # A raw '<' inside a quoted attribute value is unescaped content: look for tags there too.
    quoted = " ".join(
        value
        for tag in tags
        for value in re.findall(r"\"([^\"]*)\"|'([^']*)'", tag.group(2))
        for value in value
        if "<" in value
    )
    tags += list(_RAW_TAG.finditer(quoted))
    for match in tags:
        name = match.group(1).lower()
        unquoted = re.sub(r"\"[^\"]*\"|'[^']*'", " ", match.group(2))
        attributes = [a.lower() for a in _RAW_ATTR_NAME.findall(" " + unquoted)]
        if any(a.startswith("on") for a in attributes):
            findings.append(f"{page}: raw tag with an event handler: {match.group(0)[:100]!r}")
        elif name in FORBIDDEN_ELEMENTS or name in ("svg", "math") and "script" in attributes:
            findings.append(f"{page}: raw forbidden tag {match.group(0)[:100]!r}")
    if re.search(r"(?i)<script\b", without_scripts.replace("<script>", "")):
        findings.append(f"{page}: a '<script' that is not a whole element")
    return findings


# The same rules in the browser, over the DOM Chromium's HTML5 parser built. Call it with
# page.evaluate(DOM_SCAN_JS, {"source": html or None, "root": "/"}) (root: the site's path
# prefix on the server); returns the findings.
DOM_SCAN_JS = r"""
({ source, root }) => {
  const URL_ATTRS = new Set(__URL_ATTRS__);
  const FORBIDDEN = new Set(__FORBIDDEN__);
  const SAFE = new Set(__SAFE__);
  const THEME = __THEME__.map((p) => (root || '/') + p.slice(1));
  const findings = [];
  const scheme = (value) => {
    const t = document.createElement('textarea');
    t.innerHTML = value; let text = t.value; t.innerHTML = text; text = t.value;
    const cleaned = text.replace(/[\x00-\x20\x7f]+/g, '').toLowerCase();
    const m = cleaned.match(/^([a-z][a-z0-9+.-]*):/);
    return m ? m[1] : null;
  };
  const scan = (root, label) => {
    const elements = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        elements.push(el);
        if (el.content instanceof DocumentFragment) walk(el.content);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    for (const el of elements) {
      const name = el.localName.toLowerCase();
      const where = `${label}: <${name}>`;
      if (name === 'script') {
        const type = (el.getAttribute('type') || '').trim().toLowerCase();
        const src = el.getAttribute('src');
        if (type === 'application/ld+json' && src === null) {
          try { JSON.parse(el.textContent); } catch (e) {
            findings.push(`${where}: invalid JSON-LD`);
          }
        } else if (src === null) {
          findings.push(`${where}: inline script ${el.textContent.slice(0, 80)}`);
        } else {
          const url = new URL(src, document.baseURI);
          if (url.origin !== location.origin || !THEME.some((p) => url.pathname.startsWith(p)))
            findings.push(`${where}: script src ${src}`);
        }
      }
      if (FORBIDDEN.has(name)) findings.push(`${where}: forbidden element`);
      if (name === 'meta') {
        const equiv = (el.getAttribute('http-equiv') || '').trim().toLowerCase();
        if (equiv === 'refresh' || equiv === 'set-cookie') {
          findings.push(`${where}: http-equiv=${equiv}`);
        }
      }
      for (const attr of Array.from(el.attributes)) {
        const an = attr.name.toLowerCase();
        if (an.startsWith('on')) findings.push(`${where}: event handler ${an}=${attr.value}`);
        else if (an === 'style' || an === 'srcdoc') findings.push(`${where}: ${an} attribute`);
        else if (URL_ATTRS.has(an) || (name === 'meta' && an === 'content')) {
          const values = (an === 'srcset' || an === 'imagesrcset')
            ? attr.value.split(',').map((p) => p.trim().split(' ')[0]).filter(Boolean)
            : [attr.value];
          for (const v of values) {
            const s = scheme(v);
            if (name === 'meta' && s === null) continue;
            if (s !== null && !SAFE.has(s)) findings.push(`${where}: ${an}=${v} (${s}: URL)`);
          }
        }
      }
    }
  };
  scan(document, 'live DOM');
  if (source) {
    scan(new DOMParser().parseFromString(source, 'text/html'), 'DOMParser (scripting off)');
  }
  return findings;
}
"""
for _name, _value in {
    "__URL_ATTRS__": sorted(URL_ATTRIBUTES),
    "__FORBIDDEN__": sorted(FORBIDDEN_ELEMENTS),
    "__SAFE__": list(SAFE_SCHEMES),
    "__THEME__": list(THEME_SCRIPT_PREFIXES),
}.items():
    DOM_SCAN_JS = DOM_SCAN_JS.replace(_name, json.dumps(_value))

# Records every CSP violation a page reports (add with page.add_init_script), in window.__csp.
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
                    `at ${e.sourceFile || ''}:${e.lineNumber || ''}`);
});
"""
