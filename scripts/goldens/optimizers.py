#!/usr/bin/python3
"""Golden values for descent's optimizers, gradient clipping and weight averaging, from PyTorch.

Regenerate (Debian's python3-torch 1.13; tests never need Python):
    /usr/bin/python3 scripts/goldens/optimizers.py > test/fixtures/optimizers.json

Everything is float64. Four parts:

updateRule: the update rule alone. Each case starts from the same two parameter tensors
  ([3, 4] and [5]) and takes STEPS steps on a fixed smooth non-quadratic objective f (chained
  Rosenbrock-like terms plus a quadratic; `objective` below); before step t the gradient
  g_t = ∇f(θ_t) is taken at the optimizer's own current θ_t. The case stores every g_t (so a
  test can replay them exactly, with no model), θ after the steps in CHECKPOINTS and the final
  per-parameter optimizer state. Cases with maximize ascend h = −f (their gradients are −∇f),
  so every trajectory stays bounded.
  "reference": "torch" cases come from torch.optim in torch 1.13. Options torch 1.13 lacks, and
  descent's own, come from the float64 implementations in this file of the formulas in the
  header comments of lib/optim/*.ts ("reference": "formula", with "formula" naming it). Each of
  those implementations is first checked against torch 1.13 on configurations torch has
  (`self_check`); the script stops if one disagrees.
  NAdam is always a formula case: torch 1.13's _single_tensor_nadam multiplies μ_t twice into
  the product of its second term (mu_product_next = mu_product * mu * mu_next after
  mu_product *= mu), which PyTorch 2.0 fixed (pytorch/pytorch#92699: Π_t·μ_{t+1}); descent
  follows the fixed form. The self-check reproduces 1.13 with the old product.

endToEnd: from identical weights, STEPS full-batch steps on least squares (Linear, MSE),
  logistic regression (Linear, BCE with logits) and a small tanh MLP with BatchNorm1d in
  training mode (cross-entropy), with several optimizers each: the loss of every step (at θ_t,
  before update t) and the final state dict (parameters and buffers, PyTorch's keys). The MLP's
  first Linear has no bias: a bias right before batch norm has a gradient that is zero in exact
  arithmetic, so adaptive optimizers (Adagrad's g/(√Σg² + ε)) would move it by round-off alone
  and its golden value would record torch's summation order, not the algorithm.

clip: torch.nn.utils.clip_grad_norm_ (p = 2, 1, inf, 3; clipping and not), clip_grad_value_,
  and per-parameter gradient norms.

averaging: torch.optim.swa_utils.AveragedModel (running mean; EMA through avg_fn
  d·avg + (1 − d)·θ, the form of later PyTorch's get_ema_avg_fn, as 1.13 has no EMA helper;
  use_buffers), and swa_utils.update_bn on a model with two batch-norm layers.
"""
import copy
import inspect
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)
torch.manual_seed(20261123)

STEPS = 50
CHECKPOINTS = [1, 2, 3, 5, 10, 25, 50]
SHAPES = [(3, 4), (5,)]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def flat_all(ts):
    return [v for t in ts for v in flat(t)]


# ---------------------------------------------------------------------------------------------
# The objective of the update-rule cases.

N_THETA = sum(math.prod(s) for s in SHAPES)
_gen = torch.Generator().manual_seed(7)
_B = torch.randn(N_THETA, N_THETA, generator=_gen) / math.sqrt(N_THETA)
QUAD = 0.05 * (_B @ _B.T) + 0.05 * torch.eye(N_THETA)   # symmetric positive definite
SHIFT = 0.3 * torch.randn(N_THETA, generator=_gen)
INIT = [1.2 * (2 * torch.rand(*s, generator=_gen) - 1) for s in SHAPES]


def objective(ps):
    """f(θ) = Σ ½(1 − x_i)² + ¼(x_{i+1} − x_i²)²  +  ½(x − c)ᵀQ(x − c)  over x = concat(θ)."""
    x = torch.cat([p.reshape(-1) for p in ps])
    rosen = 0.5 * ((1 - x[:-1]) ** 2).sum() + 0.25 * ((x[1:] - x[:-1] ** 2) ** 2).sum()
    d = x - SHIFT
    return rosen + 0.5 * (d @ (QUAD @ d))


def gradient(ps, sign):
    leaves = [p.detach().clone().requires_grad_() for p in ps]
    return [g.detach() for g in torch.autograd.grad(sign * objective(leaves), leaves)]


# ---------------------------------------------------------------------------------------------
# Float64 implementations of the formulas in lib/optim/*.ts, for options torch 1.13 lacks.
# Each works on one parameter at a time, with PyTorch's state names.

