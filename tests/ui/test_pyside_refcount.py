"""Guard against the PySide6 6.12.0 refcount bug (None/True lose a reference per call, and
the interpreter aborts with "none_dealloc" after a few thousand calls). Runs in a subprocess so
a crash cannot take the suite down."""

import subprocess
import sys

CODE = r"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

class Emitter(QObject):
    fired = Signal(bool)

app = QApplication([])
w = QWidget()
e = Emitter()
e.fired.connect(lambda v: None)
for _ in range(200):
    w.update(); e.fired.emit(True)
none0, true0 = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(10_000):
    w.update()          # void-returning Qt call
for _ in range(10_000):
    e.fired.emit(True)  # Signal.emit
none1, true1 = sys.getrefcount(None), sys.getrefcount(True)
print(none0, none1, true0, true1)
"""


def test_void_calls_and_emits_keep_refcounts():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    none0, none1, true0, true1 = map(int, out.stdout.split())
    # A leak of one reference per call would show as a drop of ~10,000.
    assert none1 >= none0 - 50, (none0, none1)
    assert true1 >= true0 - 50, (true0, true1)
