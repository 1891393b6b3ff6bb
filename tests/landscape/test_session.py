"""Sessions: saved and loaded back identically; every hostile field refused with a message."""

from __future__ import annotations

import json
import os

import pytest

from landscape.errors import InputError
from landscape.session import (
    MAX_FILE_BYTES,
    SESSION_VERSION,
    RunConfig,
    Session,
    from_json,
    load,
    save,
    to_json,
)


def sample() -> Session:
    return Session(
        text="x^2 - y^2",
        domain=(-2.0, 2.0, -1.5, 3.0),
        resolution=150,
        color_scale="linear",
        colormap="magma",
        runs=[
            RunConfig("gd", {"lr": 0.002}, "#ff453a"),
            RunConfig("adam", {"lr": 0.05, "amsgrad": True}, "#32d2ff", visible=False),
            RunConfig("newton", {"safeguard": "eigenvalue_modification"}, "#a0ff00"),
        ],
        start=(-1.2, 1.0),
        step=42,
        max_steps=300,
        layout="contour",
        preset="saddle",
    )


def test_round_trip_through_a_file(tmp_path):
    path = tmp_path / "s.landscape.json"
    save(sample(), path)
    assert load(path) == sample()
    doc = json.loads(path.read_text())
    assert doc["version"] == SESSION_VERSION


def test_round_trip_through_text():
    assert from_json(to_json(sample())) == sample()
    assert from_json(to_json(Session())) == Session()


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    save(sample(), path)
    original = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    changed = sample()
    changed.text = "x^2"
    with pytest.raises(InputError, match=r"cannot write .*s\.json: disk full"):
        save(changed, path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def doc(**changes) -> str:
    data = json.loads(to_json(sample()))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('{"version": 1, "start": [NaN, 0]}', "NaN"),
        ('{"version": 1, "start": [Infinity, 0]}', "Infinity"),
        ('{"version": 1, "start": [1e999, 0]}', "too large"),
        ('{"version": 1, "start": [-Infinity, 0]}', "Infinity"),
        ("[1, 2]", "JSON object"),
        ("{", "not valid JSON"),
        ('{"version": 99}', "version"),
        ('{"version": true}', "version"),
        ('{"text": "x"}', "version"),
        ('{"version": 1, "evil": 1}', "unknown field"),
        ("[" * 100_000 + "]" * 100_000, "session"),
    ],
)
def test_malformed_documents_are_refused(text, fragment):
    with pytest.raises(InputError) as info:
        from_json(text)
    assert fragment in info.value.message


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"text": "__import__('os').system('echo hi')"}, "text"),
        ({"text": "x" * 5000}, "too long"),
        ({"text": 42}, "string"),
        ({"domain": [2, 1, 0, 1]}, "min < max"),
        ({"domain": [0, 1, 0]}, "4 numbers"),
        ({"domain": [0, 1e300, 0, 1]}, "out of range"),
        ({"domain": ["0", 1, 0, 1]}, "number"),
        ({"resolution": 10**9}, "resolution"),
        ({"resolution": 100.5}, "resolution"),
        ({"resolution": True}, "resolution"),
        ({"color_scale": "cubic"}, "color_scale"),
        ({"colormap": "../../etc/passwd"}, "colormap"),
        ({"layout": 3}, "layout"),
        ({"start": [0, None]}, "start"),
        ({"step": -1}, "step"),
        ({"max_steps": 10**12}, "max_steps"),
        ({"preset": "a b; rm"}, "preset"),
        ({"runs": {"gd": 1}}, "list"),
        ({"runs": [{"optimizer": "gd"}] * 33}, "at most"),
        ({"runs": [{"optimizer": "os.system"}]}, "optimizer"),
        ({"runs": [{"optimizer": "nosuch"}]}, "unknown optimizer"),
        ({"runs": [{"optimizer": "gd", "hyper": {"lr": -1}}]}, "lr"),
        ({"runs": [{"optimizer": "gd", "hyper": {"bogus": 1}}]}, "bogus"),
        ({"runs": [{"optimizer": "gd", "hyper": {"lr": [1]}}]}, "number"),
        ({"runs": [{"optimizer": "gd", "color": "red; x"}]}, "color"),
        ({"runs": [{"optimizer": "gd", "visible": "yes"}]}, "visible"),
        ({"runs": [{"optimizer": "gd", "code": "x"}]}, "expected"),
        ({"runs": ["gd"]}, "expected"),
    ],
)
def test_hostile_fields_are_refused_with_a_message(changes, fragment):
    with pytest.raises(InputError) as info:
        from_json(doc(**changes))
    assert fragment in info.value.message


