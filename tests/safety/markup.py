"""Executable markup in published pages and feeds: what a browser or feed reader would run."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "srcset"}
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
# Elements of the feeds whose text a reader shows as HTML.
HTML_TEXT = ("description", "encoded", "summary")


def findings(out: Path) -> list[str]:
    """Every piece of executable markup in the publication, as `file: what` lines."""
    found = []
    for path in sorted(out.rglob("*.html")):
        document = html.fromstring(path.read_bytes())
        found += [f"{path.relative_to(out)}: {what}" for what in _in_html(document, path, out)]
    for name in ("feed.xml", "news.xml"):
        found += [f"{name}: {what}" for what in _in_feed((out / name).read_bytes())]
    return found


def _in_html(document: html.HtmlElement, path: Path | None = None, out: Path | None = None):
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        if tag == "script" and path is not None and _own_script(element, path, out):
            continue
        if tag in ACTIVE_TAGS:
            yield f"<{tag}> {etree.tostring(element, encoding='unicode')[:120]!r}"
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            yield f"<meta http-equiv=refresh> {element.get('content')!r}"
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or (name in URL_ATTRIBUTES and _unsafe_url(value)):
                yield f"<{tag} {name}={value[:80]!r}>"
            elif name == "style" and "javascript:" in value.lower().replace(" ", ""):
                yield f"<{tag} style={value[:80]!r}>"


def _own_script(element: html.HtmlElement, path: Path, out: Path | None) -> bool:
    """The site's own scripts: an empty <script> whose src is a file of the site's static/."""
    src = element.get("src")
    if not src or (element.text or "").strip() or out is None:
        return False
    target = (path.parent / urlsplit(src).path).resolve()
    return target.is_relative_to(out.resolve() / "static") and target.is_file()


def _unsafe_url(value: str) -> bool:
    # Browsers ignore ASCII whitespace and control characters inside a scheme.
    squashed = "".join(ch for ch in value if ord(ch) > 32).lower()
    scheme = urlsplit(urljoin("https://example.se/", squashed)).scheme
    return scheme not in SAFE_SCHEMES


def _in_feed(data: bytes):
    root = etree.fromstring(data)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local.lower() in ACTIVE_TAGS:
            yield f"XML element <{local}>"
        for name, value in element.attrib.items():
            if etree.QName(name).localname in {"href", "url"} and _unsafe_url(value):
                yield f"<{local} {name}={value[:80]!r}>"
        if local in {"link", "url"} and element.text and _unsafe_url(element.text.strip()):
            yield f"<{local}>{element.text[:80]!r}"
        if local in HTML_TEXT and element.text and "<" in element.text:
            fragment = html.fragment_fromstring(element.text, create_parent="div")
            yield from (f"in <{local}>: {what}" for what in _in_html(fragment))
