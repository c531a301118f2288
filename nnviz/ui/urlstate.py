"""Mirror a page's controls into the URL, so a link reproduces what the sender saw.

Usage on a page:

    params = Params(w_rooms=Param(100_000.0, lo=-1e6, hi=1e6), step=Param(0, lo=0, hi=12))
    params.init()            # before the widgets: seeds st.session_state from the URL, once
    st.slider("Rooms weight", key="w_rooms", ...)   # widgets take their value from the key
    params.publish()         # after the widgets: writes the values that differ from the defaults

A value in the URL that does not parse or lies outside its range falls back to (or is clamped
into) the allowed values: a hand-edited link never breaks the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class Param:
    default: Any
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None

    def parse(self, raw: str) -> Any:
        """The URL text as a valid value, or the default when it cannot be one."""
        if isinstance(self.default, tuple):  # a list of names, comma-separated in the URL
            items = [item.strip() for item in raw.split(",") if item.strip()]
            if self.choices is not None:
                items = [item for item in items if item in self.choices]
            return list(dict.fromkeys(items))
        try:
            if isinstance(self.default, bool):
                value = raw.lower() in ("1", "true", "yes", "on")
            elif isinstance(self.default, int | float):
                number = float(raw)
                if not math.isfinite(number):  # "inf", "nan", "1e400"
                    return self.default
                value = type(self.default)(number)
            else:
                value = raw
        except (TypeError, ValueError, OverflowError):
            return self.default
        if self.choices is not None:
            matches = [c for c in self.choices if str(c) == str(value)]
            return matches[0] if matches else self.default
        if self.lo is not None and value < self.lo:
            value = type(self.default)(self.lo)
        if self.hi is not None and value > self.hi:
            value = type(self.default)(self.hi)
        return value

    def format(self, value: Any) -> str:
        if isinstance(self.default, tuple):
            return ",".join(str(item) for item in value)
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


class Params:
    def __init__(self, **params: Param):
        self.params = params

    def init(self) -> None:
        """Seed session state from the URL the first time this session sees each key."""
        for key, param in self.params.items():
            if key in st.session_state:
                continue
            raw = st.query_params.get(key)
            st.session_state[key] = param.default if raw is None else param.parse(raw)

    def publish(self) -> None:
        """Write the current values into the URL, leaving defaults out to keep links short."""
        for key, param in self.params.items():
            value = st.session_state.get(key, param.default)
            text = param.format(value)
            if value == param.default or (isinstance(param.default, tuple)
                                          and tuple(value or ()) == param.default):
                if key in st.query_params:
                    del st.query_params[key]
            elif st.query_params.get(key) != text:
                st.query_params[key] = text
