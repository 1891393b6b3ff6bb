"""Model mode, driven as a person would: the Function/Model switch, data and model chosen with
the keyboard, playback moving the data view and the metrics, a bad CSV, sessions, the sweep."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ui.shell.model_mode import is_model_landscape

LANDSCAPE_TIMEOUT = 90_000


def wait_model(window, qtbot, name=None, data=None):
    """Until the model landscape (of ``name`` on ``data``) and its runs are on screen."""

    def ready():
        land = window.model.landscape
        if not is_model_landscape(land) or not window.is_ready():
            return False
        config = land.objective.config
        return (name is None or config.name == name) and (data is None or config.data == data)

    qtbot.waitUntil(ready, timeout=LANDSCAPE_TIMEOUT)


def enter_model_mode(window, qtbot):
    qtbot.mouseClick(window.model_mode.model_button, Qt.MouseButton.LeftButton)
    wait_model(window, qtbot)


def choose(qtbot, combo, data) -> None:
    """Pick the item holding ``data`` with the arrow keys (each move is an 'activated')."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def open_csv_item(qtbot, combo) -> None:
    """Open the list and click "Open CSV…" (it opens the file dialog)."""
    from ui.modelmode.model_bar import OPEN_CSV

    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5_000)
    rect = view.visualRect(view.model().index(combo.findData(OPEN_CSV), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)


def play_to(window, qtbot, frame: int) -> None:
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.frame >= frame, timeout=20_000)
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)


def select_run(window, qtbot, optimizer: str) -> None:
    entry = next(r for r in window.model.runs if r.name == optimizer)
    card = window.optimizer_panel.card(entry.run_id)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.model.selected_run == entry.run_id


def test_switch_to_model_mode_and_back(window, qtbot):
    text = window.model.landscape.text
    enter_model_mode(window, qtbot)
    mode = window.model_mode
    assert window.request_bars.currentWidget() is mode.bar  # the window owns its bars
    assert window.docks["data"].isVisible() and window.docks["metrics"].isVisible()
    assert [r.name for r in window.model.runs] == ["gd", "sgd", "adam"]
    assert window.contour_view.plot_item.getAxis("bottom").labelText == "w1"
    for entry in window.model.runs:  # every parameter trained; trails are in view coordinates
        assert entry.trajectory.full.xs.shape[1] == entry.trajectory.xs.shape[1] == 2
    qtbot.mouseClick(mode.function_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.model.landscape.text == text and window.is_ready(), timeout=LANDSCAPE_TIMEOUT
    )
    assert window.request_bars.currentWidget() is window.function_bar
    assert not window.docks["data"].isVisible()
    assert window.contour_view.plot_item.getAxis("bottom").labelText == "x"


def test_logreg_on_blobs_boundary_and_metrics_move_with_playback(window, qtbot):
    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.data_combo, "moons")
    choose(qtbot, bar.data_combo, "blobs")
    choose(qtbot, bar.model_combo, "logreg")
    wait_model(window, qtbot, "logreg", "blobs")
    assert "whole landscape" in bar.caption.text()
    select_run(window, qtbot, "gd")
    qtbot.mouseClick(window.playback.reset_button, Qt.MouseButton.LeftButton)
    view, metrics = window.model_mode.data_view, window.model_mode.metrics_panel
    assert view.geometry.kind == "boundary" and view.current["step"] == 0
    first_metrics = dict(metrics.metrics)
    play_to(window, qtbot, 8)
    early = np.column_stack(view.current["curve"])
    early_metrics = dict(metrics.metrics)
    play_to(window, qtbot, window.model.frame + 25)
    later = np.column_stack(view.current["curve"])
    assert view.current["step"] == window.model.frame
    assert early.shape == later.shape == (2, 2) and not np.allclose(early, later)
    assert (
        first_metrics["accuracy"] != metrics.metrics["accuracy"]
        or early_metrics["accuracy"] != metrics.metrics["accuracy"]
    )
    assert metrics.metrics["accuracy"] > 0.75
    assert metrics.value_labels["accuracy"].text() == f"{metrics.metrics['accuracy']:.3f}"
    assert np.sum(metrics.metrics["confusion"]) == window.model.landscape.objective.context.test.m
    assert metrics.test_curve.xData.size == window.model.frame + 1


