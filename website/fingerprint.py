"""The fingerprint of the code that renders the pages, apart from the pages' data.

Kept apart from `website.render` so that a publisher can tell whether anything changed without
importing the renderer, its view models and their dependencies.
"""

from __future__ import annotations

import hashlib
import sys
from importlib.metadata import version
from pathlib import Path

import text.notes

# Raised when the manifest's layout changes, so every page is rendered again.
MANIFEST_VERSION = 3
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC_FOLDER = PACKAGE / "static"


def code_version(templates: Path = TEMPLATES) -> str:
    """A fingerprint of what renders every page besides its data: the templates, the static
    assets, this package's modules and `text.notes` (which sanitises show notes), and the
    versions of Python, Jinja and MarkupSafe. Any change to them renders every page again."""
    digest = hashlib.blake2b(digest_size=16)
    how = f"{MANIFEST_VERSION} {sys.version_info[:2]} {version('jinja2')} {version('markupsafe')}"
    digest.update(how.encode())
    sources = [
        *(("templates", path) for path in sorted(templates.rglob("*"))),
        *(("static", path) for path in sorted(STATIC_FOLDER.rglob("*"))),
        *(("website", path) for path in sorted(PACKAGE.glob("*.py"))),
        ("text", Path(text.notes.__file__)),
    ]
    for kind, path in sources:
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"\0{kind}/{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()
