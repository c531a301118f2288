"""Dollar formatting that survives any value a slider or a typed number can produce."""

import math


def dollars(value: float) -> str:
    """Format like the talk's table: $212,000, -$12,500, with cents only when they matter."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude >= 1e15:
        return f"{sign}${magnitude:.3e}"
    if round(magnitude, 2) == round(magnitude):
        return f"{sign}${magnitude:,.0f}"
    return f"{sign}${magnitude:,.2f}"


def number(value: float) -> str:
    """A weight or input as a person would write it: 100,000 or -0.2."""
    if math.isinf(value) or math.isnan(value):
        return str(value)
    if abs(value) >= 1e15:
        return f"{value:.3e}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.6g}" if abs(value) < 1000 else f"{value:,.2f}"


# Beyond this many characters a number no longer fits inside a node of the network diagram.
SHORT_CHARS = 7
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def short(value: float) -> str:
    """A number that fits in a few characters: 600,000 stays, 2,200,000 becomes 2.2M."""
    text = number(value)
    if len(text) <= SHORT_CHARS or not math.isfinite(value):
        return text
    rounded = float(f"{value:.3g}")  # 999,999.5 rounds to 1e6 before its suffix is chosen
    if abs(rounded) >= 1e15 or abs(rounded) < 0.01:
        return f"{value:.0e}"  # 4e+15, -1e-03
    for size, suffix in _SUFFIXES:
        if abs(rounded) >= size:
            return f"{rounded / size:g}{suffix}"
    return f"{rounded:g}"  # -123, -12.3, -0.0123


def md(text: str) -> str:
    """Escape dollar signs for Streamlit markdown, where a pair of them starts a formula."""
    return text.replace("$", "\\$")


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 false alarm', '2 false alarms', '0 steps': the noun agrees with the number."""
    word = noun if n == 1 else (plural or noun + "s")
    return f"{n:,} {word}"
