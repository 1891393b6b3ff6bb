"""The hyperparameter sweep: its panel, plot and runner."""
