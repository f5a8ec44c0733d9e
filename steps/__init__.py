"""The catalog steps as plain functions: config, ingest, transcribe, tag, publish."""

from steps.config import Config, EpisodeSource, NewsSource, RunnerSettings, load_config
from steps.errors import ConfigError, InputError, OutputError, StepError

__all__ = [
    "Config",
    "ConfigError",
    "EpisodeSource",
    "InputError",
    "NewsSource",
    "OutputError",
    "RunnerSettings",
    "StepError",
    "load_config",
]
