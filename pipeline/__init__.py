"""The pipeline's steps as plain functions over the catalog: config, ingest, transcribe, tag."""

from pipeline.config import Config, EpisodeSource, NewsSource, RunnerSettings, load_config
from pipeline.errors import ConfigError, PipelineError, SourceError

__all__ = [
    "Config",
    "ConfigError",
    "EpisodeSource",
    "NewsSource",
    "PipelineError",
    "RunnerSettings",
    "SourceError",
    "load_config",
]
