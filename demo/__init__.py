"""The bundled demo show: four episodes with real speech, five Swedish news texts, a cover."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_CONFIG = DEMO_DIR / "innocast.toml"

__all__ = ["DEMO_CONFIG", "DEMO_DIR"]
