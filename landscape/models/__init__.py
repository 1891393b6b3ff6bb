"""Machine-learning models as objectives: data sets, linear and logistic regression, a small
MLP, 2-D views of their parameter spaces, metrics, sweeps and optimizer comparisons.

Modules: ``data`` (Dataset, generators, split, standardise), ``csv_import`` (load_csv),
``catalog`` (list_datasets, load_data), ``linear``, ``logistic``, ``mlp``, ``views``
(SliceView, PlaneView), ``directions`` (filter normalisation, trajectory PCA), ``metrics``,
``registry`` (model names -> builders and settings), ``cli_support`` (for ``landscape run``),
``sweep``, ``compare``, ``plot`` (Pillow PNG charts).

Every model objective exposes all its parameters to the optimizers; the landscape picture is
a 2-D view (``objective.view``) through them.
"""
