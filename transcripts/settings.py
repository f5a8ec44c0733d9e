"""The settings of one transcription run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

# Where faster-whisper's batched pipeline is the default: the languages on whose benchmark
# recordings it made no more word errors than the sequential path and ran faster
# (benchmarks/results/transcription.md: English 0.021 against 0.032 on ten minutes, 0.048
# against 0.048 on one; Swedish 0.692 against 0.673, so Swedish stays sequential).
BATCHED_LANGUAGES = frozenset({"en"})


@dataclass(frozen=True)
class TranscribeSettings:
    """How to transcribe: model, language, quality guards and speed options.

    `model` is None for the bundled base model, a local model directory, or a hub name such
    as `KBLab/kb-whisper-small`. `language` is a code such as "sv", or "auto" to detect it.
    `batched` picks faster-whisper's batched pipeline (True) or the sequential one (False);
    None, the default, takes the batched one for the languages in `BATCHED_LANGUAGES` (where
    it was measured at least as accurate) when the VAD filter is on, else the sequential one
    ("auto" included: the pipeline is chosen before the language is detected).
    """

    model: str | None = None
    language: str = "sv"
    vad_filter: bool = True
    condition_on_previous_text: bool = False
    word_timestamps: bool = True
    batched: bool | None = None
    beam_size: int = 5
    compute_type: str = "auto"
    cpu_threads: int = 0
    num_workers: int = 1

    def resolved(self) -> TranscribeSettings:
        """These settings with `batched` decided: the pipeline that will run.

        >>> TranscribeSettings(language="en").resolved().batched
        True
        >>> TranscribeSettings(language="sv").resolved().batched
        False
        >>> TranscribeSettings(language="en", batched=False).resolved().batched
        False
        >>> TranscribeSettings(language="en", vad_filter=False).resolved().batched
        False
        """
        if self.batched is not None:
            return self
        return replace(self, batched=self.vad_filter and self.language in BATCHED_LANGUAGES)

    def cache_fields(self) -> dict[str, Any]:
        """The settings that change the output (the model is keyed by its resolved identity).

        >>> sorted(TranscribeSettings().cache_fields())  # doctest: +NORMALIZE_WHITESPACE
        ['batched', 'beam_size', 'compute_type', 'condition_on_previous_text', 'language',
         'vad_filter', 'word_timestamps']
        """
        fields = asdict(self.resolved())
        # Threads change speed, and the last digit of a float, not the words a listener reads;
        # the model enters the key as its identity and revision.
        del fields["cpu_threads"], fields["num_workers"], fields["model"]
        return fields
