"""The derivative at a kink: one convention (landscape.kinks) for formulas and the neural net."""

import numpy as np
import pytest

from landscape import kinks
from landscape.compile import compile_objective
from landscape.models.data import Dataset
from landscape.models.mlp import MLP
from landscape.objective import SymbolicObjective
from landscape.parser import parse_expression
from landscape.symbols import symbol

HALF = kinks.TIE_SHARE
RELU0 = kinks.RELU_SLOPE_AT_ZERO
SIGN0 = kinks.SIGN_AT_ZERO


def objective(text, variables=("x", "y")):
    return SymbolicObjective.from_exprs(
        parse_expression(text, variables), tuple(symbol(v) for v in variables), text=text
    )


@pytest.mark.parametrize(
    "text, point, gradient, hessian",
    [
        # |t|' = sign(t), sign(0) = 0
        ("abs(x) + abs(y)", (0, 0), (SIGN0, SIGN0), ((0, 0), (0, 0))),
        ("abs(x) + abs(y)", (1, -2), (1, -1), ((0, 0), (0, 0))),
        ("abs(x)^3", (0, 0), (0, 0), ((0, 0), (0, 0))),
        ("abs(x)^3", (-1, 0), (-3, 0), ((6, 0), (0, 0))),
        ("abs(x y)", (0, 2), (2 * SIGN0, 0), ((0, SIGN0), (SIGN0, 0))),
        # relu'(0) = 0, and max(t, c) at t = c the same
        ("relu(x)", (0, 0), (RELU0, 0), ((0, 0), (0, 0))),
        ("relu(x)", (1, 0), (1, 0), ((0, 0), (0, 0))),
        ("relu(x)", (-1, 0), (0, 0), ((0, 0), (0, 0))),
        ("relu(x)^2", (0, 0), (0, 0), ((2 * RELU0**2, 0), (0, 0))),
        ("relu(x)^2", (1, 0), (2, 0), ((2, 0), (0, 0))),
        ("max(x, 0)", (0, 0), (RELU0, 0), ((0, 0), (0, 0))),
        ("min(x, 1)", (1, 0), (RELU0, 0), ((0, 0), (0, 0))),
        ("relu(x - y)", (1, 1), (RELU0, -RELU0), ((0, 0), (0, 0))),
        # a tie between varying arguments: each gets ½
        ("max(x, y)", (1, 1), (HALF, HALF), ((0, 0), (0, 0))),
        ("max(x, y)", (2, 1), (1, 0), ((0, 0), (0, 0))),
        ("min(x, y)", (1, 1), (HALF, HALF), ((0, 0), (0, 0))),
        ("min(x, y)", (2, 1), (0, 1), ((0, 0), (0, 0))),
        ("max(x, y) + min(x, y)", (3, 3), (1, 1), ((0, 0), (0, 0))),  # = x + y
        ("max(x, y, 0)", (1, 1), (HALF, HALF), ((0, 0), (0, 0))),
        ("max(x, y, 0)", (0, -1), (RELU0, 0), ((0, 0), (0, 0))),
        ("max(x^2, y)", (1, 1), (2 * HALF, HALF), ((2 * HALF, 0), (0, 0))),
        # sign' = floor' = 0, also at the jump
        ("sign(x) + y", (0, 0), (0, 1), ((0, 0), (0, 0))),
        ("sign(x) * y", (2, 3), (0, 1), ((0, 0), (0, 0))),
        ("floor(x) + y^2", (1, 1), (0, 2), ((0, 0), (0, 2))),
        ("floor(x) + y^2", (0.5, 1), (0, 2), ((0, 0), (0, 2))),
        ("x floor(y)", (2, 1.5), (1, 0), ((0, 0), (0, 0))),
        ("floor(log(x))", (3, 0), (0, 0), ((0, 0), (0, 0))),
    ],
)
def test_kink_conventions(text, point, gradient, hessian):
    obj = objective(text)
    x = np.array(point, dtype=float)
    np.testing.assert_allclose(obj.grad(x), gradient, atol=1e-15)
    np.testing.assert_allclose(obj.hess(x), hessian, atol=1e-15)
    X, Y = np.meshgrid([point[0], point[0] + 1e-9], [point[1]], indexing="ij")
    np.testing.assert_allclose(obj.grad_grid(X, Y)[:, 0, 0], gradient, atol=1e-15)
    np.testing.assert_allclose(obj.hess_grid(X, Y)[:, :, 0, 0], hessian, atol=1e-15)


