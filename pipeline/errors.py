"""Errors of the pipeline package.

PipelineError
├── ConfigError   the config file is missing, not TOML, or a field is wrong (names file and field)
└── SourceError   an episode or news source cannot be read (names the source)
"""


class PipelineError(Exception):
    """Base of every error the pipeline package raises."""


class ConfigError(PipelineError):
    """The config file cannot be used."""


class SourceError(PipelineError):
    """An episode or news source cannot be read."""
