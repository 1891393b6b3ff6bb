"""A run's ``edited`` names in a session: saved when known, absent in older files (None), and
checked like every other field."""

from __future__ import annotations

import json

import pytest

from landscape.errors import InputError
from landscape.session import RunConfig, Session, from_json, to_json


def _doc(run: dict) -> str:
    return json.dumps({"version": 3, "runs": [{"optimizer": "adam", **run}]})


@pytest.mark.parametrize(
    "edited, expected",
    [(None, None), ((), ()), (("lr",), ("lr",)), (("lr", "beta1"), ("beta1", "lr"))],
)
def test_edited_round_trips(edited, expected):
    session = Session(runs=[RunConfig("adam", {"lr": 0.05, "beta1": 0.8}, edited=edited)])
    text = to_json(session)
    assert ('"edited"' in text) is (edited is not None)
    loaded = from_json(text)
    assert loaded.runs[0].edited == expected
    assert to_json(loaded) == to_json(
        Session(runs=[RunConfig("adam", {"lr": 0.05, "beta1": 0.8}, edited=expected)])
    )


def test_a_file_without_edited_loads_as_none():
    assert from_json(_doc({"hyper": {"lr": 0.1}})).runs[0].edited is None


@pytest.mark.parametrize("value", ["lr", [1], ["bad name!"], [True], {"lr": 1}, ["x"] * 100])
def test_bad_edited_is_refused_naming_the_run(value):
    with pytest.raises(InputError, match=r"runs\[1\]: edited"):
        from_json(_doc({"edited": value}))
