"""Landscape's model core: parse, differentiate, sample, optimize (numpy + sympy, no Qt)."""

__version__ = "0.1.0"
