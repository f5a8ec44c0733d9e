"""Errors of the steps package.

StepError
├── ConfigError   the config file is missing, not TOML, or a field is wrong (names file and field)
├── SourceError   an episode or news source cannot be read (names the source)
└── OutputError   the output directory cannot be written (read-only, full disk, not a folder);
                  the previous publication is left as it was
"""


class StepError(Exception):
    """Base of every error the steps package raises."""


class ConfigError(StepError):
    """The config file cannot be used."""


class SourceError(StepError):
    """An episode or news source cannot be read."""


class OutputError(StepError):
    """The output directory cannot take the new publication."""
