#!/usr/bin/python3
"""Golden values for d.linalg (lib/linalg), from SciPy's LAPACK wrappers.

Regenerate (Debian's python3-scipy, 1.10; tests never need Python):
    /usr/bin/python3 scripts/goldens/linalg.py > test/fixtures/linalg.json

Everything is float64 and row-major; matrices are {"shape": [r, c], "data": [...]}. Each case
records the 2-norm condition number ("cond") of its matrix so that the tests can set tolerances
from it. References: scipy.linalg.cholesky(lower=True), cho_solve, solve_triangular, eigh
(lower=True) and eigh_tridiagonal.

To keep the fixture small, the order-100 matrices are integer-valued and stored as their lower
triangle, packed row by row ("lowerInt"), and their results are sampled: the whole diagonal of L
plus fixed positions, and the eigenvalues with a few eigenvectors. Cases that reuse the
order-33 positive definite matrix of the Cholesky cases say so with "aFrom" instead of
repeating it. A "gap" (smallest distance between eigenvalues) is null for one eigenvalue.
"""
import json
import re

import numpy as np
import scipy
import scipy.linalg as sla

rng = np.random.RandomState(20240917)


def mat(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def lower_int(a):
    a = np.asarray(a)
    return {"n": a.shape[0], "lowerInt": [int(a[i, j]) for i in range(a.shape[0]) for j in range(i + 1)]}


def smallest_gap(w):
    return float(np.diff(w).min()) if len(w) > 1 else None


def orthogonal(n):
    q, r = np.linalg.qr(rng.randn(n, n))
    return q * np.sign(np.diag(r))


def with_spectrum(values):
    q = orthogonal(len(values))
    a = (q * values) @ q.T
    return np.tril(a) + np.tril(a, -1).T  # exactly symmetric


def spd(n, cond):
    """Symmetric positive definite with eigenvalues log-spaced from 1 down to 1/cond."""
    return with_spectrum(np.logspace(0, -np.log10(cond), n) if n > 1 else np.array([1.0]))


def cond2(a):
    s = np.linalg.svd(a, compute_uv=False)
    return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")


def cholesky_case(name, a):
    return {"name": name, "a": mat(a), "cond": cond2(a), "l": mat(sla.cholesky(a, lower=True))}


def not_pd_case(name, a):
    try:
        sla.cholesky(a, lower=True)
    except np.linalg.LinAlgError as e:
        order = int(re.search(r"(\d+)", str(e)).group(1))
        return {"name": name, "a": mat(a), "order": order, "scipyMessage": str(e)}
    raise AssertionError(name + " factored")


SPD33 = spd(33, 1e8)
SPD33_NAME = "cholesky/n33 cond 1e8"


def cholesky_cases():
    cases = [cholesky_case("n1", np.array([[6.25]])),
             cholesky_case("n5 cond 1e2", spd(5, 1e2)),
             cholesky_case("n33 cond 1e8", SPD33)]
    # Order 100, integer-valued: B·Bᵀ + 100·I with B in {-2..2}; L sampled.
    b = rng.randint(-2, 3, size=(100, 100))
    a = b @ b.T + 100 * np.eye(100, dtype=np.int64)
    l = sla.cholesky(a.astype(np.float64), lower=True)
    positions = sorted({(int(i), int(j)) for i, j in zip(rng.randint(0, 100, 300), rng.randint(0, 100, 300)) if j <= i})
    large = {"name": "n100 integer", "a": lower_int(a), "cond": cond2(a.astype(np.float64)),
             "diagonal": [float(v) for v in np.diag(l)],
             "samples": [[i, j, float(l[i, j])] for i, j in positions]}
    not_pd = []
    # A = L·Lᵀ, then A[k-1, k-1] -= L[k-1, k-1]² + 1: the pivot of step k becomes -1.
    lf = np.tril(rng.uniform(-0.5, 0.5, (8, 8)), -1) + np.diag(1 + rng.uniform(0, 1, 8))
    for k in (1, 4, 8):
        a = lf @ lf.T
        a[k - 1, k - 1] -= lf[k - 1, k - 1] ** 2 + 1
        not_pd.append(not_pd_case("order %d" % k, a))
    not_pd.append(not_pd_case("indefinite 2x2", np.array([[1.0, 2.0], [2.0, 1.0]])))
    not_pd.append(not_pd_case("semidefinite 3x3", np.ones((3, 3))))
    return cases, large, not_pd


def solve_cases():
    out = []
    for n, k in ((5, 2), (33, 3)):
        # Both triangles filled: a solver must read only the one it is told to.
        a = rng.randn(n, n) / np.sqrt(n)
        a[np.diag_indices(n)] = np.sign(rng.randn(n)) * (1 + rng.rand(n))
        b1 = rng.randn(n)
        bk = rng.randn(n, k)
        combos = []
        for lower in (True, False):
            for trans in (False, True):
                for unit in (False, True):
                    tri = np.tril(a) if lower else np.triu(a)
                    if unit:
                        tri[np.diag_indices(n)] = 1
                    combos.append({"lower": lower, "transpose": trans, "unitDiagonal": unit, "cond": cond2(tri),
                                   "x1": [float(v) for v in sla.solve_triangular(a, b1, lower=lower, trans=1 if trans else 0, unit_diagonal=unit)],
                                   "xk": mat(sla.solve_triangular(a, bk, lower=lower, trans=1 if trans else 0, unit_diagonal=unit))})
        out.append({"name": "n%d" % n, "a": mat(a), "b1": [float(v) for v in b1], "bk": mat(bk), "combos": combos})
    return out


def cho_solve_cases():
    out = []
    for n, cond in ((1, 1), (6, 1e3), (33, 1e8)):
        a = SPD33 if n == 33 else spd(n, cond)
        l = sla.cholesky(a, lower=True)
        b = rng.randn(n, 2)
        case = {"name": "n%d cond %g" % (n, cond), "cond": cond2(a), "b": mat(b),
                "x": mat(sla.cho_solve((l, True), b)), "x1": [float(v) for v in sla.cho_solve((l, True), b[:, 0])]}
        if n == 33:
            case["aFrom"] = SPD33_NAME
        else:
            case["a"] = mat(a)
        out.append(case)
    return out


def eigh_case(name, a, columns=None):
    w, v = sla.eigh(a, lower=True)
    case = {"name": name, "a": mat(a), "values": [float(x) for x in w]}
    case["gap"] = smallest_gap(w)
    if columns is None:
        case["vectors"] = mat(v)
    else:
        case["columns"] = columns
        case["vectorColumns"] = mat(v[:, columns])
    return case


def eigh_cases():
    cases = [eigh_case("n1", np.array([[-2.5]])),
             eigh_case("n5", with_spectrum(np.array([-3.0, -0.5, 0.25, 1.0, 4.0]))),
             eigh_case("n33 random", (lambda m: (m + m.T) / 2)(rng.randn(33, 33)))]
    # Eigenvalues down to 1e-8 with gaps of 1e-8: values only (the vectors are ill-determined).
    pd = eigh_case("n33 cond 1e8 positive definite", SPD33)
    del pd["vectors"], pd["a"]
    pd["aFrom"] = SPD33_NAME
    cases.append(pd)
    # Repeated and clustered eigenvalues: vectors are compared through residuals, not values.
    clustered = with_spectrum(np.array([-1.0, 2.0, 2.0, 2.0, 2.0 + 1e-10, 3.0, 5.0, 5.0, 7.0, 7.0 + 1e-13, 9.0, -1.0]))
    c = eigh_case("n12 repeated and clustered", clustered)
    del c["vectors"]
    cases.append(c)
    b = rng.randint(-9, 10, size=(100, 100))
    a = np.tril(b) + np.tril(b, -1).T
    w, v = sla.eigh(a.astype(np.float64), lower=True)
    cols = [0, 1, 50, 98, 99]
    large = {"name": "n100 integer", "a": lower_int(a), "values": [float(x) for x in w], "gap": smallest_gap(w),
             "columns": cols, "vectorColumns": mat(v[:, cols])}
    return cases, large


def tridiagonal_cases():
    out = []

    def case(name, d, e):
        w, v = sla.eigh_tridiagonal(d, e)
        c = {"name": name, "d": [float(x) for x in d], "e": [float(x) for x in e], "values": [float(x) for x in w],
             "gap": smallest_gap(w)}
        if len(d) <= 12:
            c["vectors"] = mat(v)
        return c

    out.append(case("n1", np.array([1.5]), np.array([])))
    out.append(case("n2", np.array([1.0, -1.0]), np.array([0.5])))
    out.append(case("n8 random", rng.randn(8), rng.randn(7)))
    # Wilkinson's W21+: eigenvalue pairs agreeing to about 1e-14 (values only).
    w21 = case("W21+", np.abs(np.arange(21) - 10.0), np.ones(20))
    out.append(w21)
    out.append(case("n60 random", rng.randn(60), rng.randn(59)))
    return out


def main():
    chol, chol_large, not_pd = cholesky_cases()
    eig, eig_large = eigh_cases()
    doc = {
        "generator": "scripts/goldens/linalg.py, scipy %s, numpy %s" % (scipy.__version__, np.__version__),
        "cholesky": chol,
        "choleskyLarge": chol_large,
        "notPositiveDefinite": not_pd,
        "solveTriangular": solve_cases(),
        "choleskySolve": cho_solve_cases(),
        "eigh": eig,
        "eighLarge": eig_large,
        "eighTridiagonal": tridiagonal_cases(),
    }
    print(json.dumps(doc, separators=(",", ":"), allow_nan=False))


if __name__ == "__main__":
    main()
