"""Model mode: the model bar and settings, the data view, the metrics panel, CSV columns."""
