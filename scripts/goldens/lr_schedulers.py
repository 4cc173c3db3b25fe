#!/usr/bin/python3
"""Golden learning-rate sequences for descent's schedules (lib/optim/lr-scheduler), from PyTorch.

Regenerate (Debian's python3-torch, 1.13; tests never need Python):
    /usr/bin/python3 scripts/goldens/lr_schedulers.py > test/fixtures/lr_schedulers.json

Each case names the descent class ("scheduler") and its options in descent's camelCase, the
optimizer's starting param groups ("groups": lr, and momentum or betas where cycled), and the
sequence of every group's lr after construction and after each step ("lr": steps+1 rows), with
the momentum (or beta1) sequence where the schedule cycles it. Functions (lrLambda, scaleFn)
are named; the test maps each name to the same function. "calls" lists step arguments
(CosineAnnealingWarmRestarts' fractional epochs; null is a plain step()); "metrics" is the
series given to ReduceLROnPlateau.step. Composite options hold child specs
{"scheduler", "options"} built on the same optimizer, in order.

"before" is a schedule built first and stepped "steps" times; the case's schedule
is built after it, on the same optimizer, and its rows start there.

"reference": "torch" cases run torch.optim.lr_scheduler (and torch.optim.swa_utils.SWALR) with
the current PyTorch (2.x) semantics. Two classes changed since 1.13 in ways these cases reach,
and are run here with the change ported (SequentialLRNow, MultiplicativeLRNow below):
  - SequentialLR restarts a schedule at a milestone with _update_lr(0), which does not count a
    step (1.13 calls step(0), which does; SWALR reads the count);
  - MultiplicativeLR applies its factor at every step but the constructor's (1.13 skips it
    whenever last_epoch is 0, as after a SequentialLR milestone).
The other 2.x changes (the _is_initial flag of ExponentialLR, LinearLR, PolynomialLR and
CosineAnnealingLR, T_cur % T_i in CosineAnnealingWarmRestarts, CyclicLR's beta1) give the same
sequences as 1.13 in every case here but the beta1 one. "reference": "formula" cases have no
torch 1.13 counterpart and are computed from the formula in this script:
  - LinearDecay (Goodfellow et al., Deep Learning, Sec. 8.3.1 / Alg. 8.1): the lr after k steps
    is eps_k = (1 - a) eps_0 + a eps_tau with a = min(k, tau) / tau;
  - CyclicLR cycling Adam's beta1 (current PyTorch; 1.13 cycles only SGD's momentum): the same
    triangle as CyclicLR.get_lr, written out below and checked against torch on the momentum
    cases before use.
Not covered (descent rejects them or PyTorch cannot run them): resuming with last_epoch >= 0
(descent resumes through loadStateDict), composites inside SequentialLR.
"""
import json
import math
import sys
import warnings
from bisect import bisect_right

import torch
from torch.optim import lr_scheduler as S
from torch.optim.swa_utils import SWALR

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)