def test_files_that_are_too_big_or_not_text_are_refused(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputError, match="too large"):
        load(big)
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match=r"bin\.json is not UTF-8 text \(byte 0\)"):
        load(binary)
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_missing_optional_fields_take_defaults():
    session = from_json('{"version": 1, "text": "x^2 + y^2"}')
    assert session.text == "x^2 + y^2"
    assert session.runs == []
    assert session.resolution == Session().resolution


# -- model mode --------------------------------------------------------------------------------
def model_sample() -> Session:
    from landscape.session import ModelConfig

    session = sample()
    session.mode = "model"
    session.model = ModelConfig(
        "mlp",
        "moons",
        {"width": 8, "activation": "relu", "l2": 0.001, "test_fraction": 0.2},
        "random",
        80,
    )
    return session


def test_model_mode_round_trips_through_a_file(tmp_path):
    path = tmp_path / "m.landscape.json"
    save(model_sample(), path)
    loaded = load(path)
    assert loaded == model_sample()
    assert loaded.mode == "model" and loaded.model.settings["activation"] == "relu"
    assert json.loads(path.read_text())["model"]["data"] == "moons"


def test_version_1_files_still_load_in_function_mode():
    data = json.loads(to_json(sample()))
    data["version"] = 1
    for key in ("mode", "model"):
        data.pop(key)
    session = from_json(json.dumps(data))
    assert session.mode == "function" and session.model is None
    assert session.text == sample().text


def test_a_csv_path_is_kept_without_being_opened():
    from landscape.session import ModelConfig

    session = model_sample()
    session.model = ModelConfig(
        "linreg", "/no/such/dir/prices.csv", {"target": "price", "features": "area"}
    )
    assert from_json(to_json(session)).model.data == "/no/such/dir/prices.csv"


def model_doc(**changes) -> str:
    data = json.loads(to_json(model_sample()))
    data["model"].update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"name": "os.system"}, "model.name"),
        ({"name": 3}, "model.name"),
        ({"data": "nosuch"}, "no built-in data set"),
        ({"data": "/etc/passwd"}, ".csv"),
        ({"data": "x.csv\n"}, "control characters"),
        ({"data": "a" * 2000 + ".csv"}, "model.data"),
        ({"data": ["blobs"]}, "model.data"),
        ({"settings": {"width": 100000}}, "width"),
        ({"settings": {"l2": -1}}, "l2"),
        ({"settings": {"bogus": 1}}, "unknown setting"),
        ({"settings": {"width": [8]}}, "model.settings.width"),
        ({"settings": {"activation": "x" * 500}}, "too long"),
        ({"settings": {"bad key": 1}}, "bad setting name"),
        ({"settings": ["width"]}, "model.settings"),
        ({"view": "sideways"}, "model.view"),
        ({"resolution": 5000}, "model.resolution"),
        ({"resolution": 100.0}, "model.resolution"),
        ({"evil": 1}, "model: expected"),
    ],
)
def test_hostile_model_fields_are_refused_with_a_message(changes, fragment):
    with pytest.raises(InputError) as info:
        from_json(model_doc(**changes))
    assert fragment in info.value.message


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"mode": "quantum"}, "mode"),
        ({"mode": 1}, "mode"),
        ({"model": "mlp"}, "model: expected"),
    ],
)
def test_bad_mode_fields_are_refused(changes, fragment):
    with pytest.raises(InputError) as info:
        from_json(doc(**changes))
    assert fragment in info.value.message


def test_model_session_defaults():
    from landscape.session_model import DEFAULT_DATA
    from landscape.session_starts import model_session

    session = model_session("linreg")
    assert session.mode == "model" and session.model.data == DEFAULT_DATA["linreg"]
    assert [r.optimizer for r in session.runs] == ["gd", "sgd", "adam"]
    assert from_json(to_json(session)) == session
    with pytest.raises(InputError, match="unknown setting"):
        model_session("logreg", settings={"widht": 3})


