"""Sessions keep whether the person set the domain; old files without the field read "not set"."""

from __future__ import annotations

import json

import pytest

from landscape.errors import InputError
from landscape.session import Session, from_json, load, save, to_json


@pytest.mark.parametrize("flag", [True, False])
def test_domain_set_round_trips_through_a_file(tmp_path, flag):
    path = tmp_path / "s.json"
    save(Session(domain=(-3.0, 1.0, -2.0, 2.0), domain_set=flag), path)
    back = load(path)
    assert back.domain_set is flag
    assert back.domain == (-3.0, 1.0, -2.0, 2.0)


def test_a_session_without_the_field_loads_as_not_set():
    data = json.loads(to_json(Session(domain_set=True)))
    del data["domain_set"]
    assert from_json(json.dumps(data)).domain_set is False


@pytest.mark.parametrize("value", [1, "yes", None])
def test_a_non_boolean_domain_set_is_refused(value):
    data = json.loads(to_json(Session()))
    data["domain_set"] = value
    with pytest.raises(InputError, match="domain_set"):
        from_json(json.dumps(data))