# The same functions are defined in test/45-lr-schedulers.test.ts under these names.
LAMBDAS = {
    "exp95": lambda e: 0.95 ** e,
    "stair": lambda e: 0.5 ** (e // 10),
    "inverse": lambda e: 1.0 / (1.0 + 0.1 * e),
    "warmup": lambda e: min(1.0, (e + 1) / 5),
    "const9": lambda e: 0.9,
    "alternate": lambda e: 0.95 if e % 2 == 1 else 1.02,
    "halfInverse": lambda x: 1.0 / (1.0 + 0.5 * x),
    "exp99": lambda x: 0.99 ** x,
}

# camelCase option -> torch keyword, where they differ by more than case.
TORCH_NAMES = {"TMax": "T_max", "T0": "T_0", "TMult": "T_mult"}
MODES = {"expRange": "exp_range"}


def snake(name):
    if name in TORCH_NAMES:
        return TORCH_NAMES[name]
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


class MultiplicativeLRNow(S.MultiplicativeLR):
    """MultiplicativeLR of current PyTorch: no factor only at the constructor's step."""
    _is_initial = False

    def _initial_step(self):
        self._is_initial = True
        try:
            super()._initial_step()
        finally:
            self._is_initial = False

    def get_lr(self):
        if self._is_initial:
            return [g["lr"] for g in self.optimizer.param_groups]
        return [g["lr"] * f(self.last_epoch) for f, g in zip(self.lr_lambdas, self.optimizer.param_groups)]


class SequentialLRNow(S.SequentialLR):
    """SequentialLR of current PyTorch: a milestone's restart (_update_lr(0)) counts no step."""

    def step(self):
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        s = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            s._step_count -= 1
            s.step(0)
        else:
            s.step()
        self._last_lr = s.get_last_lr()


CLASSES = {"MultiplicativeLR": MultiplicativeLRNow, "SequentialLR": SequentialLRNow, "SWALR": SWALR}


def make_optimizer(groups, kind):
    params = [{"params": [torch.zeros(1, requires_grad=True)], **{k: (tuple(v) if k == "betas" else v) for k, v in g.items()}}
              for g in groups]
    if kind == "adam":
        return torch.optim.Adam(params, lr=groups[0]["lr"])
    momentum = groups[0].get("momentum", 0.0)
    return torch.optim.SGD(params, lr=groups[0]["lr"], momentum=momentum)


def torch_kwargs(options):
    kw = {}
    for k, v in options.items():
        if k in ("lrLambda", "scaleFn"):
            v = [LAMBDAS[n] for n in v] if isinstance(v, list) else LAMBDAS[v]
        elif k == "mode" and v in MODES:
            v = MODES[v]
        kw[snake(k)] = v
    return kw


def build(opt, spec):
    cls = CLASSES.get(spec["scheduler"]) or getattr(S, spec["scheduler"])
    options = dict(spec.get("options", {}))
    if spec["scheduler"] in ("SequentialLR", "ChainedScheduler"):
        children = [build(opt, c) for c in options.pop("schedulers")]
        if spec["scheduler"] == "ChainedScheduler":
            return cls(children)
        return cls(opt, children, **torch_kwargs(options))
    return cls(opt, **torch_kwargs(options))


def record(opt, momentum_key):
    lrs = [g["lr"] for g in opt.param_groups]
    if momentum_key is None:
        return lrs, None
    if momentum_key == "beta1":
        return lrs, [g["betas"][0] for g in opt.param_groups]
    return lrs, [g["momentum"] for g in opt.param_groups]


def torch_case(name, scheduler, options, groups, steps, kind="sgd", momentum_key=None, calls=None, metrics=None, before=None):
    opt = make_optimizer(groups, kind)
    if before is not None:
        first = build(opt, before)
        for _ in range(before["steps"]):
            first.step()
    sched = build(opt, {"scheduler": scheduler, "options": options})
    lr_rows, m_rows = [], []
    lrs, ms = record(opt, momentum_key)
    lr_rows.append(lrs)
    m_rows.append(ms)
    assert list(getattr(sched, "_last_lr", lrs)) == lrs, name
    for k in range(steps):
        if metrics is not None:
            sched.step(metrics[k])
        elif calls is not None and calls[k] is not None:
            sched.step(calls[k])
        else:
            sched.step()
        lrs, ms = record(opt, momentum_key)
        assert list(getattr(sched, "_last_lr", lrs)) == lrs, name
        lr_rows.append(lrs)
        m_rows.append(ms)
    case = {"name": name, "scheduler": scheduler, "options": options, "groups": groups, "steps": steps,
            "reference": "torch", "lr": lr_rows}
    if momentum_key is not None:
        case[momentum_key] = m_rows
    if calls is not None:
        case["calls"] = calls
    if metrics is not None:
        case["metrics"] = metrics
    if before is not None:
        case["before"] = before
    return case


def linear_decay(name, options, groups, steps):
    tau = options["totalIters"]
    starts = [g["lr"] for g in groups]
    if "endLr" in options:
        ends = options["endLr"] if isinstance(options["endLr"], list) else [options["endLr"]] * len(groups)
    else:
        ends = [s * options.get("endFactor", 0.01) for s in starts]
    rows = []
    for k in range(steps + 1):
        a = min(k, tau) / tau
        rows.append([(1 - a) * e0 + a * et for e0, et in zip(starts, ends)])
    return {"name": name, "scheduler": "LinearDecay", "options": options, "groups": groups, "steps": steps,
            "reference": "formula", "lr": rows}


def cyclic_formula(options, groups, steps):
    """CyclicLR.get_lr of current PyTorch: lr and (beta1 or momentum) after each step."""
    n = len(groups)
    per = lambda v: v if isinstance(v, list) else [v] * n
    base_lrs, max_lrs = per(options["baseLr"]), per(options["maxLr"])
    up = float(options.get("stepSizeUp", 2000))
    down = float(options["stepSizeDown"]) if options.get("stepSizeDown") is not None else up
    total, ratio = up + down, up / (up + down)
    mode, gamma = options.get("mode", "triangular"), options.get("gamma", 1.0)
    if "scaleFn" in options:
        fn, scale_mode = LAMBDAS[options["scaleFn"]], options.get("scaleMode", "cycle")
    elif mode == "triangular":
        fn, scale_mode = (lambda x: 1.0), "cycle"
    elif mode == "triangular2":
        fn, scale_mode = (lambda x: 1 / (2.0 ** (x - 1))), "cycle"
    else:
        fn, scale_mode = (lambda x: gamma ** x), "iterations"
    base_m, max_m = per(options.get("baseMomentum", 0.8)), per(options.get("maxMomentum", 0.9))
    lr_rows, m_rows = [], []
    for t in range(steps + 1):
        cycle = math.floor(1 + t / total)
        x = 1.0 + t / total - cycle
        scale = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
        s = fn(cycle) if scale_mode == "cycle" else fn(t)
        lr_rows.append([b + (m - b) * scale * s for b, m in zip(base_lrs, max_lrs)])
        m_rows.append([hi - (hi - lo) * scale * s for lo, hi in zip(base_m, max_m)])
    return lr_rows, m_rows


def cyclic_beta1(name, options, groups, steps):
    lr_rows, m_rows = cyclic_formula(options, groups, steps)
    return {"name": name, "scheduler": "CyclicLR", "options": options, "groups": groups, "steps": steps,
            "reference": "formula", "lr": lr_rows, "beta1": m_rows}


TWO = [{"lr": 0.1}, {"lr": 0.01}]
ONE = [{"lr": 0.05}]
TWO_M = [{"lr": 0.1, "momentum": 0.9}, {"lr": 0.01, "momentum": 0.9}]
TWO_B = [{"lr": 0.001, "betas": [0.9, 0.999]}, {"lr": 0.0005, "betas": [0.9, 0.99]}]


def plateau_metrics():
    """A loss that falls, stalls, wobbles and falls again: exercises patience, cooldown and threshold."""
    out = []
    for k in range(60):
        base = 1.0 / (1.0 + 0.2 * min(k, 12)) + (0.0 if k < 30 else -0.004 * (k - 30))
        wobble = 0.00005 * ((k * 7) % 5 - 2)
        out.append(round(base + wobble, 10))
    return out


def plateau_accuracy():
    return [round(min(0.9, 0.5 + 0.05 * k) + 0.001 * ((k * 3) % 4), 10) if k < 20 else round(0.9 + 0.00001 * (k % 3), 10)
            for k in range(50)]


def cases():
    out = []
    # Function-defined.
    out.append(torch_case("LambdaLR/exp95", "LambdaLR", {"lrLambda": "exp95"}, TWO, 40))
    out.append(torch_case("LambdaLR/per-group", "LambdaLR", {"lrLambda": ["stair", "inverse"]}, TWO, 40))
    out.append(torch_case("LambdaLR/warmup", "LambdaLR", {"lrLambda": "warmup"}, ONE, 30))
    out.append(torch_case("MultiplicativeLR/const9", "MultiplicativeLR", {"lrLambda": "const9"}, TWO, 40))
    out.append(torch_case("MultiplicativeLR/per-group", "MultiplicativeLR", {"lrLambda": ["alternate", "const9"]}, TWO, 40))
    # Step decays.
    out.append(torch_case("StepLR/default-gamma", "StepLR", {"stepSize": 7}, TWO, 50))
    out.append(torch_case("StepLR/gamma", "StepLR", {"stepSize": 3, "gamma": 0.7}, ONE, 40))
    out.append(torch_case("MultiStepLR/default-gamma", "MultiStepLR", {"milestones": [5, 12, 30]}, TWO, 50))
    out.append(torch_case("MultiStepLR/gamma", "MultiStepLR", {"milestones": [1, 2, 20], "gamma": 0.5}, ONE, 30))
    out.append(torch_case("MultiStepLR/repeated-unsorted", "MultiStepLR", {"milestones": [8, 3, 3], "gamma": 0.5}, TWO, 12))
    # Constant and linear.
    out.append(torch_case("ConstantLR/default", "ConstantLR", {}, TWO, 30))
    out.append(torch_case("ConstantLR/options", "ConstantLR", {"factor": 0.25, "totalIters": 17}, TWO, 40))
    out.append(torch_case("LinearLR/default", "LinearLR", {}, TWO, 30))
    out.append(torch_case("LinearLR/decay", "LinearLR", {"startFactor": 1.0, "endFactor": 0.01, "totalIters": 25}, TWO, 40))
    out.append(torch_case("LinearLR/warmup", "LinearLR", {"startFactor": 0.05, "endFactor": 1.0, "totalIters": 13}, TWO, 30))
    out.append(torch_case("LinearLR/partial", "LinearLR", {"startFactor": 0.5, "endFactor": 0.2, "totalIters": 40}, ONE, 60))
    out.append(torch_case("ExponentialLR/0.9", "ExponentialLR", {"gamma": 0.9}, TWO, 60))
    out.append(torch_case("ExponentialLR/1.05", "ExponentialLR", {"gamma": 1.05}, ONE, 30))
    out.append(torch_case("PolynomialLR/default", "PolynomialLR", {}, TWO, 30))
    out.append(torch_case("PolynomialLR/power", "PolynomialLR", {"totalIters": 40, "power": 0.9}, TWO, 50))
    out.append(torch_case("PolynomialLR/square", "PolynomialLR", {"totalIters": 20, "power": 2.0}, ONE, 30))
    # Cosine annealing, past T_max (the recursive form keeps going up again).
    out.append(torch_case("CosineAnnealingLR/basic", "CosineAnnealingLR", {"TMax": 10}, TWO, 60))
    out.append(torch_case("CosineAnnealingLR/etaMin", "CosineAnnealingLR", {"TMax": 25, "etaMin": 0.001}, TWO, 100))
    out.append(torch_case("CosineAnnealingLR/long", "CosineAnnealingLR", {"TMax": 40, "etaMin": 1e-4}, ONE, 100))
    out.append(torch_case("CosineAnnealingWarmRestarts/t0", "CosineAnnealingWarmRestarts", {"T0": 7}, TWO, 50))
    out.append(torch_case("CosineAnnealingWarmRestarts/tMult", "CosineAnnealingWarmRestarts", {"T0": 3, "TMult": 2, "etaMin": 0.001}, TWO, 60))
    frac = [round(k / 5, 10) for k in range(1, 46)] + [None] * 5 + [26.0, None, None, 2.5, None, 31.75, None, None, None, None]
    out.append(torch_case("CosineAnnealingWarmRestarts/fractional", "CosineAnnealingWarmRestarts", {"T0": 2, "TMult": 2, "etaMin": 0.0005},
                          TWO, len(frac), calls=frac))
    frac1 = [round(k * 0.3, 10) for k in range(1, 31)] + [None] * 10
    out.append(torch_case("CosineAnnealingWarmRestarts/fractional-tMult1", "CosineAnnealingWarmRestarts", {"T0": 4},
                          ONE, len(frac1), calls=frac1))
    # Cyclic.
    out.append(torch_case("CyclicLR/triangular", "CyclicLR", {"baseLr": 0.01, "maxLr": 0.1, "stepSizeUp": 5, "cycleMomentum": False}, TWO, 60))
    out.append(torch_case("CyclicLR/triangular-momentum", "CyclicLR", {"baseLr": [0.01, 0.001], "maxLr": [0.1, 0.02], "stepSizeUp": 4, "stepSizeDown": 7},
                          TWO_M, 60, momentum_key="momentum"))
    out.append(torch_case("CyclicLR/triangular2", "CyclicLR", {"baseLr": 0.001, "maxLr": 0.1, "stepSizeUp": 6, "mode": "triangular2",
                                                               "baseMomentum": 0.85, "maxMomentum": 0.95}, TWO_M, 80, momentum_key="momentum"))
    out.append(torch_case("CyclicLR/expRange", "CyclicLR", {"baseLr": 0.001, "maxLr": 0.1, "stepSizeUp": 5, "mode": "expRange", "gamma": 0.97,
                                                            "cycleMomentum": False}, TWO, 80))
    out.append(torch_case("CyclicLR/scaleFn-cycle", "CyclicLR", {"baseLr": 0.01, "maxLr": 0.05, "stepSizeUp": 3, "scaleFn": "halfInverse",
                                                                 "cycleMomentum": False}, TWO, 50))
    out.append(torch_case("CyclicLR/scaleFn-iterations", "CyclicLR", {"baseLr": 0.01, "maxLr": 0.05, "stepSizeUp": 3, "stepSizeDown": 2,
                                                                      "scaleFn": "exp99", "scaleMode": "iterations"},
                          TWO_M, 50, momentum_key="momentum"))
    # The formula against torch before trusting it for beta1.
    for c in out:
        if c["scheduler"] == "CyclicLR" and "momentum" in c:
            lr_rows, m_rows = cyclic_formula(c["options"], c["groups"], c["steps"])
            assert lr_rows == c["lr"] and m_rows == c["momentum"], c["name"]
    out.append(cyclic_beta1("CyclicLR/beta1", {"baseLr": 0.0001, "maxLr": [0.002, 0.001], "stepSizeUp": 5, "mode": "triangular2",
                                               "baseMomentum": 0.8, "maxMomentum": 0.9}, TWO_B, 60))
    # Built after another schedule: the constructor's step starts from the earlier initial_lr
    # (PyTorch sets base_lrs only after it), so row 0 is not the formula's.
    out.append(torch_case("CyclicLR/after-another-schedule", "CyclicLR", {"baseLr": 0.01, "maxLr": 0.05, "stepSizeUp": 3},
                          TWO_M, 12, momentum_key="momentum", before={"scheduler": "StepLR", "options": {"stepSize": 50}, "steps": 2}))
    # One cycle.
    out.append(torch_case("OneCycleLR/cos", "OneCycleLR", {"maxLr": 0.1, "totalSteps": 50}, TWO_M, 50, momentum_key="momentum"))
    out.append(torch_case("OneCycleLR/linear", "OneCycleLR", {"maxLr": [0.1, 0.05], "totalSteps": 40, "annealStrategy": "linear",
                                                              "pctStart": 0.25, "divFactor": 10.0, "finalDivFactor": 100.0},
                          TWO_M, 40, momentum_key="momentum"))
    out.append(torch_case("OneCycleLR/three-phase", "OneCycleLR", {"maxLr": 0.2, "epochs": 6, "stepsPerEpoch": 10, "threePhase": True,
                                                                   "baseMomentum": 0.8, "maxMomentum": 0.92}, TWO_M, 60, momentum_key="momentum"))
    out.append(torch_case("OneCycleLR/no-momentum", "OneCycleLR", {"maxLr": 0.3, "totalSteps": 37, "cycleMomentum": False, "pctStart": 0.4},
                          TWO, 37))
    out.append(torch_case("OneCycleLR/adam-beta1", "OneCycleLR", {"maxLr": [0.01, 0.003], "totalSteps": 45, "threePhase": True,
                                                                  "annealStrategy": "linear"},
                          TWO_B, 45, kind="adam", momentum_key="beta1"))
    # Plateau.
    loss = plateau_metrics()
    acc = plateau_accuracy()
    out.append(torch_case("ReduceLROnPlateau/default", "ReduceLROnPlateau", {}, TWO, len(loss), metrics=loss))
    out.append(torch_case("ReduceLROnPlateau/patience", "ReduceLROnPlateau", {"patience": 2, "factor": 0.5}, TWO, len(loss), metrics=loss))
    out.append(torch_case("ReduceLROnPlateau/cooldown", "ReduceLROnPlateau", {"patience": 1, "factor": 0.5, "cooldown": 3, "threshold": 0.01},
                          TWO, len(loss), metrics=loss))
    out.append(torch_case("ReduceLROnPlateau/abs", "ReduceLROnPlateau", {"patience": 0, "factor": 0.7, "thresholdMode": "abs",
                                                                         "threshold": 0.001, "minLr": [0.02, 0.004]},
                          TWO, len(loss), metrics=loss))
    out.append(torch_case("ReduceLROnPlateau/max", "ReduceLROnPlateau", {"mode": "max", "patience": 3, "factor": 0.3, "minLr": 0.002},
                          TWO, len(acc), metrics=acc))
    out.append(torch_case("ReduceLROnPlateau/max-abs-eps", "ReduceLROnPlateau", {"mode": "max", "patience": 1, "thresholdMode": "abs",
                                                                                 "threshold": 0.0, "factor": 0.5, "eps": 0.004},
                          TWO, len(acc), metrics=acc))
    # Composites.
    warm = {"scheduler": "LinearLR", "options": {"startFactor": 0.1, "totalIters": 5}}
    out.append(torch_case("SequentialLR/warmup-cosine", "SequentialLR",
                          {"schedulers": [warm, {"scheduler": "CosineAnnealingLR", "options": {"TMax": 20, "etaMin": 0.0001}}], "milestones": [5]},
                          TWO, 50))
    out.append(torch_case("SequentialLR/three", "SequentialLR",
                          {"schedulers": [{"scheduler": "ConstantLR", "options": {"factor": 0.5, "totalIters": 4}},
                                          {"scheduler": "ExponentialLR", "options": {"gamma": 0.9}},
                                          {"scheduler": "StepLR", "options": {"stepSize": 4, "gamma": 0.5}}],
                           "milestones": [6, 20]},
                          TWO, 40))
    out.append(torch_case("SequentialLR/lambda-poly", "SequentialLR",
                          {"schedulers": [{"scheduler": "LambdaLR", "options": {"lrLambda": "warmup"}},
                                          {"scheduler": "PolynomialLR", "options": {"totalIters": 15, "power": 2.0}}],
                           "milestones": [4]},
                          ONE, 30))
    out.append(torch_case("SequentialLR/multiplicative-at-milestone", "SequentialLR",
                          {"schedulers": [{"scheduler": "ConstantLR", "options": {"factor": 0.5, "totalIters": 3}},
                                          {"scheduler": "MultiplicativeLR", "options": {"lrLambda": "const9"}}],
                           "milestones": [5]},
                          TWO, 15))
    out.append(torch_case("SequentialLR/cosine-swalr", "SequentialLR",
                          {"schedulers": [{"scheduler": "CosineAnnealingLR", "options": {"TMax": 10}},
                                          {"scheduler": "SWALR", "options": {"swaLr": 0.02, "annealEpochs": 5, "annealStrategy": "linear"}}],
                           "milestones": [8]},
                          TWO, 20))
    out.append(torch_case("SequentialLR/warmup-onecycle-momentum", "SequentialLR",
                          {"schedulers": [{"scheduler": "LinearLR", "options": {"startFactor": 0.5, "totalIters": 3}},
                                          {"scheduler": "OneCycleLR", "options": {"maxLr": 0.2, "totalSteps": 20}}],
                           "milestones": [4]},
                          TWO_M, 24, momentum_key="momentum"))
    out.append(torch_case("ChainedScheduler/sequential-inside", "ChainedScheduler",
                          {"schedulers": [{"scheduler": "SequentialLR",
                                           "options": {"schedulers": [{"scheduler": "LinearLR", "options": {"startFactor": 0.25, "totalIters": 4}},
                                                                      {"scheduler": "ExponentialLR", "options": {"gamma": 0.95}}],
                                                       "milestones": [6]}},
                                          {"scheduler": "MultiStepLR", "options": {"milestones": [10, 15], "gamma": 0.5}}]},
                          TWO, 25))
    out.append(torch_case("ChainedScheduler/constant-exponential", "ChainedScheduler",
                          {"schedulers": [{"scheduler": "ConstantLR", "options": {"factor": 0.1, "totalIters": 8}},
                                          {"scheduler": "ExponentialLR", "options": {"gamma": 0.9}}]},
                          TWO, 30))
    out.append(torch_case("ChainedScheduler/warmup-step-cosine", "ChainedScheduler",
                          {"schedulers": [{"scheduler": "LinearLR", "options": {"startFactor": 0.2, "totalIters": 6}},
                                          {"scheduler": "StepLR", "options": {"stepSize": 9, "gamma": 0.5}},
                                          {"scheduler": "CosineAnnealingLR", "options": {"TMax": 30}}]},
                          TWO, 45))
    # SWA.
    out.append(torch_case("SWALR/cos", "SWALR", {"swaLr": 0.01}, TWO, 25))
    out.append(torch_case("SWALR/linear-per-group", "SWALR", {"swaLr": [0.02, 0.005], "annealEpochs": 7, "annealStrategy": "linear"}, TWO, 20))
    out.append(torch_case("SWALR/no-anneal", "SWALR", {"swaLr": 0.03, "annealEpochs": 0}, ONE, 6))
    out.append(torch_case("SWALR/one-epoch-cos", "SWALR", {"swaLr": 0.2, "annealEpochs": 1}, ONE, 5))
    out.append(torch_case("SWALR/after-cosine", "SWALR", {"swaLr": 0.05, "annealEpochs": 4},
                          TWO, 15, before={"scheduler": "CosineAnnealingLR", "options": {"TMax": 20}, "steps": 12}))
    # LinearDecay: the textbook's rule, from its formula.
    out.append(linear_decay("LinearDecay/endFactor-default", {"totalIters": 30}, TWO, 40))
    out.append(linear_decay("LinearDecay/endFactor", {"totalIters": 12, "endFactor": 0.1}, TWO, 30))
    out.append(linear_decay("LinearDecay/endLr", {"totalIters": 25, "endLr": 0.001}, TWO, 40))
    out.append(linear_decay("LinearDecay/endLr-per-group", {"totalIters": 50, "endLr": [0.001, 0.0001]}, TWO, 60))
    out.append(linear_decay("LinearDecay/increase", {"totalIters": 8, "endLr": 0.2}, ONE, 30))
    return out


# One case a line keeps the fixture small and its diffs readable.
sys.stdout.write('{"generator": "scripts/goldens/lr_schedulers.py", "torch": %s, "cases": [\n' % json.dumps(torch.__version__))
sys.stdout.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases()))
sys.stdout.write("\n]}\n")