def test_linreg_line_converges_towards_the_least_squares_fit(window, qtbot):
    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.model_combo, "linreg")  # passes multireg: the data becomes regression
    assert bar.infos[bar.data()][1] == "regression"
    choose(qtbot, bar.data_combo, "linear")
    wait_model(window, qtbot, "linreg", "linear")
    view = window.model_mode.data_view
    assert view.geometry.kind == "line"
    select_run(window, qtbot, "gd")
    target = np.array(
        view.geometry.line_coefficients(window.model.landscape.objective.model.theta_star)
    )
    ref_x, ref_y = view.reference.getData()
    assert np.allclose(np.polyfit(ref_x, ref_y, 1), target)
    qtbot.mouseClick(window.playback.reset_button, Qt.MouseButton.LeftButton)
    distances = [np.linalg.norm(np.array(view.current["line"]) - target)]
    for _ in range(3):
        play_to(window, qtbot, window.model.frame + 10)
        distances.append(np.linalg.norm(np.array(view.current["line"]) - target))
    window.model.set_frame(window.model.last_frame())
    distances.append(np.linalg.norm(np.array(view.current["line"]) - target))
    # never away from the fit (GD at its suggested rate 2/(L+μ) may land on it in one step)
    assert all(b <= a + 1e-9 for a, b in zip(distances, distances[1:], strict=False))
    assert distances[-1] < 1e-3 * distances[0]
    assert distances[-1] < 0.01 * np.linalg.norm(target)
    r2 = window.model_mode.metrics_panel.metrics["r2"]
    assert r2 > 0.8


def bad_csv(tmp_path):
    path = tmp_path / "prices.csv"
    rows = ["area,rooms,price"] + [f"{50 + i},{1 + i % 4},{100 + 3 * i}" for i in range(20)]
    rows[4] = "80,2,lots"
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def test_a_bad_csv_shows_its_message_and_changes_nothing(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    enter_model_mode(window, qtbot)
    before = window.capture_session()
    landscape = window.model.landscape
    trajectories = [r.trajectory for r in window.model.runs]
    bar = window.model_mode.bar
    chosen = {"path": bad_csv(tmp_path)}
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen["path"], ""))
    )
    open_csv_item(qtbot, bar.data_combo)
    assert "non-numeric value 'lots' in row 4, column 'price'" in bar.error_text()
    assert bar.data() == "blobs" and bar.data_combo.findData(chosen["path"]) < 0
    qtbot.wait(600)  # longer than the debounce: nothing may be requested
    assert window.model.landscape is landscape and not window.controller.hub.busy()
    assert [r.trajectory for r in window.model.runs] == trajectories
    assert window.capture_session().model == before.model
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xfe\x00 not text")
    chosen["path"] = str(broken)
    open_csv_item(qtbot, bar.data_combo)
    assert "not UTF-8" in bar.error_text()
    assert bar.data_combo.findData(str(broken)) < 0
    assert window.model.landscape is landscape


def test_a_good_csv_trains_on_the_chosen_columns(window, qtbot, tmp_path):
    enter_model_mode(window, qtbot)
    path = tmp_path / "prices.csv"
    rows = ["id,area,rooms,price"] + [
        f"h{i},{50 + i},{1 + i % 3},{100 + 3 * i + (i % 5)}" for i in range(30)
    ]
    path.write_text("\n".join(rows) + "\n")
    bar = window.model_mode.bar
    assert bar.open_csv(str(path))  # the text column "id" starts unticked
    assert bar.columns.choice() == ("price", ["area", "rooms"])
    bar.columns.set_feature("rooms", False)
    wait_model(window, qtbot, data=str(path))
    objective = window.model.landscape.objective
    assert objective.model.data.feature_names == ("area",)
    assert objective.config.settings["target"] == "price"
    bar.columns.set_feature("id", True)
    assert "non-numeric value 'h0' in row 1, column 'id'" in bar.error_text()
    qtbot.wait(600)
    assert window.model.landscape.objective is objective
    assert objective.config.name in ("linreg", "multireg")
    assert window.model_mode.data_view.geometry.kind == "line"


def test_multireg_and_mlp_say_what_the_view_is(window, qtbot):
    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.model_combo, "multireg")
    wait_model(window, qtbot, "multireg", "multilinear")
    text = bar.caption.text()
    assert "2-D slice" in text and "held at their optimum" in text and "projections" in text
    assert window.model_mode.data_view.geometry.kind == "pred"
    choose(qtbot, bar.model_combo, "mlp")
    choose(qtbot, bar.data_combo, "moons")
    wait_model(window, qtbot, "mlp", "moons")
    assert "PCA plane" in bar.caption.text() and "%" in bar.caption.text()
    boundary = window.model_mode.data_view.current["curve"]
    assert np.isfinite(boundary[0]).sum() > 10
    choose(qtbot, bar.settings.plane, "random")
    qtbot.waitUntil(
        lambda: window.model.landscape.objective.config.view == "random" and window.is_ready(),
        timeout=LANDSCAPE_TIMEOUT,
    )
    assert "filter-normalised random plane" in bar.caption.text()


