"""Colours that carry meaning, chosen to be told apart with any common colour vision, and the
second cue (a shape) that goes with each, so no chart relies on colour alone.

Class colours follow Okabe and Ito's palette (blue and orange first: two classes get the safest
pair), then two more for the ten digits. Text drawn on a colour takes `ink(colour)`.
"""

from __future__ import annotations

CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                "#56B4E9", "#F0E442", "#000000", "#999999", "#882255")
# Each class's point shape (cycling past eight classes, where the colours still differ). The
# replay draws the same shapes (nnviz/ui/replay_assets/replay.js, shapePath).
CLASS_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
                "triangle-left", "triangle-right")
DARK, LIGHT = "#0f172a", "#ffffff"


def class_colors(n: int) -> list[str]:
    """One colour per class, cycling through the palette for more than ten classes."""
    return [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(int(n))]


def class_shapes(n: int) -> list[str]:
    """One point shape per class, cycling past eight classes."""
    return [CLASS_SHAPES[i % len(CLASS_SHAPES)] for i in range(int(n))]


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(background: str) -> str:
    """Dark or white text, whichever reads better on `background`."""
    return LIGHT if contrast(LIGHT, background) >= contrast(DARK, background) else DARK
