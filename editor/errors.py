"""Errors of the editors' web app (their root is `innocast.errors.InnocastError`).

EditorError
├── LoginSetupError   the app cannot start safely: no editors to log in on a non-loopback
│                     address, a malformed users file or entry, no HTTPS for the session cookie
├── FormError         a form field the editor's pages never send (an unknown action)
└── NotEditableError  the item lacks what the page edits (no transcript, no stored audio)
"""

from innocast.errors import InnocastError


class EditorError(InnocastError):
    """Base of every error the editors' web app raises."""


class LoginSetupError(EditorError):
    """The app's login cannot be set up as asked."""


class FormError(EditorError):
    """A form's field cannot be used."""


class NotEditableError(EditorError):
    """The item lacks what the page edits."""
