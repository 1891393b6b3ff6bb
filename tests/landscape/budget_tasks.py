"""Module-level tasks for the budget worker tests (the worker imports them by name)."""

import time

from landscape.errors import InputError


def add(a, b):
    return a + b


def big_power():
    return 7 ** (9 ** 8)  # holds the GIL for about a minute


def sleep(seconds):
    time.sleep(seconds)
    return "slept"


def hog_memory():
    return bytearray(8 * 1024**3)  # 8 GB: over the worker's memory limit


def bad_input():
    raise InputError("nope", column=3, hint="try again")


def crash():
    raise ZeroDivisionError("boom")
