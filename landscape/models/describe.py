"""Words for model mode: what the view is (the caption under the model bar), the loss formulas
shown in the inspector, and the landscape's one-line title. Qt-free."""

from __future__ import annotations

import numpy as np

LOSS = {
    "linreg": "L(slope, intercept) = mean over the training rows of (slope·x + intercept − y)²",
    "multireg": "L(w, b) = mean over the training rows of (w·x + b − y)²",
    "logreg": "L(w, b) = mean(log(1 + e^z) − y·z) + (λ/2)‖w‖²,  z = w·x (+ b)",
    "mlp_classification": "L(θ) = mean binary cross-entropy of the network's logit + (λ/2)‖W‖²",
    "mlp_regression": "L(θ) = mean squared error of the network's output + (λ/2)‖W‖²",
}


def title(config, data_name: str) -> str:
    """``loss of logreg on blobs``: the landscape's name in the status bar and sessions."""
    return f"loss of {config.name} on {data_name}"


def caption(model, config, reference: str = "") -> str:
    """One or two sentences: the view's kind, what is held fixed, and that trails are
    projections (``reference`` names the run the MLP's plane was made from)."""
    text = _view_text(model, reference)
    from landscape.models.registry import coerce_settings

    if coerce_settings(config.name, config.settings)["standardise"] and view_is_slice(model):
        text += " Weights act on standardised features."
    return text


def view_is_slice(model) -> bool:
    return model.view.kind == "slice"


def _view_text(model, reference: str) -> str:
    view, n = model.view, model.n
    if view.kind == "slice":
        a, b = view.axis_names
        if n == 2:
            return (
                f"The whole landscape: the loss over both parameters ({a}, {b}). "
                "◇ marks the exact optimum."
            )
        return (
            f"A 2-D slice of a {n}-parameter landscape: {a} and {b} vary, the other {n - 2} "
            "coefficients are held at their optimum. The optimizers train all "
            f"{n}; trails are projections of their paths onto the slice."
        )
    if view.kind == "pca":
        shares = view.explained_variance
        return (
            f"The PCA plane of {reference}'s trajectory through its final weights (0, 0): "
            f"its first principal component α explains {shares[0]:.0%} and the second, β, "
            f"{shares[1]:.0%} of its variance "
            f"({shares[0] + shares[1]:.0%} together). The optimizers train all {n} weights; "
            "trails are projections onto the plane."
        )
    return (
        f"A filter-normalised random plane through the trained weights of {reference} "
        f"(0, 0): {n} weights, two random directions α, β scaled to each neuron. The "
        "optimizers train all weights; trails are projections onto the plane."
    )


def formulas(objective) -> dict[str, str]:
    """The inspector's text for a :class:`~landscape.models.view_objective.ViewObjective`."""
    model, ctx, config = objective.model, objective.context, objective.config
    key = config.name if config.name != "mlp" else f"mlp_{model.task}"
    names = list(model.parameter_names)
    shown = ", ".join(names[:8]) + (f", … ({len(names)} in all)" if len(names) > 8 else "")
    out = {
        "loss": LOSS[key],
        "parameters": shown,
        "data": (
            f"{ctx.data.name}: {ctx.train.m} training rows, {ctx.test.m} test rows; "
            f"features {', '.join(ctx.data.feature_names)} → {ctx.data.target_name}"
            + (" (standardised)" if ctx.settings.get("standardise") else "")
        ),
        "view": objective.caption,
    }
    theta = model.theta_star
    if theta is not None and len(names) <= 12:
        out["optimum θ*"] = ", ".join(f"{n} = {v:.4g}" for n, v in zip(names, theta, strict=True))
        out["L(θ*)"] = f"{float(model.f(np.asarray(theta))):.6g}"
    if model.activation == "relu":  # the same relu'(0) as in formulas
        from landscape.kinks import NOTE, describe

        out[NOTE] = describe(("relu",))
    return out


#: the model's name in a sentence
MODEL_WORDS = {
    "linreg": "the line",
    "multireg": "the linear model",
    "logreg": "the logistic model",
    "mlp": "the network",
}
STATUS_WORDS = {
    "converged": "converged",
    "max_steps": "stopped at the step limit",
    "diverged": "diverged",
    "undefined": "stepped where the loss is undefined",
    "aborted": "was stopped",
    "line_search_failed": "found no step that lowers the loss",
}


def run_words(objective, trajectory, name: str) -> str:
    """One sentence for the status bar about a finished model run: what was trained (all n
    parameters of which model), on what (data set, training rows), how it ended, and the loss
    in the data's units (regression: MSE in target², with RMSE in the target's units and R²;
    classification: cross-entropy and accuracy). ``objective`` is the ViewObjective,
    ``trajectory`` its ProjectedTrajectory (``full.xs (k+1, n)``), ``name`` the run's name."""
    model, ctx = objective.model, objective.context
    full = trajectory.full if trajectory.full is not None else trajectory
    theta = np.asarray(full.xs, dtype=float)[-1]
    steps = len(full.xs) - 1
    what = MODEL_WORDS.get(objective.config.name, "the model")
    status = STATUS_WORDS.get(trajectory.status, trajectory.status.replace("_", " "))
    head = (
        f"{name} trained all {model.n} parameters of {what} on {ctx.data.name} "
        f"({ctx.train.m} training rows), {status} after {steps} steps"
    )
    loss = float(full.fs[-1])
    if not np.isfinite(loss):
        return f"{head}: the loss is not finite."
    metrics = model.evaluate(theta, model.data)
    if model.task == "classification":
        return (
            f"{head}: training loss {loss:.4g} (cross-entropy), "
            f"training accuracy {metrics['accuracy']:.0%}."
        )
    unit = ctx.data.target_name
    return (
        f"{head}: training loss {loss:.4g} {unit}² (mean squared error; RMSE "
        f"{metrics['rmse']:.4g} {unit}, R² {metrics['r2']:.3f})."
    )
