"""The text of Help → Function syntax and Help → About."""

SYNTAX = """
<h3>Typing f(x, y)</h3>
<p>Use <b>x</b> and <b>y</b>, numbers, <code>+ - * / ^</code> (or <code>**</code>) and
parentheses. Multiplication may be implicit: <code>2x</code>, <code>3(x + y)</code>,
<code>x y</code>, <code>xy</code>. Absolute values are <code>abs(x)</code>, not
<code>|x|</code>.</p>
<p><b>Functions:</b> exp, ln, log (natural), log10, log2, sqrt, abs, sin, cos, tan, asin,
acos, atan, atan2, sinh, cosh, tanh, sigmoid, relu, softplus, max, min, sign, floor.
<b>Constants:</b> pi, e. Unicode works too: <code>x² + π·y</code>.</p>
<table cellspacing="6">
<tr><td><code>x^2 + 3y^2</code></td><td>an elongated bowl</td></tr>
<tr><td><code>(1 - x)^2 + 100(y - x^2)^2</code></td><td>Rosenbrock's banana valley</td></tr>
<tr><td><code>x^2 - y^2</code></td><td>a saddle: minimum along x, maximum along y</td></tr>
<tr><td><code>sin(x) cos(y) + 0.1(x^2 + y^2)</code></td><td>many local minima</td></tr>
<tr><td><code>log(x y)</code></td><td>undefined where x·y ≤ 0 (shown hatched)</td></tr>
<tr><td><code>relu(x) + abs(y)</code></td><td>kinks: gradients jump</td></tr>
</table>
<p>Mistakes are shown in red under the field, with the column; the last good landscape stays
on screen until the text is right again. Click the map to move the start point.</p>
<p><b>Keys</b> (on the map, or anywhere outside a text field): Space play/pause · ← → step ·
Home reset · F5 presentation mode (Esc leaves). In the function field: Enter plays the race from
step 0, Esc goes back to the map. Ctrl+S save · Ctrl+O open.</p>
"""

ABOUT = """
<h3>Landscape</h3>
<p>See how machine learning learns: type a function, see its contour map and surface, and
watch optimizers (gradient descent, momentum, Adam, Newton, BFGS, …) race down it, with their
gradients, steps and loss curves.</p>
<p>Exact derivatives by sympy; drawing by pyqtgraph and Qt.</p>
"""
