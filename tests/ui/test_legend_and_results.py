"""Who is who, and who won: run colours, names, legends and the results table, driven as a
person would (add and remove runs, type a learning rate, click headers, press Ctrl+C)."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import bowl_landscape, bowl_run


def add_run(window, qtbot, name: str):
    """Choose ``name`` in the optimizer panel and press Add; the new run once computed."""
    panel = window.optimizer_panel
    before = {r.run_id for r in window.model.runs}
    panel.add_combo.setCurrentIndex(panel.add_combo.findData(name))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.model.runs) == len(before) + 1, timeout=10_000)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return next(r for r in window.model.runs if r.run_id not in before)


def remove_run(window, qtbot, run_id: int) -> None:
    card = window.optimizer_panel.card(run_id)
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.run(run_id) is None, timeout=10_000)


def colours(window) -> dict[int, str]:
    return {r.run_id: r.color for r in window.model.runs}


def type_lr(window, qtbot, run_id: int, text: str) -> None:
    box = window.optimizer_panel.card(run_id).form.editors["lr"]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.run(run_id).hyper.get("lr") == float(text), timeout=10_000)
    qtbot.waitUntil(window.is_ready, timeout=60_000)


def expected_legend(window) -> list[str]:
    rows = {r.run_id: r for r in window.results_table.shown_rows()}
    return [
        r.label + (" ★" if rows[r.run_id].winner else "")
        for r in window.model.runs
        if r.visible and r.trajectory is not None
    ]


def test_colours_stay_distinct_and_held_through_adds_and_removes(window, qtbot):
    from ui.state.palette import PALETTE

    for name in ("gd", "newton", "bfgs"):
        add_run(window, qtbot, name)
    held = colours(window)
    assert len(set(held.values())) == len(held) == 6
    assert set(held.values()) <= set(PALETTE)
    ids = list(held)
    removed = ids[1]
    remove_run(window, qtbot, removed)
    kept = {i: c for i, c in held.items() if i != removed}
    assert colours(window) == kept  # every other run keeps its colour
    for name in ("adam", "cg", "lbfgs"):
        new = add_run(window, qtbot, name)
        others = {c for i, c in colours(window).items() if i != new.run_id}
        assert new.color not in others  # never a colour another run holds
    now = colours(window)
    assert len(set(now.values())) == len(now)
    assert {i: now[i] for i in kept} == kept
    # every view draws a run in its colour: trail, arrows, loss curve, table swatch
    for entry in window.model.runs:
        layer = window.contour_view.layers[entry.run_id]
        assert layer.trail.opts["pen"].color().name() == entry.color
        assert layer.vectors["gradient"].opts["pen"].color().name() == entry.color
        assert window.loss_panel.curves[(entry.run_id, "f")].opts["pen"].color().name() == (
            entry.color
        )


def test_trails_are_outlined_at_rest_and_only_the_selected_while_playing(window, qtbot):
    layers = window.contour_view.layers
    selected = window.model.selected_run
    assert all(layer.trail.opts["shadowPen"] is not None for layer in layers.values())
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.contour_view.playing, timeout=5_000)
    outlined = {i for i, layer in layers.items() if layer.trail.opts["shadowPen"] is not None}
    assert outlined == {selected}
    qtbot.mouseClick(window.playback.play_button, Qt.MouseButton.LeftButton)  # pause
    qtbot.waitUntil(lambda: not window.contour_view.playing, timeout=5_000)
    assert all(layer.trail.opts["shadowPen"] is not None for layer in layers.values())


def test_a_colour_another_run_holds_is_refused(window):
    first, second = window.model.runs[:2]
    old = second.color
    window.controller.update_run(second.run_id, color=first.color)
    assert second.color == old
    window.controller.update_run(second.run_id, color="#123456")
    assert second.color == "#123456"


def test_many_runs_never_share_a_colour(app):
    from ui.state.model import AppModel

    model = AppModel()
    for k in range(20):
        model.add_run("gd", "Gradient descent", {"lr": 0.01 * (k + 1)})
    assert len({r.color.lower() for r in model.runs}) == 20
    model.remove_run(model.runs[3].run_id)
    model.add_run("gd", "Gradient descent", {})
    assert len({r.color.lower() for r in model.runs}) == 20


def test_names_tell_runs_apart_and_follow_edits(window, qtbot):
    gd = window.model.runs[0]
    assert gd.name == "gd" and gd.label.startswith("GD (lr ")
    twin = add_run(window, qtbot, "gd")
    type_lr(window, qtbot, gd.run_id, "0.001")
    type_lr(window, qtbot, twin.run_id, "0.0005")
    assert gd.label == "GD (lr 0.001)" and twin.label == "GD (lr 0.0005)"
    type_lr(window, qtbot, twin.run_id, "0.001")
    assert gd.label == "GD (lr 0.001)" and twin.label == "GD (lr 0.001) #2"
    combo = window.inspector.run_combo
    assert combo.itemText(combo.findData(twin.run_id)) == twin.label
    qtbot.waitUntil(lambda: window.contour_view.legend.texts() == expected_legend(window))
    assert any(t.startswith("GD (lr 0.001) #2") for t in window.contour_view.legend.texts())


def test_legends_list_the_runs_drawn(window, qtbot):
    assert window.contour_view.legend.texts() == expected_legend(window)
    assert window.loss_panel.legend.texts() == expected_legend(window)
    assert sum(t.endswith(" ★") for t in window.contour_view.legend.texts()) == 1
    hidden = window.model.runs[1]
    card = window.optimizer_panel.card(hidden.run_id)
    qtbot.mouseClick(card.visible_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not hidden.visible, timeout=5_000)
    assert hidden.label not in [t.removesuffix(" ★") for t in window.contour_view.legend.texts()]
    assert window.contour_view.legend.texts() == expected_legend(window)
    assert window.loss_panel.legend.texts() == expected_legend(window)
    new = add_run(window, qtbot, "newton")
    assert new.label in [t.removesuffix(" ★") for t in window.loss_panel.legend.texts()]
    shown = [(text, color) for _id, text, color in window.contour_view.legend.entries]
    assert (next(t for t, _ in shown if t.startswith("Newton")), new.color) in shown


def test_the_overlay_legend_of_the_surface(app, qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.state.model import AppModel
    from ui.views.run_legend import OverlayLegend

    model = AppModel()
    model.set_landscape(bowl_landscape())
    host = QWidget()
    qtbot.addWidget(host)
    legend = OverlayLegend(model, host)
    host.show()
    a = bowl_run(model, "gd", {"lr": 0.1})
    b = bowl_run(model, "gd", {"lr": 0.01})
    assert not legend.isVisible()  # no GL view yet: nothing to label
    legend.set_enabled(True)
    assert legend.isVisible()
    assert legend.texts() == ["GD (lr 0.1) ★", "GD (lr 0.01)"]
    assert a.color in legend.text() and b.color in legend.text()
    model.remove_run(a.run_id)
    assert legend.texts() == ["GD (lr 0.01) ★"]


def column(table, header: str) -> int:
    from landscape.results import COLUMNS

    return list(COLUMNS.values()).index(header)


def test_results_table_rows_sorting_winner_and_csv(window, qtbot):
    table = window.results_table
    window.docks["results"].raise_()
    newton = add_run(window, qtbot, "newton")
    rows = table.shown_rows()
    assert [r.run_id for r in rows] == [r.run_id for r in window.model.runs]
    assert [r.label for r in rows] == [r.label for r in window.model.runs]
    for row in rows:
        entry = window.model.run(row.run_id)
        assert row.steps == entry.trajectory.n_steps
        assert row.f_final == pytest.approx(float(entry.trajectory.fs[-1]))
        assert row.nfev == entry.trajectory.counts.nfev
    winners = [r for r in rows if r.winner]
    assert len(winners) == 1 and winners[0].run_id == newton.run_id  # Newton: fewest steps
    assert newton.trajectory.status == "converged"
    assert "★" in table.summary.text() and newton.label in table.summary.text()
    # the preset's f* = 0 and its minimum (1, 1) are known: gap and distance are filled
    win = winners[0]
    assert win.gap == pytest.approx(win.f_final) and win.distance < 1e-3
    # click "final f": ascending, then descending
    header = table.view.horizontalHeader()
    col = column(table, "final f")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section(header, col))
    values = [r.f_final for r in table.shown_rows()]
    assert values == sorted(values)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section(header, col))
    values = [r.f_final for r in table.shown_rows()]
    assert values == sorted(values, reverse=True)
    bold = table.proxy.index([r.run_id for r in table.shown_rows()].index(newton.run_id), 0).data(
        Qt.ItemDataRole.FontRole
    )
    assert bold is not None and bold.bold()
    # Ctrl+C in the table copies the rows as shown
    QApplication.clipboard().clear()
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "", timeout=5_000)
    parsed = list(csv.reader(io.StringIO(QApplication.clipboard().text())))
    assert parsed[0][0] == "run" and parsed[0][-1] == "won"
    assert [line[0] for line in parsed[1:]] == [r.label for r in table.shown_rows()]
    assert [float(line[col]) for line in parsed[1:]] == values
    assert [line[-1] for line in parsed[1:]].count("1") == 1
    # the button copies the same text
    QApplication.clipboard().clear()
    qtbot.mouseClick(table.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == table.csv_text()


def test_results_table_follows_the_model(window, qtbot):
    table = window.results_table
    first = window.model.runs[0]
    remove_run(window, qtbot, first.run_id)
    qtbot.waitUntil(lambda: first.run_id not in [r.run_id for r in table.shown_rows()])
    assert table.items.rowCount() == len(window.model.runs)
    adam = next(r for r in window.model.runs if r.name == "adam")
    old = adam.trajectory
    type_lr(window, qtbot, adam.run_id, "0.02")
    assert adam.trajectory is not old
    row = next(r for r in table.shown_rows() if r.run_id == adam.run_id)
    assert row.label == "Adam (lr 0.02)"
    assert row.f_final == pytest.approx(float(adam.trajectory.fs[-1]))
    # clicking a row selects its run
    index = table.proxy.index([r.run_id for r in table.shown_rows()].index(adam.run_id), 1)
    rect = table.view.visualRect(index)
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.model.selected_run == adam.run_id, timeout=5_000)


def _section(header, col: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    return QPoint(x, header.height() // 2)
