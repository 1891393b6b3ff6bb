"""The built-in test functions, read from ``resources/presets.json`` (data, not code).

Each preset gives the expression as a person would type it, a domain that makes a good picture,
a start that makes a good race, the known minimisers and minimum value (``f_min`` is None for
functions without a minimum, such as saddles), and a recommended ``race``: the optimizers that
show what the description says, with the hyperparameters that matter for it and a step count.
Values a race does not give come from :mod:`landscape.optim.suggest`.

Document versions: 1 (no races) still loads, with ``race`` None; 2 requires a race per preset.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from landscape.errors import InputError
from landscape.grid import Domain

_FIELDS = ("name", "title", "expression", "domain", "start", "minima", "f_min", "description")
VERSIONS = (1, 2)
#: The largest step count a race may ask for.
MAX_RACE_STEPS = 100_000


@dataclass(frozen=True)
class RaceEntry:
    """One racer: a registry ``optimizer`` name and the ``hyper`` values that matter, as
    ``((name, value), ...)`` (the others are suggested when the race is run)."""

    optimizer: str
    hyper: tuple[tuple[str, Any], ...] = ()

    def hyper_dict(self) -> dict[str, Any]:
        return dict(self.hyper)


@dataclass(frozen=True)
class Race:
    """A recommended race: ``runs`` (RaceEntry, in display order) for ``steps`` steps."""

    steps: int
    runs: tuple[RaceEntry, ...]

    @property
    def optimizers(self) -> tuple[str, ...]:
        return tuple(entry.optimizer for entry in self.runs)


@dataclass(frozen=True)
class Preset:
    """One built-in function.

    ``domain`` is ``((xmin, xmax), (ymin, ymax))``, ``start`` ``(x, y)``, ``minima`` a tuple of
    ``(x, y)`` (empty when there is none), ``f_min`` the minimum value or None, and ``race``
    the recommended :class:`Race` (None only for a version-1 document).
    """

    name: str
    title: str
    expression: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    f_min: float | None
    description: str
    race: Race | None = None

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


def _race(value, name: str) -> Race:
    """A :class:`Race` from ``{"steps": N, "runs": [{"optimizer": ..., "hyper": {...}}]}``,
    validated against the optimizer registry (InputError naming the preset)."""
    from landscape.optim import get_spec

    where = f"preset {name!r}: race"
    if not isinstance(value, dict) or set(value) != {"steps", "runs"}:
        raise InputError(f"{where} must be an object with steps and runs")
    steps = value["steps"]
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_RACE_STEPS:
        raise InputError(f"{where}: steps must be an integer from 1 to {MAX_RACE_STEPS}")
    runs = value["runs"]
    if not isinstance(runs, list) or not runs:
        raise InputError(f"{where}: runs must be a non-empty list")
    entries = []
    for item in runs:
        if (
            not isinstance(item, dict)
            or not set(item) <= {"optimizer", "hyper"}
            or "optimizer" not in item
        ):
            raise InputError(f'{where}: each run is {{"optimizer": NAME, "hyper": {{...}}}}')
        hyper = item.get("hyper", {})
        if not isinstance(hyper, dict):
            raise InputError(f"{where}: hyper must be an object")
        try:
            spec = get_spec(item["optimizer"])
            spec.make(**hyper)
        except InputError as exc:
            raise InputError(
                f"{where}: {item['optimizer']}: {exc.message}", hint=exc.hint
            ) from None
        entries.append(RaceEntry(spec.name, tuple(hyper.items())))
    return Race(steps, tuple(entries))


def _from_dict(data: dict, version: int = 2) -> Preset:
    """A :class:`Preset` from its JSON object, validated (InputError on a malformed entry)."""
    if not isinstance(data, dict):
        raise InputError("a preset must be a JSON object")
    name = str(data.get("name", "?"))
    missing = [k for k in _FIELDS + (("race",) if version >= 2 else ()) if k not in data]
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
        race=_race(data["race"], name) if version >= 2 or "race" in data else None,
    )


def presets_from_json(text: str) -> tuple[Preset, ...]:
    """Parse a presets document ``{"version": 2, "presets": [...]}`` (version 1: no races)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the presets file is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("presets"), list):
        raise InputError('the presets file must be an object with a "presets" list')
    version = doc.get("version", 1)
    if version not in VERSIONS:
        raise InputError(
            f"presets file version {version!r} is not one of {', '.join(map(str, VERSIONS))}"
        )
    presets = tuple(_from_dict(p, version) for p in doc["presets"])
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


def race_to_json(race: Race) -> dict:
    """``{"steps": N, "runs": [{"optimizer": NAME, "hyper": {...}}]}`` (hyper only when set)."""
    runs = [
        {"optimizer": e.optimizer, **({"hyper": e.hyper_dict()} if e.hyper else {})}
        for e in race.runs
    ]
    return {"steps": race.steps, "runs": runs}


def preset_to_json(preset: Preset) -> dict:
    """The preset as a JSON-ready dict with the keys of ``resources/presets.json``."""
    out: dict[str, Any] = {
        "name": preset.name,
        "title": preset.title,
        "expression": preset.expression,
        "domain": [list(r) for r in preset.domain],
        "start": list(preset.start),
        "minima": [list(m) for m in preset.minima],
        "f_min": preset.f_min,
        "description": preset.description,
    }
    if preset.race is not None:
        out["race"] = race_to_json(preset.race)
    return out
