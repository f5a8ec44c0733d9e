"""URL slugs: short, ASCII, safe as one path segment whatever the title says."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 72
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "item") -> str:
    """Turn a title into a slug of lowercase ASCII letters, digits and single hyphens.

    >>> slugify("Coworking – gör det oss mer innovativa?")
    'coworking-gor-det-oss-mer-innovativa'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    >>> slugify("<script>")
    'script'
    >>> slugify("!!!")
    'item'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug or fallback
