"""Views of the model: the contour map and its layers, the 3D surface, the loss panel, axes,
colours.
"""
