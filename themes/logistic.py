"""L2-regularised logistic regression in numpy, fitted by Newton's method (small, exact, no deps).

The semantic layer fits two kinds of model with it: per theme, one over passage embeddings
(384 inputs, thousands of rows) and one that combines a text's evidence (a handful of inputs).
"""

from __future__ import annotations

import numpy as np

# Newton steps; the fits here converge in 6-12.
MAX_STEPS = 50
TOLERANCE = 1e-6


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow for large |z|.

    >>> [round(float(v), 3) for v in sigmoid(np.array([-800.0, 0.0, 2.0]))]
    [0.0, 0.5, 0.881]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float, weights: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Fit P(y=1 | x) = sigmoid(x @ w + b); the bias is not penalised. Return (w, b).

    `weights` weighs the rows (e.g. to balance the classes).

    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> w, b = fit_logistic(x, np.array([0, 0, 1, 1]), l2=0.1)
    >>> bool(sigmoid(x @ w + b)[3] > 0.8 > 0.2 > sigmoid(x @ w + b)[0])
    True
    """
    rows, columns = x.shape
    design = np.hstack([x, np.ones((rows, 1))])
    row_weights = np.ones(rows) if weights is None else weights
    penalty = np.full(columns + 1, l2)
    penalty[-1] = 0.0
    theta = np.zeros(columns + 1)
    for _ in range(MAX_STEPS):
        p = sigmoid(design @ theta)
        gradient = design.T @ (row_weights * (p - y)) + penalty * theta
        curvature = row_weights * p * (1.0 - p)
        hessian = (design * curvature[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < TOLERANCE:
            break
    return theta[:-1], float(theta[-1])
