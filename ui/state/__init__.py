"""The app's state: the one observable model, the controller, background jobs and workers, timing
helpers, sessions.
"""
