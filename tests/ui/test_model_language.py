"""Model mode speaks the model's language (issue 11, point 13), driven as a person would:
parameter names on the start fields and axes, learning rates at the data's scale, finished runs
in words, every trail visible (an inset for the short ones), the log loss plot's reference,
and a sweep with plain axes, categories as points and an empty bar before the first run."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.ui.test_model_mode import choose, enter_model_mode, wait_model
from ui.modelmode.trail_inset import SHORT_FRACTION, trail_extent

#: every trail spans at least this share of the view it is drawn in (the map or the inset)
VISIBLE_FRACTION = 0.1


def choose_model(window, qtbot, model: str, data: str) -> None:
    enter_model_mode(window, qtbot)
    bar = window.model_mode.bar
    choose(qtbot, bar.data_combo, data)
    choose(qtbot, bar.model_combo, model)
    wait_model(window, qtbot, model, data)


def play_to_end(window, qtbot) -> None:
    """Rewind and press play (once playing, the button pauses), until the last frame."""
    playback = window.playback
    if playback.is_playing():
        qtbot.mouseClick(playback.play_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(playback.reset_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(playback.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.frame >= window.model.last_frame(), timeout=90_000)


def test_houses_speaks_in_parameters_and_price_units(window, qtbot):
    choose_model(window, qtbot, "multireg", "houses")
    panel = window.optimizer_panel
    assert [label.text() for label in panel.start_labels] == ["start w_area_m2", "w_rooms"]
    plot = window.contour_view.plot_item
    assert plot.getAxis("bottom").labelText == "w_area_m2"
    assert plot.getAxis("left").labelText == "w_rooms"
    adam = next(r for r in window.model.runs if r.name == "adam")
    assert adam.trajectory.full.hyperparameters["lr"] > 1.0  # the data's scale, not 0.05
    model = window.model.landscape.objective.model
    assert adam.trajectory.fs[-1] < 1.001 * model.f_min  # Adam reaches the optimum
    for entry in window.model.runs:  # each card shows the values its run trained with
        shown = panel.card(entry.run_id).form.values()["lr"]
        assert shown == pytest.approx(entry.trajectory.full.hyperparameters["lr"], rel=1e-6)
        assert entry.hyper["lr"] == pytest.approx(shown) and "lr" not in entry.edited  # suggested
    play_to_end(window, qtbot)
    qtbot.waitUntil(lambda: "price_k" in window.statusBar().currentMessage(), timeout=20_000)
    text = window.statusBar().currentMessage()
    assert "trained all 5 parameters of the linear model on houses" in text
    assert "price_k²" in text and "RMSE" in text


def test_log_loss_is_the_gap_to_the_optimum_of_a_linear_model(window, qtbot):
    choose_model(window, qtbot, "linreg", "linear")
    loss = window.loss_panel
    if not loss.log_box.isChecked():
        qtbot.mouseClick(loss.log_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: loss.f_plot.getAxis("left").labelText == "loss − optimum")
    assert loss.f_plot.getAxis("left").logMode
    qtbot.mouseClick(loss.log_box, Qt.MouseButton.LeftButton)  # off: the plain loss
    qtbot.waitUntil(lambda: loss.f_plot.getAxis("left").labelText == "loss")


def test_every_mlp_trail_is_visible_on_the_map_or_in_the_inset(window, qtbot):
    choose_model(window, qtbot, "mlp", "moons")
    loss = window.loss_panel
    if not loss.log_box.isChecked():
        qtbot.mouseClick(loss.log_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: loss.f_plot.getAxis("left").labelText == "loss − best run")
    x0, x1, y0, y1 = window.contour_view.shown_range()
    span = max(x1 - x0, y1 - y0)
    inset = window.model_mode.inset
    runs = window.model.visible_runs()
    short = [r for r in runs if trail_extent(r.trajectory.xs) < SHORT_FRACTION * span]
    assert short, "on the PCA plane GD and SGD travel a few pixels"
    qtbot.waitUntil(inset.widget.isVisible, timeout=10_000)
    assert sorted(inset.short) == sorted(r.run_id for r in short)
    bx0, bx1, by0, by1 = inset.box
    for entry in runs:
        extent = trail_extent(entry.trajectory.xs)
        in_inset = entry.run_id in inset.short
        shown = extent / (bx1 - bx0) if in_inset else extent / span
        assert shown >= VISIBLE_FRACTION, (entry.display_name, shown)
    play_to_end(window, qtbot)
    drawn = inset.shown_trails()
    for entry in short:  # the inset draws the whole trail once played
        assert len(drawn[entry.run_id]) == entry.length()
    assert inset.title.startswith("zoom ×")
    assert window.optimizer_panel.start_labels[0].text() == "start α (PC 1)"


def test_the_inset_hides_when_every_trail_is_long(window, qtbot):
    choose_model(window, qtbot, "logreg", "blobs")
    x0, x1, y0, y1 = window.contour_view.shown_range()
    span = max(x1 - x0, y1 - y0)
    if all(trail_extent(r.trajectory.xs) >= SHORT_FRACTION * span for r in window.model.runs):
        assert not window.model_mode.inset.widget.isVisible()
    qtbot.mouseClick(window.model_mode.function_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.mode == "function" and window.is_ready(), timeout=60_000)
    assert not window.model_mode.inset.widget.isVisible()
    assert window.optimizer_panel.start_labels[0].text() == "start x"


def test_a_sweep_waits_at_zero_then_plots_plain_values_and_categories(window, qtbot):
    enter_model_mode(window, qtbot)
    qtbot.mouseClick(window.model_mode.bar.sweep_button, Qt.MouseButton.LeftButton)
    panel = window.model_mode.sweep_panel
    assert panel.progress.value() == 0 and panel.progress.text() == (
        "0 % · waiting for the first run"
    )
    qtbot.keyClicks(panel.fields["optimizer"], "gd, adam")
    qtbot.keyClicks(panel.fields["lr"], "0.001, 0.002")
    qtbot.keyClicks(panel.fields["max_steps"], "20")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.progress.value() == 0 and "waiting for the first run" in panel.progress.text()
    qtbot.waitUntil(lambda: not panel.running() and panel.result is not None, timeout=180_000)
    assert panel.progress.value() == panel.progress.maximum() == 4 * panel.seeds.value()
    assert panel.progress.text().endswith("runs (100 %)")
    plots = panel.plot.plots
    assert set(plots) == {"optimizer", "lr"}
    for plot in plots.values():
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            assert not axis.autoSIPrefix and "×" not in axis.labelString()
    categories = plots["optimizer"]
    ticks = categories.getAxis("bottom")._tickLevels[0]
    assert [t for _pos, t in ticks] == ["gd", "adam"]
    for item in categories.listDataItems():
        assert item.opts["pen"] is None and item.opts["symbol"] == "o"  # points, no line
        xs = np.asarray(item.xData)
        assert np.all(np.abs(xs - np.round(xs)) <= 0.25)  # within its category's slot
    assert all(item.opts["pen"] is not None for item in plots["lr"].listDataItems())


@pytest.mark.parametrize(
    ("means", "stds", "expected"),
    [
        ([0.86, 0.86], [0.0, 0.0], (0.86 - 0.043, 0.86 + 0.043)),  # flat: a 5 % band
        ([0.0, 0.0], [0.0, 0.0], (-1e-3, 1e-3)),  # flat at zero: at least 0.001
        ([0.5, 0.9], [0.1, 0.0], (0.4, 0.9)),  # spread: means ± stds
        ([np.nan, 0.7], [np.nan, 0.05], (0.65, 0.75)),  # a group that diverged is left out
    ],
)
def test_the_sweep_metric_range_never_runs_past_flat_values(means, stds, expected):
    from ui.sweep.sweep_plot import metric_range

    series = [("s", [1, 2], np.array(means), np.array(stds))]
    assert metric_range(series) == pytest.approx(expected)
    assert metric_range([("s", [1], np.array([np.nan]), np.array([np.nan]))]) is None