def test_the_convention_is_the_one_people_are_taught():
    assert (SIGN0, RELU0, HALF) == (0.0, 0.0, 0.5)
    np.testing.assert_array_equal(kinks.relu_slope(np.array([-1.0, 0.0, 2.0])), [0, RELU0, 1])


@pytest.mark.parametrize(
    "text, names",
    [
        ("x^2 + y^2", ()),
        ("abs(x) + abs(y)", ("abs",)),
        ("relu(x) + abs(y)", ("abs", "relu")),
        ("max(0, x) + y", ("max",)),
        ("max(x, y) * min(x, 1)", ("max", "min")),
        ("floor(x) * sign(y)", ("sign", "floor")),
        ("sqrt(x^2) + y", ("abs",)),  # sympy writes it |x|
        ("abs(-3) + x + relu(2)", ()),  # constant arguments: smooth
    ],
)
def test_nonsmooth_names_the_functions_f_is_built_from(text, names):
    assert objective(text).nonsmooth == names


@pytest.mark.parametrize(
    "names, fragments",
    [
        (("abs",), ["|t|' = sign(t)", "0 at t = 0", "second derivatives at a kink are 0"]),
        (("relu",), ["relu'(0) = 0"]),
        (("max", "min"), ["at a tie each tied argument gets ½", "max(t, c) at t = c"]),
        (("sign", "floor"), ["sign' = 0", "floor' = 0"]),
    ],
)
def test_describe_states_the_convention(names, fragments):
    sentence = kinks.describe(names)
    assert sentence.startswith("Derivatives here are the almost-everywhere ones")
    for fragment in fragments:
        assert fragment in sentence
    assert sentence.count("max (min)") <= 1


def test_describe_of_a_smooth_function_is_empty():
    assert kinks.describe(()) == ""


def _one_neuron_net() -> MLP:
    """1 → 1 → 1 relu net on one example u = 0, so the hidden pre-activation is the bias."""
    data = Dataset("one", np.zeros((1, 1)), np.array([3.0]), ("u",), "v", "regression")
    net = MLP(data, hidden_layers=1, width=1, activation="relu", l2=0.0)
    assert net.variables == ("W1[0,0]", "b1[0]", "W2[0,0]", "b2[0]")
    return net


@pytest.mark.parametrize("bias", [0.0, 0.4, -0.4])
def test_relu_slope_at_zero_is_the_same_in_the_net_and_in_formulas(bias):
    """The same loss as the net and as a formula of b1.

    One example, target 3: the net predicts ``ŷ = ȳ + s·u`` with ȳ = 3, s = 1 (a constant
    target), so the loss is ``(3 + W2 relu(W1·0 + b1) + b2 − 3)² = (2 relu(b) + 0.5)²``.
    """
    net = _one_neuron_net()
    assert (net.target_mean, net.target_scale) == (3.0, 1.0)
    theta = np.array([0.7, bias, 2.0, 0.5])
    formula = objective("(3 + 2 relu(b) + 0.5 - 3)^2", ("b",))
    net_slope = net.grad(theta)[1]
    formula_slope = formula.grad(np.array([bias]))[0]
    expected = 2 * (2 * max(bias, 0) + 0.5) * 2 * float(kinks.relu_slope(bias))
    assert net_slope == pytest.approx(expected, rel=1e-12, abs=0)
    assert formula_slope == pytest.approx(expected, rel=1e-12, abs=0)


def test_grad_prints_the_convention_beside_the_formulas(capsys):
    from landscape_cli import main

    assert main(["grad", "relu(x) + abs(y)", "--at", "0,1"]) == 0
    out = capsys.readouterr().out
    assert "= Heaviside(x, 0)" in out and "relu'(0) = 0" in out
    assert compile_objective("relu(x) + abs(y)").nonsmooth == ("abs", "relu")
