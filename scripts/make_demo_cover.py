"""Draw the demo show's square cover image (run once, committed): demo/cover.jpg, 1400x1400.

Usage: python scripts/make_demo_cover.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1400
TARGET = Path(__file__).resolve().parent.parent / "demo" / "cover.jpg"


def main() -> None:
    """Draw the cover: concentric sound waves and the show's name."""
    image = Image.new("RGB", (SIZE, SIZE), (18, 52, 86))
    draw = ImageDraw.Draw(image)
    centre = (SIZE // 2, SIZE // 2 - 120)
    for ring, colour in enumerate([(255, 196, 0), (240, 120, 60), (90, 170, 220), (250, 250, 250)]):
        radius = 380 - ring * 80
        box = [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius]
        draw.ellipse(box, outline=colour, width=36)
    title = ImageFont.load_default(size=150)
    subtitle = ImageFont.load_default(size=64)
    draw.text((SIZE // 2, 1130), "Innovationspodden", font=title, fill="white", anchor="mm")
    draw.text((SIZE // 2, 1260), "innovation i offentlig sektor", font=subtitle,
              fill=(255, 196, 0), anchor="mm")
    image.save(TARGET, "JPEG", quality=82, optimize=True)
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
