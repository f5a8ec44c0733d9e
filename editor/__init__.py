"""The editors' web app: review themes, correct transcripts, publish (`innocast edit`)."""

from editor.app import EditorSettings, create_app
from editor.errors import EditorError, FormError, LoginSetupError, NotEditableError

__all__ = [
    "EditorError",
    "EditorSettings",
    "FormError",
    "LoginSetupError",
    "NotEditableError",
    "create_app",
]
