"""From text to a compiled objective: parse, differentiate under a budget, lambdify here.

Parsing is bounded by the parser's own counted budget, so it may run in the caller's process
(the command line: bad text is reported at once) or in the worker (the app). Differentiation
(and its common-subexpression elimination) may explode on an adversarial expression, so it runs
in the budget worker; compiling the precomputed result
with ``lambdify`` is then linear in its size.
"""

from __future__ import annotations

from collections.abc import Sequence

from landscape.budget import DEFAULT_TIMEOUT, run_with_budget
from landscape.objective import SymbolicObjective
from landscape.parser import parse_expression
from landscape.symbolic import derive, parse_and_derive
from landscape.symbols import objective_symbols


def compile_objective(
    text: str,
    variables: Sequence[str] | None = ("x", "y"),
    *,
    timeout: float = DEFAULT_TIMEOUT,
    parse_in_worker: bool = False,
) -> SymbolicObjective:
    """Parse ``text``, differentiate it exactly within ``timeout`` seconds, and compile f, ∇f
    and ∇²f to numpy. Raises InputError for bad text, BudgetError when too costly.

    ``parse_in_worker`` parses in the budget worker too: the app does, because the parser's
    counted budget profiles every call, and a thread doing that in the app's process starves
    the GUI thread of the GIL (a measured 250 ms stall on a long formula). The command line
    parses here, where a bad formula is reported without waiting for the worker."""
    if parse_in_worker:
        derivatives = run_with_budget(
            parse_and_derive, text, variables, timeout=timeout, what="differentiate"
        )
    else:
        expr = parse_expression(text, variables)
        derivatives = run_with_budget(
            derive, expr, objective_symbols(expr, variables), timeout=timeout, what="differentiate"
        )
    return SymbolicObjective.from_derivatives(derivatives, text=text)
