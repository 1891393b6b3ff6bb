"""The view fields of how things are drawn (−∇f's length, the surface's shading, the orbit
speed): they round-trip, a file without them loads with the defaults, bad values are refused
with a message naming the field."""

from __future__ import annotations

import json

import pytest

from landscape.errors import InputError
from landscape.session import Session, ViewConfig, from_json, to_json


def test_the_drawing_fields_round_trip():
    session = Session(view=ViewConfig(arrows="unit", shading="lit", orbit_speed=0.25))
    text = to_json(session)
    doc = json.loads(text)
    assert (doc["view"]["arrows"], doc["view"]["shading"]) == ("unit", "lit")
    assert doc["view"]["orbit_speed"] == 0.25
    assert from_json(text) == session and to_json(from_json(text)) == text


def test_a_version_3_file_without_them_loads_with_the_defaults():
    doc = json.loads(to_json(Session()))
    for key in ("arrows", "shading", "orbit_speed"):
        del doc["view"][key]
    view = from_json(json.dumps(doc)).view
    assert (view.arrows, view.shading, view.orbit_speed) == ("scaled", "flat", 1.0)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"arrows": "huge"}, "view.arrows: expected one of scaled, log, unit"),
        ({"arrows": 1}, "view.arrows"),
        ({"shading": "phong"}, "view.shading: expected one of flat, lit"),
        ({"orbit_speed": 0}, "view.orbit_speed: expected a number from 0.1 to 4"),
        ({"orbit_speed": 50}, "view.orbit_speed"),
        ({"orbit_speed": True}, "view.orbit_speed: expected a number"),
        ({"orbit_speed": "fast"}, "view.orbit_speed: expected a number"),
    ],
)
def test_bad_drawing_fields_are_refused(changes, fragment):
    doc = json.loads(to_json(Session()))
    doc["view"].update(changes)
    with pytest.raises(InputError) as info:
        from_json(json.dumps(doc))
    assert fragment in info.value.message