# -- numbers that cannot be floats, numbers as text, byte-order marks --------------------------
def raw_doc(field_json: str) -> str:
    """A valid document with ``field_json`` (raw JSON text, e.g. a 400-digit number) spliced in."""
    return '{"version": 2, ' + field_json + "}"


BIG = "9" * 400


@pytest.mark.parametrize(
    "field_json",
    [
        f'"start": [{BIG}, 0]',
        f'"domain": [-{BIG}, 1, 0, 1]',
        f'"resolution": {BIG}',
        f'"step": {"1" * 5000}',  # past Python's own 4300-digit limit for int()
        f'"runs": [{{"optimizer": "gd", "hyper": {{"lr": {BIG}}}}}]',
        f'"mode": "model", "model": {{"name": "logreg", "settings": {{"data_seed": {BIG}}}}}',
        f'"mode": "model", "model": {{"name": "logreg", "settings": {{"l2": -{BIG}}}}}',
        '"resolution": 1234567890123456789',
    ],
    ids=[
        "start",
        "domain",
        "resolution",
        "5000 digits",
        "hyper",
        "setting",
        "negative",
        "19 digits",
    ],
)
def test_integers_too_long_for_a_float_are_refused_while_parsing(field_json):
    with pytest.raises(InputError) as info:
        from_json(raw_doc(field_json))
    assert info.value.message.startswith("the session contains a number too large: ")
    assert "digits)" in info.value.message


@pytest.mark.parametrize(
    "data, fragment",
    [
        ({"version": 1, "start": [10**400, 0]}, "start: 10000000000000000000… is out of range"),
        (
            {"version": 1, "runs": [{"optimizer": "gd", "hyper": {"lr": -(10**30)}}]},
            "runs[1].lr: -1000000000000000000… is out of range",
        ),
    ],
)
def test_big_integers_given_as_python_objects_are_refused_too(data, fragment):
    from landscape.session import validate

    with pytest.raises(InputError) as info:
        validate(data)
    assert fragment in info.value.message


def test_big_integers_in_model_settings_given_as_python_objects_are_refused():
    from landscape.session_model import validate_model

    with pytest.raises(InputError, match=r"model.settings.data_seed: 9{20}… is out of range"):
        validate_model({"name": "logreg", "settings": {"data_seed": int(BIG)}})


def run_doc(value) -> str:
    return json.dumps({"version": 2, "runs": [{"optimizer": "gd", "hyper": {"lr": value}}]})


@pytest.mark.parametrize(
    "number, text",
    [
        (1e308, "1e308"),
        (-1e7, "-1e7"),
        (2e6, " 2e6 "),
        (-1, "-1"),
        (0, "0"),
    ],
    ids=["1e308", "-1e7", "2e6 spaced", "negative", "zero"],
)
def test_a_number_as_text_is_refused_exactly_like_the_number(number, text):
    with pytest.raises(InputError) as as_number:
        from_json(run_doc(number))
    with pytest.raises(InputError) as as_text:
        from_json(run_doc(text))
    assert as_text.value.message == as_number.value.message
    assert as_text.value.message.startswith("runs[1]")


@pytest.mark.parametrize("number, text", [(0.5, "0.5"), (3, "3"), (0.001, "1e-3")])
def test_a_number_as_text_loads_exactly_like_the_number(number, text):
    assert from_json(run_doc(text)) == from_json(run_doc(number))


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("nan", "runs[1].lr: NaN is not a number"),
        ("inf", "runs[1].lr: inf is out of range"),
        ("-Infinity", "runs[1].lr: -inf is out of range"),
    ],
)
def test_non_finite_numbers_as_text_are_refused(text, fragment):
    with pytest.raises(InputError) as info:
        from_json(run_doc(text))
    assert info.value.message.startswith(fragment)


@pytest.mark.parametrize("number, text", [(1e308, "1e308"), (-5.0, "-5"), (2e3, "2e3")])
def test_a_model_setting_as_text_is_refused_like_the_number(number, text):
    def model(value):
        return json.dumps(
            {"version": 2, "mode": "model", "model": {"name": "logreg", "settings": {"l2": value}}}
        )

    for value in (number, text):
        with pytest.raises(InputError, match=r"model.settings: l2 = .* is out of range"):
            from_json(model(value))


def test_a_session_written_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + to_json(sample()).encode("utf-8"))
    assert load(path) == sample()
    assert from_json("\ufeff" + to_json(sample())) == sample()
