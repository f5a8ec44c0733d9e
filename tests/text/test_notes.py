"""Show notes: one sanitising policy for the feed and the pages."""

from __future__ import annotations

from text.notes import notes_to_html, sanitise_notes
from website.render import clean_notes

NOTES = (
    '<h3>Gäster</h3><p>Åsa och <a href="https://example.se" title="Mer">Per</a>.</p>'
    "<pre><code>kod</code></pre><script>alert(1)</script>"
)


def test_notes_keep_the_same_markup_in_the_feed_and_on_the_page() -> None:
    published = notes_to_html(NOTES)
    assert "<h3>Gäster</h3>" in published and "<pre><code>kod</code></pre>" in published
    assert "script" not in published
    assert sanitise_notes(published) == published
    page = str(clean_notes(published))
    for kept in ("<h3>Gäster</h3>", "<pre><code>kod</code></pre>", 'title="Mer"'):
        assert kept in page

