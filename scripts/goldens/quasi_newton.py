#!/usr/bin/python3
"""Goldens for conjugate gradients, BFGS and L-BFGS (test/51-quasi-newton.test.ts).

Run with Debian's python3 (scipy 1.10, torch 1.13):
    /usr/bin/python3 scripts/goldens/quasi_newton.py > test/fixtures/quasi_newton.json

- scipy: scipy.optimize.minimize (jac=True) with CG, BFGS and L-BFGS-B on Rosenbrock 2-D and
  10-D, quadratics ½xᵀAx − bᵀx of condition numbers 5 and 1000, and an L2-regularized logistic
  regression; each problem's data, x0 and gtol, and SciPy's x*, f*, nfev, nit.
- torch: torch.optim.LBFGS on a small tanh network (float64) from fixed weights, with and
  without strong Wolfe: the loss step() returns, func_evals, n_iter and the parameters after
  every step; and torch's strong Wolfe search (torch.optim.lbfgs._strong_wolfe) on Moré and
  Thuente's (1994) test functions from several first steps: the step, evaluations, φ and φ'
  there, and whether both Wolfe conditions hold.
"""
import math
import json
import sys

import numpy as np
import torch
from scipy.optimize import minimize, rosen, rosen_der

GTOL = 1e-5
HISTORY = 10


def rosenbrock(x):
    return float(rosen(x)), rosen_der(x)


def quadratic_problem(n, cond, seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    eig = np.geomspace(1.0, cond, n)
    a = (q * eig) @ q.T
    a = (a + a.T) / 2
    b = rng.standard_normal(n)
    x0 = rng.standard_normal(n)

    def f(x):
        ax = a @ x
        return float(0.5 * x @ ax - b @ x), ax - b

    return f, {'A': a.ravel().tolist(), 'b': b.tolist(), 'n': n, 'cond': cond}, x0


def logistic_problem(m, p, lam, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, p))
    w_true = rng.standard_normal(p)
    y = np.where(X @ w_true + 0.3 + 0.8 * rng.standard_normal(m) > 0, 1.0, -1.0)

    def f(theta):
        w, b0 = theta[:p], theta[p]
        z = -y * (X @ w + b0)
        loss = np.mean(np.logaddexp(0.0, z)) + 0.5 * lam * w @ w
        s = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid(z), stable
        coef = -y * s / m
        gw = X.T @ coef + lam * w
        gb = np.sum(coef)
        return float(loss), np.concatenate([gw, [gb]])

    data = {'X': X.ravel().tolist(), 'y': y.tolist(), 'm': m, 'p': p, 'lambda': lam}
    return f, data, np.zeros(p + 1)


def scipy_runs(f, x0):
    runs = {}
    for method in ['CG', 'BFGS', 'L-BFGS-B']:
        opts = {'gtol': GTOL}
        if method == 'L-BFGS-B':
            opts.update(maxcor=HISTORY, ftol=1e-15)
        r = minimize(f, x0, jac=True, method=method, options=opts)
        assert r.success, (method, r.message)
        runs[method] = {'x': r.x.tolist(), 'f': float(r.fun), 'nfev': int(r.nfev), 'nit': int(r.nit)}
    return runs


def scipy_problems():
    out = []
    out.append({'name': 'rosenbrock2', 'kind': 'rosenbrock', 'x0': [-1.2, 1.0],
                'runs': scipy_runs(rosenbrock, np.array([-1.2, 1.0]))})
    x0 = np.array([1.3, 0.7, 0.8, 1.9, 1.2, 1.3, 0.7, 0.8, 1.9, 1.2])
    out.append({'name': 'rosenbrock10', 'kind': 'rosenbrock', 'x0': x0.tolist(), 'runs': scipy_runs(rosenbrock, x0)})
    for cond, seed in [(5.0, 1), (1000.0, 2)]:
        f, data, x0 = quadratic_problem(20, cond, seed)
        out.append({'name': f'quadratic{int(cond)}', 'kind': 'quadratic', 'data': data, 'x0': x0.tolist(),
                    'runs': scipy_runs(f, x0)})
    f, data, x0 = logistic_problem(200, 5, 1e-2, 3)
    out.append({'name': 'logistic', 'kind': 'logistic', 'data': data, 'x0': x0.tolist(), 'runs': scipy_runs(f, x0)})
    return out


