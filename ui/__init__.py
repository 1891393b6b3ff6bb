"""Landscape's Qt application (PySide6 + pyqtgraph). It shows what ``landscape`` computes."""
