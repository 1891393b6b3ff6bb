"""The datasets, sweep and compare sub-commands (registered here until cli/__init__ lists
them)."""

import json

import pytest

import landscape_cli as cli


@pytest.fixture(autouse=True)
def _commands(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "datasets", "datasets")
    monkeypatch.setitem(cli.COMMANDS, "sweep", "sweep")
    monkeypatch.setitem(cli.COMMANDS, "compare", "compare")


def test_datasets_json(capsys):
    assert cli.main(["datasets", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    names = {i["name"] for i in items}
    assert {"moons", "houses", "exams"} <= names
    assert all({"name", "task", "rows", "features", "description"} <= set(i) for i in items)


def test_datasets_text(capsys):
    assert cli.main(["datasets"]) == 0
    assert "houses" in capsys.readouterr().out


def test_sweep_command_writes_files(tmp_path, capsys):
    status = cli.main(
        [
            "sweep",
            "--model",
            "linreg",
            "--data",
            "linear",
            "--param",
            "lr=0.01,0.1",
            "--param",
            "max_steps=30",
            "--metric",
            "r2",
            "--seeds",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0 and "best test_r2" in out
    assert {p.name for p in tmp_path.iterdir()} == {"rows.csv", "summary.csv", "sweep_lr.png"}


def test_sweep_bad_param_is_one_line_error(capsys):
    assert cli.main(["sweep", "--model", "linreg", "--data", "linear", "--param", "lr"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --param needs NAME=V1,V2") and err.count("\n") == 1


def test_compare_command(tmp_path, capsys):
    status = cli.main(
        [
            "compare",
            "--tasks",
            "linreg,booth",
            "--optimizers",
            "gd,bfgs",
            "--max-steps",
            "100",
            "--tune-steps",
            "30",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0 and "bfgs" in out
    assert (tmp_path / "compare.csv").exists() and (tmp_path / "loss_booth.png").exists()