def torch_lbfgs_cases():
    torch.set_default_dtype(torch.float64)
    gen = torch.Generator().manual_seed(7)
    X = torch.randn(24, 3, generator=gen)
    Y = torch.sin(X @ torch.tensor([[1.0], [-0.5], [0.25]])) + 0.1 * torch.randn(24, 1, generator=gen)
    init = {
        'w1': (0.7 * torch.randn(6, 3, generator=gen)),
        'b1': (0.1 * torch.randn(6, generator=gen)),
        'w2': (0.7 * torch.randn(1, 6, generator=gen)),
        'b2': (0.1 * torch.randn(1, generator=gen)),
    }
    names = ['w1', 'b1', 'w2', 'b2']
    cases = []
    for label, kwargs in [
        ('fixed-step', dict(lr=0.5, max_iter=5, history_size=3, line_search_fn=None)),
        ('strong-wolfe', dict(lr=1.0, max_iter=5, history_size=3, line_search_fn='strong_wolfe')),
        ('strong-wolfe-defaults', dict(line_search_fn='strong_wolfe')),
    ]:
        params = [init[n].clone().requires_grad_(True) for n in names]
        opt = torch.optim.LBFGS(params, **kwargs)

        def closure():
            opt.zero_grad()
            h = torch.tanh(X @ params[0].T + params[1])
            out = h @ params[2].T + params[3]
            loss = ((out - Y) ** 2).mean()
            loss.backward()
            return loss

        steps = []
        for _ in range(6):
            loss = opt.step(closure)
            st = opt.state[params[0]]
            steps.append({
                'loss': float(loss),
                'funcEvals': int(st['func_evals']),
                'nIter': int(st['n_iter']),
                'params': [p.detach().reshape(-1).tolist() for p in params],
            })
        opts = {k: v for k, v in kwargs.items()}
        cases.append({'name': label, 'options': {
            'lr': opts.get('lr', 1.0), 'maxIter': opts.get('max_iter', 20), 'historySize': opts.get('history_size', 100),
            'lineSearchFn': 'strongWolfe' if opts.get('line_search_fn') == 'strong_wolfe' else None,
        }, 'steps': steps})
    return {
        'X': X.reshape(-1).tolist(), 'Y': Y.reshape(-1).tolist(),
        'init': [init[n].reshape(-1).tolist() for n in names],
        'shapes': [list(init[n].shape) for n in names],
        'cases': cases,
    }


def more_thuente(name, a):
    if name == 'mt1':  # -a/(a^2 + 2)
        return -a / (a * a + 2), (a * a - 2) / ((a * a + 2) ** 2)
    if name == 'mt2':  # (a + 0.004)^5 - 2(a + 0.004)^4
        b = a + 0.004
        return b ** 5 - 2 * b ** 4, 5 * b ** 4 - 8 * b ** 3
    # mt3: psi(a) + 2(1 - beta)/(l pi) sin(l pi a / 2), beta = 0.01, l = 39
    beta, l = 0.01, 39
    if a <= 1 - beta:
        psi, dpsi = 1 - a, -1.0
    elif a >= 1 + beta:
        psi, dpsi = a - 1, 1.0
    else:
        psi, dpsi = (a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta
    w = l * math.pi / 2
    return psi + 2 * (1 - beta) / (l * math.pi) * math.sin(w * a), dpsi + (1 - beta) * math.cos(w * a)


def torch_strong_wolfe_cases():
    from torch.optim.lbfgs import _strong_wolfe
    cases = []
    for name in ['mt1', 'mt2', 'mt3']:
        for a0 in [1e-3, 1e-1, 1e1, 1e3]:
            for c2 in [0.1, 0.9]:
                def obj(x, t, d):
                    v, s = more_thuente(name, float(x + t * d))
                    return v, torch.tensor([s], dtype=torch.float64)
                f0, g0 = more_thuente(name, 0.0)
                x = torch.zeros(1, dtype=torch.float64)
                d = torch.ones(1, dtype=torch.float64)
                f, g, t, evals = _strong_wolfe(obj, x, a0, d, f0, torch.tensor([g0], dtype=torch.float64),
                                               torch.tensor(g0, dtype=torch.float64), c2=c2)
                t = float(t)
                wolfe = f <= f0 + 1e-4 * t * g0 and abs(float(g[0])) <= -c2 * g0
                cases.append({'function': name, 'initialStep': a0, 'c2': c2, 'step': t, 'evaluations': int(evals),
                              'value': float(f), 'slope': float(g[0]), 'wolfe': bool(wolfe)})
    return cases


def main():
    fixture = {
        'generator': 'scripts/goldens/quasi_newton.py',
        'versions': {'scipy': __import__('scipy').__version__, 'torch': torch.__version__, 'numpy': np.__version__},
        'gtol': GTOL,
        'historySize': HISTORY,
        'scipy': scipy_problems(),
        'torchLbfgs': torch_lbfgs_cases(),
        'torchStrongWolfe': torch_strong_wolfe_cases(),
    }
    json.dump(fixture, sys.stdout, indent=None, separators=(',', ':'))
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
