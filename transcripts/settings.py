"""The settings of one transcription run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TranscribeSettings:
    """How to transcribe: model, language, quality guards and speed options.

    `model` is None for the bundled base model, a local model directory, or a hub name such
    as `KBLab/kb-whisper-small`. `language` is a code such as "sv", or "auto" to detect it.
    """

    model: str | None = None
    language: str = "sv"
    vad_filter: bool = True
    condition_on_previous_text: bool = False
    word_timestamps: bool = True
    batched: bool = False
    beam_size: int = 5
    compute_type: str = "auto"
    cpu_threads: int = 0
    num_workers: int = 1

    def cache_fields(self) -> dict[str, Any]:
        """The settings that change the output (the model is keyed by its resolved identity).

        >>> sorted(TranscribeSettings().cache_fields())  # doctest: +NORMALIZE_WHITESPACE
        ['batched', 'beam_size', 'compute_type', 'condition_on_previous_text', 'language',
         'vad_filter', 'word_timestamps']
        """
        fields = asdict(self)
        # Threads change speed, and the last digit of a float, not the words a listener reads;
        # the model enters the key as its identity and revision.
        del fields["cpu_threads"], fields["num_workers"], fields["model"]
        return fields
