"""The model core never loads Qt, pyqtgraph or OpenGL."""

import json
import subprocess
import sys


def test_importing_landscape_loads_no_gui_module():
    code = (
        "import json, sys, pkgutil, importlib, landscape\n"
        "for m in pkgutil.walk_packages(landscape.__path__, 'landscape.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'OpenGL', 'shiboken6'))\n"
        "print(json.dumps(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
