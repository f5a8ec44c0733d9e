"""The order of the layers: a package imports only packages of the layers below its own.

Bottom first. Packages of one layer do not import each other either; `tests/test_layers.py`
holds the code to this, and to no two modules importing each other.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("innocast", "text", "demo"),  # the error root; text from outside; the demo's content
    ("catalog", "fetching", "transcripts"),  # the store; safe HTTP; Whisper and its formats
    ("news", "podcast", "themes", "website"),  # news items; audio and feeds; tagging; pages
    ("steps",),  # the catalog steps: config, ingest, transcribe, tag, publish
    ("editor",),  # the editors' web app over the steps
    ("flows",),  # Prefect flows and tasks, the command line
)
