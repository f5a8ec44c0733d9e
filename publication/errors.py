"""Errors of the publication package.

PublicationError
└── OutputError   the output directory cannot be written (read-only, full disk, not a folder);
                  the previous publication is left as it was
"""


class PublicationError(Exception):
    """Base of every error the publication package raises."""


class OutputError(PublicationError):
    """The output directory cannot take the new publication."""
