"""The catalog steps as plain functions: config, ingest, transcribe, tag, publish."""

from steps.config import Config, EpisodeSource, NewsSource, RunnerSettings, load_config
from steps.errors import ConfigError, OutputError, SourceError, StepError

__all__ = [
    "Config",
    "ConfigError",
    "EpisodeSource",
    "NewsSource",
    "OutputError",
    "RunnerSettings",
    "SourceError",
    "StepError",
    "load_config",
]