def test_model_sessions_save_and_load(window, qtbot, tmp_path):
    from ui.shell.menus import new_session, open_path, save_path

    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    bar.settings.logreg_l2.setValue(0.2)
    qtbot.waitUntil(
        lambda: (
            window.model.landscape.objective.config.settings.get("l2") == 0.2 and window.is_ready()
        ),
        timeout=LANDSCAPE_TIMEOUT,
    )
    path = str(tmp_path / "model.landscape.json")
    assert save_path(window, path)
    new_session(window)
    qtbot.waitUntil(
        lambda: not is_model_landscape(window.model.landscape) and window.is_ready(),
        timeout=LANDSCAPE_TIMEOUT,
    )
    assert window.model_mode.mode == "function"
    assert open_path(window, path)
    wait_model(window, qtbot, "logreg", "blobs")
    assert window.model_mode.mode == "model"
    assert bar.settings.logreg_l2.value() == 0.2
    assert window.model.landscape.objective.model.l2 == 0.2


def open_sweep(window, qtbot):
    enter_model_mode(window, qtbot)
    qtbot.mouseClick(window.model_mode.bar.sweep_button, Qt.MouseButton.LeftButton)
    panel = window.model_mode.sweep_panel
    assert window.docks["sweep"].isVisible()
    assert panel.model_combo.currentData() == "logreg"
    return panel


def test_the_sweep_panel_runs_a_tiny_grid_and_fills_the_table(window, qtbot, tmp_path):
    panel = open_sweep(window, qtbot)
    qtbot.keyClicks(panel.fields["lr"], "0.1, 1")
    qtbot.keyClicks(panel.fields["max_steps"], "40")
    panel.seeds.setValue(2)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.running() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.running() and panel.result is not None, timeout=180_000)
    assert panel.table.rowCount() == 2
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers[:2] == ["lr", "max_steps"] and "mean" in headers
    assert len(panel.result.rows) == 4 and panel.progress.value() == 4
    assert list(panel.plot.plots) == ["lr"]
    assert "best test_accuracy" in panel.status.text()
    out = tmp_path / "sweep.csv"
    assert panel.export(str(out))
    assert len(out.read_text().strip().splitlines()) == 5


def test_a_typo_in_the_grid_is_reported_at_once(window, qtbot):
    panel = open_sweep(window, qtbot)
    qtbot.keyClicks(panel.fields["optimizer"], "adma")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert not panel.running()
    assert "unknown optimizer" in panel.status.text() and "adam" in panel.status.text()


def test_cancel_stops_a_sweep(window, qtbot):
    panel = open_sweep(window, qtbot)
    qtbot.keyClicks(panel.fields["lr"], ", ".join(f"{0.05 * k:g}" for k in range(1, 21)))
    qtbot.keyClicks(panel.fields["max_steps"], "3000")
    panel.seeds.setValue(3)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.running()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelling" in panel.status.text()
    qtbot.waitUntil(lambda: not panel.running() and panel.result is not None, timeout=180_000)
    assert panel.result.cancelled and len(panel.result.rows) < 60
    assert "cancelled" in panel.status.text()
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_a_model_run_names_and_shows_the_rate_it_trained_with(window, qtbot):
    """Houses: the lr in each run's name, its card and the data view's list is the one the
    run trained with (the data-scale suggestion), not the optimizer's default."""
    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.model_combo, "multireg")
    choose(qtbot, bar.data_combo, "houses")
    wait_model(window, qtbot, "multireg", "houses")
    combo = window.model_mode.data_view.run_combo
    for run in window.model.runs:
        trained = run.trajectory.hyperparameters["lr"]
        assert run.hyper["lr"] == trained and f"lr {trained:.3g}" in run.label
        card = window.optimizer_panel.card(run.run_id)
        assert card.form.editors["lr"].value() == pytest.approx(trained)
        assert combo.itemText(combo.findData(run.run_id)) == run.label
    adam = next(r for r in window.model.runs if r.name == "adam")
    assert adam.hyper["lr"] > 1  # the loss is in thousands: a rate suited to its scale
