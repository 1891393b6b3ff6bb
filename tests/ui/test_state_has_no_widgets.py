"""ui.state (the model, controller, jobs, workers, timing) uses QtCore only: no widget, no view.

import-linter cannot forbid a subpackage of an external package (PySide6.QtWidgets), so this
test reads every import of every module under ui/state, including imports inside functions.
"""

import ast
from pathlib import Path

import pytest

STATE = Path(__file__).resolve().parents[2] / "ui" / "state"
ALLOWED_QT = {"PySide6", "PySide6.QtCore", "shiboken6"}  # shiboken6: isValid only


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(STATE.glob("*.py")), ids=lambda p: p.name)
def test_state_modules_import_qtcore_only(path):
    qt = [n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6")]
    assert set(qt) <= ALLOWED_QT, f"{path.name} imports {sorted(set(qt) - ALLOWED_QT)}"
    assert not [n for n in _imports(path) if n.split(".")[0] in ("pyqtgraph", "OpenGL")]


def test_the_check_sees_a_widget_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n")
    assert "PySide6.QtWidgets" in _imports(bad)
