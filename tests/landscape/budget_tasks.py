"""Module-level tasks for the budget worker tests (the worker imports them by name)."""

import time

from landscape.errors import InputError


def add(a, b):
    return a + b


def big_power():
    return 7 ** (9**8)  # holds the GIL for about a minute


def sleep(seconds):
    time.sleep(seconds)
    return "slept"


def hog_memory():
    return bytearray(8 * 1024**3)  # 8 GB: over the worker's memory limit


def bad_input():
    raise InputError("nope", column=3, hint="try again")


def crash():
    raise ZeroDivisionError("boom")


def spin(seconds):
    """Pure-Python work (the interpreter switches threads throughout) for ``seconds``."""
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def surroundings():
    """Where the worker runs and what it imports from: its folder, path and modules' files."""
    import os
    import sys

    import landscape

    return {
        "cwd": os.getcwd(),
        "path": list(sys.path),
        "isolated": sys.flags.isolated,
        "landscape": landscape.__file__,
        "tasks": __file__,
    }
