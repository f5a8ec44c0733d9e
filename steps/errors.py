"""Errors of the steps package (their root is `innocast.errors.InnocastError`).

StepError
├── ConfigError   the config file is missing, not TOML, or a field is wrong (names file and field)
├── InputError    an input a step reads cannot be used: an episode's audio file, its stored
│                 audio, an editor's corrected transcript (names the input)
└── OutputError   the output directory cannot be written (read-only, full disk, not a folder);
                  the previous publication is left as it was
"""

from innocast.errors import InnocastError


class StepError(InnocastError):
    """Base of every error the steps package raises."""


class ConfigError(StepError):
    """The config file cannot be used."""


class InputError(StepError):
    """An input a step reads cannot be used."""


class OutputError(StepError):
    """The output directory cannot take the new publication."""
