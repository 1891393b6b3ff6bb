"""The built-in test functions, read from ``resources/presets.json`` (data, not code).

Each preset gives the expression as a person would type it, a domain that makes a good picture,
a start that makes a good race, and the known minimisers and minimum value (``f_min`` is None for
functions without a minimum, such as saddles).
"""

from __future__ import annotations

import importlib.resources
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from landscape.errors import InputError
from landscape.grid import Domain

_FIELDS = ("name", "title", "expression", "domain", "start", "minima", "f_min", "description")


@dataclass(frozen=True)
class Preset:
    """One built-in function.

    ``domain`` is ``((xmin, xmax), (ymin, ymax))``, ``start`` ``(x, y)``, ``minima`` a tuple of
    ``(x, y)`` (empty when there is none) and ``f_min`` the minimum value or None.
    """

    name: str
    title: str
    expression: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    f_min: float | None
    description: str

    @property
    def grid_domain(self) -> Domain:
        """The domain as a validated :class:`~landscape.grid.Domain`."""
        return Domain.from_pairs(self.domain)


def _pair(value, what: str, name: str) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError):
        raise InputError(f"preset {name!r}: {what} must be a pair of numbers") from None
    if not (math.isfinite(a) and math.isfinite(b)):
        raise InputError(f"preset {name!r}: {what} must be finite")
    return (a, b)


def _from_dict(data: dict) -> Preset:
    """A :class:`Preset` from its JSON object, validated (InputError on a malformed entry)."""
    if not isinstance(data, dict):
        raise InputError("a preset must be a JSON object")
    name = str(data.get("name", "?"))
    missing = [k for k in _FIELDS if k not in data]
    if missing:
        raise InputError(f"preset {name!r} lacks {', '.join(missing)}")
    domain = tuple(_pair(p, "each domain range", name) for p in data["domain"])
    if len(domain) != 2:
        raise InputError(f"preset {name!r}: the domain is [[xmin, xmax], [ymin, ymax]]")
    Domain.from_pairs(domain)  # validates
    f_min = data["f_min"]
    return Preset(
        name=name,
        title=str(data["title"]),
        expression=str(data["expression"]),
        domain=domain,
        start=_pair(data["start"], "start", name),
        minima=tuple(_pair(m, "each minimum", name) for m in data["minima"]),
        f_min=None if f_min is None else float(f_min),
        description=str(data["description"]),
    )


def presets_from_json(text: str) -> tuple[Preset, ...]:
    """Parse a presets document ``{"version": 1, "presets": [...]}``."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the presets file is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("presets"), list):
        raise InputError('the presets file must be an object with a "presets" list')
    presets = tuple(_from_dict(p) for p in doc["presets"])
    names = [p.name for p in presets]
    if len(set(names)) != len(names):
        raise InputError("the presets file repeats a name")
    return presets


@lru_cache(maxsize=1)
def list_presets() -> tuple[Preset, ...]:
    """All built-in presets, in the file's order."""
    path = importlib.resources.files("resources") / "presets.json"
    return presets_from_json(path.read_text(encoding="utf-8"))


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (case and ``-``/``_``/space insensitive); InputError listing
    the known names otherwise."""
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    for preset in list_presets():
        if preset.name == key:
            return preset
    known = ", ".join(p.name for p in list_presets())
    raise InputError(f"unknown preset {name!r}", hint=f"known presets: {known}")


def preset_to_json(preset: Preset) -> dict:
    """The preset as a JSON-ready dict with the keys of ``resources/presets.json``."""
    return {
        "name": preset.name,
        "title": preset.title,
        "expression": preset.expression,
        "domain": [list(r) for r in preset.domain],
        "start": list(preset.start),
        "minima": [list(m) for m in preset.minima],
        "f_min": preset.f_min,
        "description": preset.description,
    }
