#!/usr/bin/python3
"""Golden values for descent's sparse coding blocks (lib/optim/coordinate-descent), from
scikit-learn's Lasso and numpy's least squares.

Regenerate (Debian's python3-sklearn and python3-numpy; tests never need Python):
    /usr/bin/python3 scripts/goldens/coordinate_descent.py > test/fixtures/coordinate_descent.json

Everything is float64. The sparse coding objective (Goodfellow et al. §8.7.2) is
    J(H, W) = lam·Σ|H| + Σ(X − WᵀH)²,   X [m, n], W [k, m], H [k, n].

codes: the H-step. For fixed W each column h_j of H solves lam·‖h‖₁ + ‖x_j − Wᵀh‖². scikit-learn's
  Lasso minimizes (1/(2·n_samples))·‖y − A·w‖² + alpha·‖w‖₁; dividing J's column term by 2m
  gives the same minimizer with A = Wᵀ (n_samples = m rows), y = x_j and alpha = lam/(2m).
  Each case stores X, W, lam and the solution H (fit to tol 1e-14, cyclic selection).

dictionary: the W-step. For fixed H, W = argmin ‖X − WᵀH‖² = argmin ‖Xᵀ − HᵀW‖², from
  numpy.linalg.lstsq(Hᵀ, Xᵀ). H is the codes case's solution; the script checks that no row of H
  is zero (every atom in use), so the minimizer is unique.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import Lasso


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def objective(x, w, h, lam):
    return float(lam * np.abs(h).sum() + ((x - w.T @ h) ** 2).sum())


def lasso_codes(x, w, lam):
    m, n = x.shape
    k = w.shape[0]
    h = np.zeros((k, n))
    model = Lasso(alpha=lam / (2 * m), fit_intercept=False, tol=1e-14, max_iter=1_000_000, selection="cyclic")
    for j in range(n):
        model.fit(w.T, x[:, j])
        h[:, j] = model.coef_
    return h


def case(name, seed, m, n, k, lam):
    rng = np.random.RandomState(seed)
    x = rng.randn(m, n)
    w = rng.randn(k, m) / np.sqrt(m)
    h = lasso_codes(x, w, lam)
    zeros = int((h == 0).sum())
    if zeros == 0:
        raise SystemExit(f"{name}: the lasso solution has no zero; raise lam to exercise the threshold")
    if np.any(np.all(h == 0, axis=1)):
        raise SystemExit(f"{name}: a row of H is zero; the W-step minimizer would not be unique")
    w_star, *_ = np.linalg.lstsq(h.T, x.T, rcond=None)
    return {
        "name": name,
        "m": m, "n": n, "k": k, "lambda": lam,
        "x": flat(x), "w": flat(w),
        "codes": flat(h), "codesZeros": zeros,
        "objectiveAfterCodes": objective(x, w, h, lam),
        "dictionary": flat(w_star),
        "objectiveAfterDictionary": objective(x, w_star, h, lam),
    }


def main():
    cases = [
        case("small", 1, 8, 12, 5, 0.5),
        case("overcomplete", 2, 6, 20, 9, 1.0),
        case("textbook-lambda-1", 3, 10, 16, 4, 1.0),
    ]
    fixture = {"generator": "scripts/goldens/coordinate_descent.py", "sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}
    json.dump(fixture, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
