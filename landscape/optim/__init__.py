"""The optimizer family on one pure protocol (``init``, ``step``), the registry of
hyperparameter specs, runs as iterators, trajectories and races.

Typical use::

    from landscape.optim import make_optimizer, run
    traj = run(make_optimizer("bfgs"), objective, (-1.2, 1.0))
    traj.status, traj.message, traj.xs, traj.counts
"""

from landscape.optim.base import LineSearchError, Optimizer, StepInfo
from landscape.optim.params import Hyper, ParamSpec
from landscape.optim.race import RaceReport, RaceRow, race
from landscape.optim.registry import (
    REGISTRY,
    OptimizerSpec,
    get_spec,
    list_specs,
    make_optimizer,
)
from landscape.optim.run import DEFAULT_BOUND, DEFAULT_MAX_STEPS, Run, iterate, run
from landscape.optim.schedules import SCHEDULES, make_schedule
from landscape.optim.trajectory import FAILED_STATUSES, STATUSES, Trajectory

__all__ = [
    "DEFAULT_BOUND",
    "DEFAULT_MAX_STEPS",
    "FAILED_STATUSES",
    "REGISTRY",
    "SCHEDULES",
    "STATUSES",
    "Hyper",
    "LineSearchError",
    "Optimizer",
    "OptimizerSpec",
    "ParamSpec",
    "RaceReport",
    "RaceRow",
    "Run",
    "StepInfo",
    "Trajectory",
    "get_spec",
    "iterate",
    "list_specs",
    "make_optimizer",
    "make_schedule",
    "race",
    "run",
]
