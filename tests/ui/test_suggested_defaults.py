"""Issue 11 point 1 in the app, driven as a person would: a preset runs its recommended race
with the suggestion for every other value; a value the person edits is kept when the function
changes and the suggestion shows beside it; "Suggest" takes it back; a run that did not
converge says what to try."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt


def choose_preset(window, qtbot, name: str) -> None:
    combo = window.function_bar.preset_combo
    index = combo.findData(name)
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: window.model.preset == name, timeout=30_000)
    qtbot.waitUntil(
        lambda: window.is_ready() and all(r.trajectory is not None for r in window.model.runs),
        timeout=60_000,
    )
    window.playback.pause()
    slider = window.playback.slider
    slider.setValue(slider.maximum())  # the timeline dragged to the end of the race
    assert window.model.frame == window.model.last_frame()


def type_into(qtbot, box, text: str) -> None:
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def type_function(window, qtbot, text: str) -> None:
    edit = window.function_bar.text_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.model.landscape.text == text and window.is_ready(), timeout=60_000
    )


def test_the_bowl_preset_runs_its_race_and_every_run_converges(window, qtbot):
    choose_preset(window, qtbot, "bowl")
    model = window.model
    assert [r.name for r in model.runs] == ["gd", "momentum", "adam"]
    assert model.max_steps == 1000  # the race's step count
    gd, momentum, adam = model.runs
    assert gd.hyper["lr"] == 0.1 and "race" in gd.suggestion.reasons["lr"]
    assert adam.hyper["schedule"] == "cosine"  # suggested, not the registry's constant
    for entry in model.runs:
        assert not entry.edited
        assert entry.trajectory.status == "converged", (entry.name, entry.trajectory.message)
        assert entry.trajectory.hyperparameters["lr"] == entry.hyper["lr"]
        card = window.optimizer_panel.card(entry.run_id)
        assert card.status.text().startswith("converged")
        assert not card.advice.isVisible()


def test_an_edited_lr_is_kept_when_the_function_changes_and_suggest_takes_it_back(window, qtbot):
    choose_preset(window, qtbot, "bowl")
    adam = next(r for r in window.model.runs if r.name == "adam")
    card = window.optimizer_panel.card(adam.run_id)
    old = adam.trajectory
    type_into(qtbot, card.form.editors["lr"], "0.05")
    qtbot.waitUntil(lambda: adam.trajectory is not old and window.is_ready(), timeout=60_000)
    assert adam.edited == {"lr"} and adam.hyper["lr"] == 0.05
    assert card.form.hints["lr"].text().startswith("suggested ")

    momentum = next(r for r in window.model.runs if r.name == "momentum")
    bowl_momentum_lr = momentum.hyper["lr"]
    type_function(window, qtbot, "(x-1)^2 + 3(y+2)^2")
    qtbot.waitUntil(lambda: adam.suggestion is not None and not adam.pending, timeout=60_000)
    assert adam.hyper["lr"] == 0.05  # the person's value stays
    assert adam.trajectory.hyperparameters["lr"] == 0.05
    suggested = adam.suggestion.values["lr"]
    assert not math.isclose(suggested, 0.05)
    hint = card.form.hints["lr"]
    assert hint.text() == f"suggested {suggested:.3g}" and hint.isVisible()
    assert "span" in hint.toolTip()  # the suggestion's reason
    assert momentum.hyper["lr"] != bowl_momentum_lr  # not edited: follows the new function
    assert momentum.hyper["lr"] == momentum.suggestion.values["lr"]
    assert card.suggest_button.isEnabled()

    old = adam.trajectory
    qtbot.mouseClick(card.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: adam.trajectory is not old and window.is_ready(), timeout=60_000)
    assert not adam.edited
    assert adam.hyper["lr"] == adam.suggestion.values["lr"]
    assert math.isclose(card.form.values()["lr"], adam.hyper["lr"], rel_tol=1e-9)
    assert not card.form.hints["lr"].text() and not card.suggest_button.isEnabled()
    assert abs(adam.trajectory.f_final) < 1e-3  # f* = 0


def test_a_run_that_did_not_converge_says_what_to_try(window, qtbot):
    """Rosenbrock with a GD whose lr the person typed (0.002): slow along the valley."""
    from tests.ui.test_legend_and_results import add_run, type_lr

    gd = add_run(window, qtbot, "gd")
    type_lr(window, qtbot, gd.run_id, "0.002")
    assert gd.edited == {"lr"} and gd.trajectory.status == "max_steps"
    card = window.optimizer_panel.card(gd.run_id)
    qtbot.waitUntil(lambda: gd.advice is not None, timeout=60_000)
    assert gd.advice.startswith(f"did not converge in {window.model.max_steps} steps; ")
    assert card.advice.text() == gd.advice and card.advice.isVisible()
    newton = next(r for r in window.model.runs if r.name == "newton")
    assert newton.trajectory.status == "converged" and newton.advice is None


def test_a_session_keeps_which_values_the_person_edited(window, qtbot, tmp_path):
    from landscape.session import load, save
    from tests.ui.conftest import make_window

    gd = window.model.runs[0]
    type_into(qtbot, window.optimizer_panel.card(gd.run_id).form.editors["lr"], "0.001")
    qtbot.waitUntil(lambda: gd.hyper["lr"] == 0.001 and window.is_ready(), timeout=60_000)
    path = tmp_path / "edited.json"
    save(window.capture_session(), path)
    loaded = load(path)
    assert loaded.runs[0].edited == ("lr",) and loaded.runs[1].edited == ()
    second = make_window(qtbot, loaded)
    try:
        assert second.model.runs[0].edited == {"lr"} and not second.model.runs[1].edited
        again = tmp_path / "again.json"
        save(second.capture_session(), again)
        assert again.read_bytes() == path.read_bytes()
    finally:
        second.controller.shutdown()
