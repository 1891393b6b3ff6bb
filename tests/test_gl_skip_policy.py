"""CI's rule: with LANDSCAPE_REQUIRE_GL=1 a skipped OpenGL test fails instead of skipping."""

import pathlib
import subprocess
import sys

CONFTEST = pathlib.Path(__file__).with_name("conftest.py").read_text()
TEST = (
    "import pytest\n"
    "@pytest.mark.gl\n"
    "def test_needs_gl():\n"
    "    pytest.skip('no OpenGL context')\n"
    "def test_other():\n"
    "    pytest.skip('not GL')\n"
)


def _run(tmp_path, require):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_x.py").write_text(TEST)
    env = {"LANDSCAPE_REQUIRE_GL": "1"} if require else {}
    import os

    env = {**{k: v for k, v in os.environ.items() if k != "LANDSCAPE_REQUIRE_GL"}, **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_gl_skip_is_a_failure_when_required(tmp_path):
    out = _run(tmp_path, require=True)
    assert out.returncode == 1
    assert "1 failed, 1 skipped" in out.stdout


def test_gl_skip_is_a_skip_otherwise(tmp_path):
    out = _run(tmp_path, require=False)
    assert out.returncode == 0
    assert "2 skipped" in out.stdout
