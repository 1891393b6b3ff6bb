"""Help → Optimizers shows every update rule from the registry; the Add list's tooltips carry the
rule; run cards colour undefined runs as failures and saddle/maximum ends as warnings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from landscape.optim import list_specs


def test_optimizer_help_lists_every_update_rule_and_source(window):
    from ui.shell.menus import optimizer_help

    window.actions["optimizer_help"].trigger()
    dialog = window.optimizer_help_dialog
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    for spec in list_specs():
        for line in spec.update_rule.splitlines():
            assert line in text
        assert spec.source.split(";")[0] in text
    assert "Learning-rate schedules" in text and "inverse_time" in text
    assert optimizer_help(window, "newton") is dialog  # one window, scrolled to Newton
    dialog.close()


def test_add_list_tooltips_carry_the_update_rule(window):
    combo = window.optimizer_panel.add_combo
    for i, spec in enumerate(list_specs()):
        assert combo.itemData(i) == spec.name
        tip = combo.itemData(i, Qt.ItemDataRole.ToolTipRole)
        assert spec.update_rule in tip and spec.summary in tip


@pytest.mark.parametrize(
    ("text", "start", "run", "status", "kind"),
    [
        ("log(x) + y^2", (1.0, 1.0), ("gd", {"lr": 0.1}), "undefined", "bad"),
        ("x^2 - y^2", (1.0, 0.0), ("gd", {"lr": 0.1}), "converged", "warn"),
        ("x^2 + y^2", (1.0, 1.0), ("newton", {}), "converged", ""),
    ],
)
def test_run_card_colours_the_way_a_run_ended(window, qtbot, text, start, run, status, kind):
    from landscape.session import RunConfig, Session

    session = Session(
        text=text, domain=(-3, 3, -3, 3), start=start, runs=[RunConfig(run[0], run[1])]
    )
    window.apply_session(session)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    entry = window.model.runs[0]
    assert entry.trajectory.status == status, entry.trajectory.message
    window.model.set_frame(entry.length() + 2)
    card = window.optimizer_panel.card(entry.run_id)
    assert card.status.text().startswith(status)
    assert bool(card.status.property("bad")) == (kind == "bad")
    assert bool(card.status.property("warn")) == (kind == "warn")


@pytest.mark.parametrize(
    ("safeguard", "shown", "hidden"),
    [
        ("trust_region", ("initial_radius", "max_radius", "eta"), ("delta", "c1", "rho")),
        ("levenberg", ("delta", "c1", "rho"), ("initial_radius", "max_radius", "eta")),
    ],
)
def test_newton_form_shows_the_settings_of_its_safeguard(app, safeguard, shown, hidden):
    from landscape.optim import get_spec
    from ui.panels.hyper_form import HyperForm

    form = HyperForm(get_spec("newton").params, {"safeguard": safeguard})
    for name in shown:
        assert form._form.isRowVisible(form.rows[name]), name
    for name in hidden:
        assert not form._form.isRowVisible(form.rows[name]), name
