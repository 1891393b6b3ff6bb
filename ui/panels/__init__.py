"""Panels that edit the model through the controller: function bar, optimizers and run cards,
forms, inspector, playback.
"""