class FormulaOptimizer:
    def __init__(self, groups):
        self.groups = groups    # [{params: [...], **options}]
        self.state = {}

    def step(self):
        with torch.no_grad():
            for g in self.groups:
                for p in g["params"]:
                    if p.grad is None:
                        continue
                    st = self.state.setdefault(p, {})
                    self.update(p, -p.grad if g.get("maximize", False) else p.grad.clone(), st, g)


class NAdamFormula(FormulaOptimizer):
    """lib/optim/nadam.ts: g ← ∇θ + λθ (or θ ← θ(1 − γλ) when decoupled); μ_t = β1(1 − ½·0.96^(tψ));
    Π_t = Π_{t−1}μ_t; m, v as Adam; d = √(v/(1 − β2ᵗ)) + ε;
    θ ← θ − γ(1 − μ_t)/(1 − Π_t)·g/d − γμ_{t+1}/(1 − Π_t·μ_{t+1})·m/d.
    torch113=True reproduces 1.13's second denominator 1 − Π_t·μ_t·μ_{t+1} (for the self-check)."""

    def __init__(self, groups, torch113=False):
        super().__init__(groups)
        self.torch113 = torch113

    def update(self, p, g, st, o):
        if not st:
            st.update(step=0, mu_product=1.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
        b1, b2 = o["betas"]
        lr, wd, psi, eps = o["lr"], o["weight_decay"], o["momentum_decay"], o["eps"]
        st["step"] += 1
        t = st["step"]
        if wd != 0:
            if o.get("decoupled_weight_decay", False):
                p.mul_(1 - lr * wd)
            else:
                g = g + wd * p
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        st["mu_product"] *= mu
        prod_next = st["mu_product"] * (mu if self.torch113 else 1.0) * mu_next
        st["exp_avg"].mul_(b1).add_(g, alpha=1 - b1)
        st["exp_avg_sq"].mul_(b2).addcmul_(g, g, value=1 - b2)
        denom = (st["exp_avg_sq"] / (1 - b2 ** t)).sqrt() + eps
        p.addcdiv_(g, denom, value=-lr * (1 - mu) / (1 - st["mu_product"]))
        p.addcdiv_(st["exp_avg"], denom, value=-lr * mu_next / (1 - prod_next))


class RAdamFormula(FormulaOptimizer):
    """lib/optim/radam.ts: ρ∞ = 2/(1 − β2) − 1, ρ_t = ρ∞ − 2tβ2ᵗ/(1 − β2ᵗ); ρ_t > 5:
    θ ← θ − γ·m̂·r_t·√(1 − β2ᵗ)/(√v + ε), r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρ_t));
    otherwise θ ← θ − γm̂. Weight decay as L2 or decoupled θ ← θ(1 − γλ)."""

    def update(self, p, g, st, o):
        if not st:
            st.update(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
        b1, b2 = o["betas"]
        lr, wd, eps = o["lr"], o["weight_decay"], o["eps"]
        st["step"] += 1
        t = st["step"]
        if wd != 0:
            if o.get("decoupled_weight_decay", False):
                p.mul_(1 - lr * wd)
            else:
                g = g + wd * p
        st["exp_avg"].mul_(b1).add_(g, alpha=1 - b1)
        st["exp_avg_sq"].mul_(b2).addcmul_(g, g, value=1 - b2)
        bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
        m_hat = st["exp_avg"] / bc1
        rho_inf = 2 / (1 - b2) - 1
        rho = rho_inf - 2 * t * b2 ** t / bc2
        if rho > 5:
            rect = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            p.sub_(m_hat * lr * rect * math.sqrt(bc2) / (st["exp_avg_sq"].sqrt() + eps))
        else:
            p.sub_(m_hat * lr)


class RMSpropFormula(FormulaOptimizer):
    """lib/optim/rmsprop.ts: g ← ∇θ + λθ; v ← αv + (1 − α)g²; centered: ḡ ← αḡ + (1 − α)g,
    ṽ = v − ḡ²; d = √ṽ + ε ('outside') or √(ṽ + ε) ('inside'); μ > 0: b ← μb + g/d and
    θ ← θ − γb, or with nesterov θ ← θ − γ(μb + g/d) (b the updated buffer); μ = 0: θ ← θ − γg/d."""

    def update(self, p, g, st, o):
        if not st:
            st.update(step=0, square_avg=torch.zeros_like(p))
            if o["centered"]:
                st["grad_avg"] = torch.zeros_like(p)
            if o["momentum"] > 0:
                st["momentum_buffer"] = torch.zeros_like(p)
        st["step"] += 1
        a, eps, mom = o["alpha"], o["eps"], o["momentum"]
        if o["weight_decay"] != 0:
            g = g + o["weight_decay"] * p
        st["square_avg"].mul_(a).addcmul_(g, g, value=1 - a)
        v = st["square_avg"]
        if o["centered"]:
            st["grad_avg"].mul_(a).add_(g, alpha=1 - a)
            v = v - st["grad_avg"] * st["grad_avg"]
        d = (v + eps).sqrt() if o["eps_inside"] else v.sqrt() + eps
        if mom > 0:
            b = st["momentum_buffer"]
            b.mul_(mom).add_(g / d)
            p.sub_(o["lr"] * (mom * b + g / d) if o["nesterov"] else o["lr"] * b)
        else:
            p.sub_(o["lr"] * g / d)


class AdamFormula(FormulaOptimizer):
    """lib/optim/adam.ts: g ← ∇θ + λθ (AdamW: θ ← θ(1 − γλ) first); m ← β1m + (1 − β1)g;
    v ← β2v + (1 − β2)g²; AMSGrad v_max ← max(v_max, v); v̂ = v (or v_max)/(1 − β2ᵗ);
    θ ← θ − γ·(m/(1 − β1ᵗ))/(√v̂ + ε) ('outside') or /√(v̂ + ε) ('inside', the textbook's)."""

    def __init__(self, groups, decoupled):
        super().__init__(groups)
        self.decoupled = decoupled

    def update(self, p, g, st, o):
        if not st:
            st.update(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
            if o["amsgrad"]:
                st["max_exp_avg_sq"] = torch.zeros_like(p)
        b1, b2 = o["betas"]
        lr, wd, eps = o["lr"], o["weight_decay"], o["eps"]
        st["step"] += 1
        t = st["step"]
        if wd != 0:
            if self.decoupled:
                p.mul_(1 - lr * wd)
            else:
                g = g + wd * p
        st["exp_avg"].mul_(b1).add_(g, alpha=1 - b1)
        st["exp_avg_sq"].mul_(b2).addcmul_(g, g, value=1 - b2)
        v = st["exp_avg_sq"]
        if o["amsgrad"]:
            torch.maximum(st["max_exp_avg_sq"], v, out=st["max_exp_avg_sq"])
            v = st["max_exp_avg_sq"]
        v_hat = v / (1 - b2 ** t)
        d = (v_hat + eps).sqrt() if o["eps_inside"] else v_hat.sqrt() + eps
        p.sub_(lr * (st["exp_avg"] / (1 - b1 ** t)) / d)


class DeltaBarDeltaFormula(FormulaOptimizer):
    """lib/optim/delta-bar-delta.ts (Jacobs 1988): s = δ̄·g; s > 0: ε ← ε + κ; s < 0:
    ε ← (1 − φ)ε; θ ← θ − ε⊙g; δ̄ ← (1 − ϑ)g + ϑδ̄ (rates start at lr, δ̄ at 0)."""

    def update(self, p, g, st, o):
        if not st:
            st.update(step=0, rates=torch.full_like(p, o["lr"]), delta_bar=torch.zeros_like(p))
        st["step"] += 1
        s = st["delta_bar"] * g
        r = st["rates"]
        r.copy_(torch.where(s > 0, r + o["kappa"], torch.where(s < 0, r * (1 - o["phi"]), r)))
        p.sub_(r * g)
        st["delta_bar"].mul_(o["theta"]).add_(g, alpha=1 - o["theta"])


# ---------------------------------------------------------------------------------------------
# Options: descent's names (camelCase) in the fixture, PyTorch's (snake_case) here.

DEFAULTS = {
    "SGD": dict(lr=1e-3, momentum=0, dampening=0, nesterov=False, weightDecay=0, maximize=False),
    "Adam": dict(lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weightDecay=0, amsgrad=False, maximize=False, epsilonPlacement="outside"),
    "AdamW": dict(lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weightDecay=1e-2, amsgrad=False, maximize=False, epsilonPlacement="outside"),
    "Adagrad": dict(lr=1e-2, lrDecay=0, weightDecay=0, initialAccumulatorValue=0, eps=1e-10, maximize=False),
    "RMSprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weightDecay=0, momentum=0, centered=False, nesterov=False, maximize=False,
                    epsilonPlacement="outside"),
    "Adamax": dict(lr=2e-3, betas=[0.9, 0.999], eps=1e-8, weightDecay=0, maximize=False),
    "NAdam": dict(lr=2e-3, betas=[0.9, 0.999], eps=1e-8, weightDecay=0, momentumDecay=4e-3, decoupledWeightDecay=False, maximize=False),
    "RAdam": dict(lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weightDecay=0, decoupledWeightDecay=False, maximize=False),
    "Adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weightDecay=0, maximize=False),
    "Rprop": dict(lr=1e-2, etas=[0.5, 1.2], stepSizes=[1e-6, 50], maximize=False),
    "ASGD": dict(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weightDecay=0, maximize=False),
    "DeltaBarDelta": dict(lr=1e-2, kappa=1e-3, phi=0.1, theta=0.7, maximize=False),
}

SNAKE = {"weightDecay": "weight_decay", "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value",
         "momentumDecay": "momentum_decay", "stepSizes": "step_sizes", "decoupledWeightDecay": "decoupled_weight_decay"}

TORCH_CLASSES = {name: getattr(torch.optim, name) for name in
                 ["SGD", "Adam", "AdamW", "Adagrad", "RMSprop", "Adamax", "NAdam", "RAdam", "Adadelta", "Rprop", "ASGD"]}


def torch_options(opts):
    out = {}
    for k, v in opts.items():
        if k == "epsilonPlacement":
            if v != "outside":
                raise ValueError("torch has no epsilon inside the square root")
            continue
        if k == "nesterov" and "centered" in opts:   # RMSprop: descent's extension
            if v:
                raise ValueError("torch's RMSprop has no nesterov")
            continue
        if k in ("betas", "etas", "stepSizes"):
            v = tuple(v)
        out[SNAKE.get(k, k)] = v
    return out


def formula_options(opts):
    out = torch_options({k: v for k, v in opts.items() if k not in ("epsilonPlacement", "nesterov")})
    if "epsilonPlacement" in opts:
        out["eps_inside"] = opts["epsilonPlacement"] == "inside"
    if "nesterov" in opts:
        out["nesterov"] = opts["nesterov"]
    return out


FORMULAS = {
    "NAdam": ("lib/optim/nadam.ts: PyTorch ≥ 2.0 NAdam (μ_product_next = Π_t·μ_{t+1}), decoupled decay θ ← θ(1 − γλ)",
              lambda groups: NAdamFormula(groups)),
    "RAdam": ("lib/optim/radam.ts: PyTorch RAdam with maximize and decoupled decay θ ← θ(1 − γλ)",
              lambda groups: RAdamFormula(groups)),
    "RMSprop": ("lib/optim/rmsprop.ts: RMSprop, nesterov θ ← θ − γ(μb + g/d), 'inside' d = √(ṽ + ε)",
                lambda groups: RMSpropFormula(groups)),
    "Adam": ("lib/optim/adam.ts: Adam, 'inside' θ ← θ − γm̂/√(v̂ + ε)", lambda groups: AdamFormula(groups, False)),
    "AdamW": ("lib/optim/adam.ts: AdamW, 'inside' θ ← θ − γm̂/√(v̂ + ε)", lambda groups: AdamFormula(groups, True)),
    "DeltaBarDelta": ("lib/optim/delta-bar-delta.ts: Jacobs 1988, s = δ̄·g; ε ← ε + κ (s > 0), (1 − φ)ε (s < 0); "
                      "θ ← θ − ε⊙g; δ̄ ← (1 − ϑ)g + ϑδ̄", lambda groups: DeltaBarDeltaFormula(groups)),
}


def build(optimizer, groups, use_formula, defaults):
    """groups: [{params: [tensors], **descent options}] (all options filled in); defaults: the
    case's options, passed to the constructor too. torch 1.13's Adagrad fills its accumulator in
    __init__ from the constructor's initial_accumulator_value, not from the group's, so a case
    given only as groups would silently start from 0."""
    if use_formula:
        return FORMULAS[optimizer][1]([{"params": g["params"], **formula_options({k: v for k, v in g.items() if k != "params"})}
                                       for g in groups])
    return TORCH_CLASSES[optimizer]([{"params": g["params"], **torch_options({k: v for k, v in g.items() if k != "params"})}
                                     for g in groups], **constructor_options(optimizer, defaults))


def constructor_options(optimizer, opts):
    """torch_options(opts) restricted to the keywords torch 1.13's constructor takes (a group may
    carry options it lacks, such as decoupled_weight_decay = False; they are ignored there)."""
    accepted = inspect.signature(TORCH_CLASSES[optimizer].__init__).parameters
    return {k: v for k, v in torch_options(opts).items() if k in accepted}


def state_of(opt, ps):
    out = []
    for p in ps:
        st = opt.state.get(p, {})
        entry = {}
        for k, v in st.items():
            if v is None:  # SGD without momentum keeps momentum_buffer None
                continue
            if torch.is_tensor(v) and v.numel() == p.numel() and v.dim() > 0:
                entry[k] = flat(v)
            elif torch.is_tensor(v):
                entry[k] = float(v.item())
            else:
                entry[k] = float(v)
        out.append(entry)
    return out


def run(optimizer, opts, group_opts, sign, use_formula, steps=STEPS):
    """Runs the optimizer on `objective` (times sign) from INIT; returns the fixture fields."""
    ps = [p.clone() for p in INIT]
    full = {**DEFAULTS[optimizer], **opts}
    if group_opts is None:
        groups = [{"params": ps, **full}]
    else:
        groups = [{"params": [ps[i] for i in go["params"]], **full, **{k: v for k, v in go.items() if k != "params"}}
                  for go in group_opts]
    opt = build(optimizer, groups, use_formula, full)
    grads, traj = [], {}
    for t in range(1, steps + 1):
        g = gradient(ps, sign)
        for p, gi in zip(ps, g):
            p.grad = gi.clone()
        grads.append(flat_all(g))
        opt.step()
        if t in CHECKPOINTS:
            traj[str(t)] = flat_all(ps)
    return {"grads": grads, "params": traj, "state": state_of(opt, ps), "final": [p.clone() for p in ps], "opt": opt}


def self_check():
    """The formula implementations agree with torch 1.13 where torch has the options."""
    checks = [
        ("NAdam", {"weightDecay": 0.02}, lambda groups: NAdamFormula(groups, torch113=True)),
        ("NAdam", {"lr": 0.01, "betas": [0.8, 0.95], "momentumDecay": 0.01}, lambda groups: NAdamFormula(groups, torch113=True)),
        ("RAdam", {"lr": 0.01, "weightDecay": 0.02}, lambda groups: RAdamFormula(groups)),
        ("RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.9, "weightDecay": 0.01}, lambda groups: RMSpropFormula(groups)),
        ("RMSprop", {"maximize": True}, lambda groups: RMSpropFormula(groups)),
        ("Adam", {"lr": 0.05, "betas": [0.8, 0.9], "amsgrad": True, "weightDecay": 0.05}, lambda groups: AdamFormula(groups, False)),
        ("AdamW", {"lr": 0.05, "amsgrad": True, "maximize": True}, lambda groups: AdamFormula(groups, True)),
    ]
    for name, opts, make in checks:
        sign = -1.0 if opts.get("maximize") else 1.0
        ref = run(name, opts, None, sign, False)
        full = {**DEFAULTS[name], **opts}
        ps = [p.clone() for p in INIT]
        opt = make([{"params": ps, **formula_options(full)}])
        for g in ref["grads"]:
            at = 0
            for p in ps:
                p.grad = torch.tensor(g[at:at + p.numel()]).reshape(p.shape)
                at += p.numel()
            opt.step()
        for a, b in zip(ps, ref["final"]):
            err = ((a - b).abs() / (1e-300 + b.abs().max())).max().item()
            if err > 1e-13:
                raise SystemExit(f"self-check failed: formula {name} {opts} differs from torch by {err}")


# (name, optimizer, descent options, group options or None, maximize-objective, formula?)
UPDATE_CASES = [
    ("sgd-default", "SGD", {"lr": 0.01}, None),
    ("sgd-momentum-dampening-weight-decay", "SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.1, "weightDecay": 0.01}, None),
    ("sgd-nesterov", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, None),
    ("sgd-maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True}, None),
    ("sgd-two-groups", "SGD", {"lr": 0.02, "momentum": 0.9}, [{"params": [0]}, {"params": [1], "lr": 0.005, "momentum": 0.5}]),
    ("adam-default", "Adam", {}, None),
    ("adam-amsgrad-weight-decay", "Adam", {"lr": 0.05, "betas": [0.8, 0.9], "amsgrad": True, "weightDecay": 0.05}, None),
    ("adam-maximize", "Adam", {"lr": 0.01, "maximize": True}, None),
    ("adam-two-groups", "Adam", {"lr": 0.01}, [{"params": [0]}, {"params": [1], "lr": 0.002, "betas": [0.5, 0.99]}]),
    ("adam-eps-inside", "Adam", {"lr": 0.01, "epsilonPlacement": "inside"}, None),
    ("adam-eps-inside-amsgrad", "Adam", {"lr": 0.05, "betas": [0.8, 0.9], "amsgrad": True, "eps": 1e-6, "epsilonPlacement": "inside"}, None),
    ("adamw-default", "AdamW", {}, None),
    ("adamw-amsgrad", "AdamW", {"lr": 0.05, "betas": [0.8, 0.9], "amsgrad": True, "weightDecay": 0.1}, None),
    ("adamw-maximize", "AdamW", {"lr": 0.01, "maximize": True}, None),
    ("adamw-eps-inside", "AdamW", {"lr": 0.01, "weightDecay": 0.1, "epsilonPlacement": "inside"}, None),
    ("adagrad-default", "Adagrad", {}, None),
    ("adagrad-lr-decay-accumulator-weight-decay", "Adagrad",
     {"lr": 0.1, "lrDecay": 0.05, "initialAccumulatorValue": 0.1, "weightDecay": 0.01}, None),
    ("adagrad-maximize", "Adagrad", {"lr": 0.05, "maximize": True}, None),
    ("rmsprop-default", "RMSprop", {}, None),
    ("rmsprop-centered-momentum", "RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.9}, None),
    ("rmsprop-weight-decay", "RMSprop", {"lr": 0.01, "alpha": 0.9, "weightDecay": 0.1}, None),
    ("rmsprop-maximize", "RMSprop", {"lr": 0.005, "momentum": 0.5, "maximize": True}, None),
    ("rmsprop-nesterov", "RMSprop", {"lr": 0.003, "momentum": 0.9, "nesterov": True}, None),
    ("rmsprop-centered-nesterov", "RMSprop", {"lr": 0.003, "momentum": 0.8, "centered": True, "nesterov": True, "weightDecay": 0.01}, None),
    ("rmsprop-eps-inside", "RMSprop", {"lr": 0.01, "epsilonPlacement": "inside"}, None),
    ("rmsprop-centered-momentum-eps-inside", "RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.9, "eps": 1e-4,
                                                        "epsilonPlacement": "inside"}, None),
    ("adamax-default", "Adamax", {}, None),
    ("adamax-weight-decay", "Adamax", {"lr": 0.02, "weightDecay": 0.05, "betas": [0.8, 0.9]}, None),
    ("adamax-maximize", "Adamax", {"lr": 0.01, "maximize": True}, None),
    ("nadam-default", "NAdam", {}, None),
    ("nadam-weight-decay", "NAdam", {"lr": 0.01, "weightDecay": 0.02}, None),
    ("nadam-decoupled-weight-decay", "NAdam", {"lr": 0.01, "weightDecay": 0.1, "decoupledWeightDecay": True}, None),
    ("nadam-maximize", "NAdam", {"lr": 0.01, "momentumDecay": 0.01, "maximize": True}, None),
    ("radam-default", "RAdam", {}, None),
    ("radam-weight-decay", "RAdam", {"lr": 0.01, "weightDecay": 0.02}, None),
    ("radam-decoupled-weight-decay", "RAdam", {"lr": 0.01, "weightDecay": 0.1, "decoupledWeightDecay": True}, None),
    ("radam-maximize", "RAdam", {"lr": 0.01, "betas": [0.9, 0.99], "maximize": True}, None),
    ("adadelta-default", "Adadelta", {}, None),
    ("adadelta-weight-decay", "Adadelta", {"lr": 0.5, "rho": 0.8, "weightDecay": 0.05}, None),
    ("adadelta-maximize", "Adadelta", {"maximize": True}, None),
    ("rprop-default", "Rprop", {}, None),
    ("rprop-etas-step-sizes", "Rprop", {"lr": 0.02, "etas": [0.3, 1.5], "stepSizes": [1e-3, 0.05]}, None),
    ("rprop-maximize", "Rprop", {"maximize": True}, None),
    ("asgd-default", "ASGD", {}, None),
    ("asgd-small-t0", "ASGD", {"lr": 0.05, "lambd": 1e-3, "alpha": 0.6, "t0": 10, "weightDecay": 0.01}, None),
    ("asgd-maximize", "ASGD", {"lr": 0.02, "t0": 5, "maximize": True}, None),
    ("delta-bar-delta-default", "DeltaBarDelta", {}, None),
    ("delta-bar-delta-fast", "DeltaBarDelta", {"lr": 0.02, "kappa": 0.005, "phi": 0.3, "theta": 0.5}, None),
    ("delta-bar-delta-maximize", "DeltaBarDelta", {"lr": 0.01, "kappa": 0.002, "maximize": True}, None),
]


def needs_formula(optimizer, opts):
    if optimizer in ("NAdam", "DeltaBarDelta"):
        return True
    if optimizer == "RAdam" and (opts.get("decoupledWeightDecay") or opts.get("maximize")):
        return True
    if opts.get("epsilonPlacement") == "inside" or (optimizer == "RMSprop" and opts.get("nesterov")):
        return True
    return False


def update_rule_case(name, optimizer, opts, group_opts):
    use_formula = needs_formula(optimizer, opts)
    sign = -1.0 if opts.get("maximize") else 1.0
    r = run(optimizer, opts, group_opts, sign, use_formula)
    case = {
        "name": name, "optimizer": optimizer, "options": opts, "groups": group_opts,
        "reference": "formula" if use_formula else "torch",
        "objective": "-f" if sign < 0 else "f",
        "shapes": [list(s) for s in SHAPES], "init": [flat(p) for p in INIT],
        "grads": r["grads"], "params": r["params"], "state": r["state"],
    }
    if use_formula:
        case["formula"] = FORMULAS[optimizer][0]
    return case


# ---------------------------------------------------------------------------------------------
# End to end: full-batch training of small models.

def state_dict_json(model):
    return {k: {"shape": list(v.shape), "values": flat(v.double())} for k, v in model.state_dict().items()}


def e2e_problem(name, make_model, x, y, loss_fn, optimizers):
    torch.manual_seed(hash(name) % 1000 if False else len(name))
    model0 = make_model()
    init = state_dict_json(model0)
    runs = []
    for opt_name, opts in optimizers:
        model = copy.deepcopy(model0)
        model.train()
        opt = TORCH_CLASSES[opt_name](model.parameters(), **torch_options({**opts}))
        losses = []
        for _ in range(STEPS):
            def closure():
                opt.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                return loss
            losses.append(float(opt.step(closure)))
        runs.append({"optimizer": opt_name, "options": opts, "losses": losses, "final": state_dict_json(model)})
    return {"name": name, "x": flat(x), "xShape": list(x.shape), "y": flat(y), "yShape": list(y.shape),
            "yDtype": "int32" if y.dtype == torch.long else "float64", "init": init, "runs": runs}


def end_to_end():
    g = torch.Generator().manual_seed(11)
    problems = []

    x = torch.randn(32, 5, generator=g)
    w = torch.randn(5, 1, generator=g)
    y = x @ w + 0.5 + 0.1 * torch.randn(32, 1, generator=g)
    torch.manual_seed(1)
    problems.append(e2e_problem(
        "least-squares", lambda: torch.nn.Linear(5, 1), x, y, torch.nn.MSELoss(),
        [("SGD", {"lr": 0.05, "momentum": 0.9}), ("Adam", {"lr": 0.05}), ("RMSprop", {"lr": 0.01}),
         ("Adagrad", {"lr": 0.2}), ("AdamW", {"lr": 0.05, "weightDecay": 0.1})]))

    x = torch.randn(40, 4, generator=g)
    logits = x @ torch.randn(4, 1, generator=g) + 0.3 * torch.randn(40, 1, generator=g)
    y = (logits > 0).double()
    torch.manual_seed(2)
    problems.append(e2e_problem(
        "logistic-regression", lambda: torch.nn.Linear(4, 1), x, y, torch.nn.BCEWithLogitsLoss(),
        [("SGD", {"lr": 0.5, "momentum": 0.9, "nesterov": True}), ("Adam", {"lr": 0.1, "amsgrad": True}),
         ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}), ("Adagrad", {"lr": 0.5})]))

    x = torch.randn(24, 4, generator=g)
    y = torch.randint(0, 3, (24,), generator=g)
    torch.manual_seed(3)
    problems.append(e2e_problem(
        "tanh-mlp-batchnorm", lambda: torch.nn.Sequential(
            torch.nn.Linear(4, 8, bias=False), torch.nn.BatchNorm1d(8), torch.nn.Tanh(), torch.nn.Linear(8, 3)),
        x, y, torch.nn.CrossEntropyLoss(),
        [("SGD", {"lr": 0.1, "momentum": 0.9, "weightDecay": 1e-3}), ("Adam", {"lr": 0.01}), ("RMSprop", {"lr": 0.003}),
         ("Adagrad", {"lr": 0.1}), ("Adamax", {"lr": 0.02}), ("Adadelta", {"lr": 1.0})]))
    return problems


# ---------------------------------------------------------------------------------------------
# Clipping and averaging.

def clip_cases():
    g = torch.Generator().manual_seed(5)
    shapes = [(4, 3), (3,), (2, 2), (2,)]
    grads = [torch.randn(*s, generator=g) * (1 + i) for i, s in enumerate(shapes)]
    grads[3] = None  # a parameter without a gradient is skipped
    grads_json = [None if t is None else flat(t) for t in grads]

    def params_with(gs):
        ps = [torch.zeros(*s, requires_grad=True) for s in shapes]
        for p, gi in zip(ps, gs):
            p.grad = None if gi is None else gi.clone()
        return ps

    norm_cases = []
    for norm_type, max_norm in [(2.0, 1.0), (1.0, 2.0), (math.inf, 0.5), (3.0, 1.5), (2.0, 100.0)]:
        ps = params_with(grads)
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        norm_cases.append({"normType": "Infinity" if norm_type == math.inf else norm_type, "maxNorm": max_norm,
                           "total": float(total), "clipped": [None if p.grad is None else flat(p.grad) for p in ps]})
    value_cases = []
    for clip in [0.5, 2.0]:
        ps = params_with(grads)
        torch.nn.utils.clip_grad_value_(ps, clip)
        value_cases.append({"clipValue": clip, "clipped": [None if p.grad is None else flat(p.grad) for p in ps]})
    per_param = {}
    for norm_type in [2.0, 1.0, math.inf]:
        key = "Infinity" if norm_type == math.inf else str(int(norm_type))
        per_param[key] = [None if t is None else float(torch.norm(t, norm_type)) for t in grads]
    return {"shapes": [list(s) for s in shapes], "grads": grads_json, "norm": norm_cases, "value": value_cases,
            "perParameter": per_param}


def averaging_cases():
    g = torch.Generator().manual_seed(9)

    def make():
        return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Tanh(), torch.nn.Linear(4, 2))

    torch.manual_seed(4)
    model = make()
    init = state_dict_json(model)
    snapshots = []
    for _ in range(5):
        with torch.no_grad():
            for p in model.parameters():
                p.add_(0.2 * torch.randn(p.shape, generator=g))
        model.train()
        model(torch.randn(6, 3, generator=g))   # moves the batch-norm running statistics
        snapshots.append(state_dict_json(model))

    def average(label, avg_fn, use_buffers, decay=None):
        m = make()
        m.load_state_dict({k: torch.tensor(v["values"]).reshape(v["shape"]).to(m.state_dict()[k].dtype) for k, v in init.items()})
        avg = torch.optim.swa_utils.AveragedModel(m, avg_fn=avg_fn, use_buffers=use_buffers)
        after = []
        for snap in snapshots:
            m.load_state_dict({k: torch.tensor(v["values"]).reshape(v["shape"]).to(m.state_dict()[k].dtype) for k, v in snap.items()})
            avg.update_parameters(m)
            after.append(state_dict_json(avg))
        return {"name": label, "mode": "ema" if decay is not None else "polyak", "decay": decay, "useBuffers": use_buffers,
                "after": after}

    decay = 0.9
    ema = lambda a, p, n: decay * a + (1 - decay) * p   # later PyTorch's get_ema_avg_fn
    averaged = [average("polyak", None, False), average("ema", ema, False, decay), average("polyak-buffers", None, True),
                average("ema-buffers", ema, True, decay)]

    # update_bn
    def make_bn():
        return torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Tanh(), torch.nn.Linear(5, 4),
                                   torch.nn.BatchNorm1d(4, momentum=0.3))

    torch.manual_seed(6)
    bn_model = make_bn()
    with torch.no_grad():
        for mod in bn_model.modules():
            if isinstance(mod, torch.nn.BatchNorm1d):
                mod.running_mean.copy_(torch.randn(mod.num_features, generator=g))
                mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
                mod.num_batches_tracked.fill_(7)
                mod.weight.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
                mod.bias.copy_(torch.randn(mod.num_features, generator=g))
    bn_init = state_dict_json(bn_model)
    batches = [torch.randn(n, 3, generator=g) * 1.5 + 0.2 for n in (6, 4, 7)]
    bn_model.eval()
    torch.optim.swa_utils.update_bn(batches, bn_model)
    assert not bn_model.training
    update_bn = {"init": bn_init, "batches": [{"shape": list(b.shape), "values": flat(b)} for b in batches],
                 "after": state_dict_json(bn_model), "momenta": [0.1, 0.3]}
    return {"init": init, "snapshots": snapshots, "averaged": averaged, "updateBn": update_bn}


def main():
    self_check()
    fixtures = {
        "generator": "scripts/goldens/optimizers.py, torch " + torch.__version__,
        "steps": STEPS,
        "checkpoints": CHECKPOINTS,
        "updateRule": [update_rule_case(*c) for c in UPDATE_CASES],
        "endToEnd": end_to_end(),
        "clip": clip_cases(),
        "averaging": averaging_cases(),
    }
    json.dump(fixtures, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
