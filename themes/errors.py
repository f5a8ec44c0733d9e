"""Errors of the themes package.

ThemeError
    (the base of every error this package raises; subclasses below)
├── TaxonomyError       a taxonomy file is missing, not TOML, or breaks the schema
│                       (the message names the file, the line and the problem)
└── TextInputError      a text to tag cannot be read: missing, unreadable, binary,
                        undecodable or too large (the message names the file)
"""

from innocast.errors import InnocastError


class ThemeError(InnocastError):
    """Base of every error the themes package raises on bad input or a failed step."""


class TaxonomyError(ThemeError):
    """A taxonomy file cannot be used: unreadable, invalid TOML, or an invalid theme."""


class TextInputError(ThemeError):
    """A text file given to the tagger cannot be read as text."""
