#!/usr/bin/python3
"""Golden values for descent's loss functions (lib/nn/losses), from PyTorch.

Regenerate (Debian's python3-torch, 1.13; tests never need Python):
    /usr/bin/python3 scripts/goldens/losses.py > test/fixtures/losses.json

Everything is float64, drawn from a fixed torch seed. Each case names the descent function
("fn") and its options in descent's camelCase, and holds the input, the target (int64 class
indices are written as "int32"), the optional weight / posWeight, the loss ("value") and the
gradient of the input ("inputGrad"), and of a float target where PyTorch gives one
("targetGrad"). For reduction 'none' the gradients are those of the sum of the losses.

nllLoss with probability targets has no PyTorch function: those cases ("reference":
"formula") use -(input * target * weight).sum(1), averaged over positions for 'mean', the
definition descent documents (as cross_entropy's with probability targets).
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(20240611)
torch.set_default_dtype(torch.float64)

REDUCTIONS = ("mean", "sum", "none")


def enc(t, dtype=None):
    t = t.detach()
    if dtype is None:
        dtype = "int32" if t.dtype in (torch.int64, torch.int32) else "float64"
    values = [int(v) for v in t.reshape(-1).tolist()] if dtype == "int32" else [float(v) for v in t.reshape(-1).tolist()]
    return {"shape": list(t.shape), "dtype": dtype, "data": values}


def run(name, fn, torch_fn, x, target, options, weight=None, pos_weight=None, target_grad=False, reference=None):
    """Evaluates torch_fn(x, target) and its gradients; records everything descent needs."""
    x = x.detach().clone().requires_grad_()
    tgt = target.detach().clone()
    if target_grad:
        tgt.requires_grad_()
    loss = torch_fn(x, tgt)
    (loss.sum() if options.get("reduction") == "none" else loss).backward()
    case = {"name": name, "fn": fn, "options": options, "input": enc(x), "target": enc(target),
            "value": enc(loss), "inputGrad": enc(x.grad)}
    if weight is not None:
        case["weight"] = enc(weight)
    if pos_weight is not None:
        case["posWeight"] = enc(pos_weight)
    if target_grad and tgt.grad is not None:
        case["targetGrad"] = enc(tgt.grad)
    if reference is not None:
        case["reference"] = reference
    return case


def away_from_kinks(x, t, delta):
    """t moved so that |x - t| stays >= 0.05 from 0 and from delta (no kink of l1 or Huber)."""
    t = t.clone()
    for _ in range(100):
        z = (x - t).abs()
        bad = (z < 0.05) | ((z - delta).abs() < 0.05)
        if not bad.any():
            return t
        t[bad] += 0.173
    raise RuntimeError("could not move targets away from the kinks")


cases = []

# --- element-wise regression losses ------------------------------------------------------
x = torch.randn(4, 3) * 1.5
t = away_from_kinks(x, torch.randn(4, 3), 1.0)
t_half = away_from_kinks(x, torch.randn(4, 3), 0.5)
x3 = torch.randn(2, 3, 2)
t3 = away_from_kinks(x3, torch.randn(2, 3, 2), 1.0)
for r in REDUCTIONS:
    cases.append(run(f"mse/{r}", "mseLoss", lambda a, b, r=r: F.mse_loss(a, b, reduction=r), x, t, {"reduction": r}, target_grad=True))
    cases.append(run(f"l1/{r}", "l1Loss", lambda a, b, r=r: F.l1_loss(a, b, reduction=r), x, t, {"reduction": r}, target_grad=True))
    cases.append(run(f"huber/{r}", "huberLoss", lambda a, b, r=r: F.huber_loss(a, b, reduction=r), x, t, {"reduction": r}, target_grad=True))
    cases.append(run(f"huber/delta0.5/{r}", "huberLoss", lambda a, b, r=r: F.huber_loss(a, b, reduction=r, delta=0.5), x, t_half,
                     {"reduction": r, "delta": 0.5}, target_grad=True))
cases.append(run("mse/3d/mean", "mseLoss", lambda a, b: F.mse_loss(a, b), x3, t3, {"reduction": "mean"}, target_grad=True))
cases.append(run("l1/3d/sum", "l1Loss", lambda a, b: F.l1_loss(a, b, reduction="sum"), x3, t3, {"reduction": "sum"}, target_grad=True))
cases.append(run("huber/3d/mean", "huberLoss", lambda a, b: F.huber_loss(a, b), x3, t3, {}, target_grad=True))

# --- cross-entropy ----------------------------------------------------------------------
N, C = 5, 4
logits = torch.randn(N, C) * 2
hard = torch.randint(0, C, (N,))
w = torch.rand(C) + 0.5
ignored = hard.clone()
ignored[1] = -100
ignored[3] = -100
custom = torch.tensor([1, 0, 1, 3, 2])  # ignoreIndex = 1 drops positions 0 and 2
soft = torch.softmax(torch.randn(N, C), dim=1)
logits3 = torch.randn(3, C, 5) * 2
hard3 = torch.randint(0, C, (3, 5))
ignored3 = hard3.clone()
ignored3[0, 1] = -100
ignored3[2, 4] = -100
soft3 = torch.softmax(torch.randn(3, C, 5), dim=1)
logits4 = torch.randn(2, 3, 2, 2)
hard4 = torch.randint(0, 3, (2, 2, 2))
w3 = torch.rand(3) + 0.5


def ce(name, x, target, reduction, weight=None, ignore_index=None, smoothing=None, target_grad=False):
    opts = {"reduction": reduction}
    kwargs = {"reduction": reduction}
    if ignore_index is not None:
        opts["ignoreIndex"] = ignore_index
        kwargs["ignore_index"] = ignore_index
    if smoothing is not None:
        opts["labelSmoothing"] = smoothing
        kwargs["label_smoothing"] = smoothing
    return run(f"crossEntropy/{name}/{reduction}", "crossEntropy",
               lambda a, b: F.cross_entropy(a, b, weight=weight, **kwargs), x, target, opts,
               weight=weight, target_grad=target_grad)


for r in REDUCTIONS:
    cases.append(ce("hard", logits, hard, r))
    cases.append(ce("weight", logits, hard, r, weight=w))
    cases.append(ce("ignore", logits, ignored, r))
    cases.append(ce("weight-ignore", logits, ignored, r, weight=w))
    cases.append(ce("ignoreIndex1-weight", logits, custom, r, weight=w, ignore_index=1))
    cases.append(ce("smoothing", logits, hard, r, smoothing=0.1))
    cases.append(ce("weight-ignore-smoothing", logits, ignored, r, weight=w, smoothing=0.2))
    cases.append(ce("soft", logits, soft, r, target_grad=True))
    cases.append(ce("soft-weight", logits, soft, r, weight=w, target_grad=True))
    cases.append(ce("soft-smoothing", logits, soft, r, smoothing=0.15, target_grad=True))
    cases.append(ce("soft-weight-smoothing", logits, soft, r, weight=w, smoothing=0.3, target_grad=True))
    cases.append(ce("3d", logits3, hard3, r))
    cases.append(ce("3d-weight-ignore-smoothing", logits3, ignored3, r, weight=w, smoothing=0.1))
    cases.append(ce("3d-soft-weight", logits3, soft3, r, weight=w, target_grad=True))
cases.append(ce("4d-weight", logits4, hard4, "mean", weight=w3))
cases.append(ce("large-logits", logits * 40, hard, "mean", weight=w, smoothing=0.1))
cases.append(ce("unbatched", logits[0], hard[0], "mean"))
cases.append(ce("unbatched", logits[0], hard[0], "none", smoothing=0.1))
cases.append(ce("unbatched-soft", logits[0], soft[0], "sum", target_grad=True))

# --- negative log-likelihood ------------------------------------------------------------
logp = torch.log_softmax(torch.randn(N, C), dim=1)
logp3 = torch.log_softmax(torch.randn(3, C, 5), dim=1)


def nll(name, x, target, reduction, weight=None, ignore_index=None):
    opts = {"reduction": reduction}
    kwargs = {"reduction": reduction}
    if ignore_index is not None:
        opts["ignoreIndex"] = ignore_index
        kwargs["ignore_index"] = ignore_index
    return run(f"nllLoss/{name}/{reduction}", "nllLoss", lambda a, b: F.nll_loss(a, b, weight=weight, **kwargs),
               x, target, opts, weight=weight)


def nll_soft(name, x, target, reduction, weight=None):
    def fn(a, b):
        wv = torch.ones(a.shape[1]) if weight is None else weight
        per = -(a * b * wv.view([a.shape[1]] + [1] * (a.dim() - 2))).sum(1)
        return per.mean() if reduction == "mean" else per.sum() if reduction == "sum" else per
    return run(f"nllLoss/{name}/{reduction}", "nllLoss", fn, x, target, {"reduction": reduction},
               weight=weight, target_grad=True, reference="formula")


for r in REDUCTIONS:
    cases.append(nll("hard", logp, hard, r))
    cases.append(nll("weight", logp, hard, r, weight=w))
    cases.append(nll("ignore", logp, ignored, r))
    cases.append(nll("weight-ignore", logp, ignored, r, weight=w))
    cases.append(nll("ignoreIndex2-weight", logp, custom, r, weight=w, ignore_index=2))
    cases.append(nll("3d-weight-ignore", logp3, ignored3, r, weight=w))
    cases.append(nll_soft("soft", logp, soft, r))
    cases.append(nll_soft("soft-weight", logp, soft, r, weight=w))
    cases.append(nll_soft("3d-soft-weight", logp3, soft3, r, weight=w))
cases.append(nll("unbatched", logp[0], hard[0], "mean"))
cases.append(nll("unbatched", logp[0], hard[0], "none", weight=w))

# --- binary cross-entropy ---------------------------------------------------------------
p = torch.rand(4, 3) * 0.9 + 0.05
soft_b = torch.rand(4, 3)
hard_b = torch.bernoulli(torch.full((4, 3), 0.5))
wb = torch.rand(4, 3) + 0.5
wrow = torch.rand(3) + 0.5


def bce(name, x, target, reduction, weight=None):
    return run(f"binaryCrossEntropy/{name}/{reduction}", "binaryCrossEntropy",
               lambda a, b: F.binary_cross_entropy(a, b, weight=weight, reduction=reduction), x, target,
               {"reduction": reduction}, weight=weight, target_grad=True)


for r in REDUCTIONS:
    cases.append(bce("soft", p, soft_b, r))
    cases.append(bce("weight", p, soft_b, r, weight=wb))
    cases.append(bce("hard", p, hard_b, r))
cases.append(bce("broadcast-weight", p, soft_b, "mean", weight=wrow))

z = torch.randn(4, 3) * 3
z[0, 0] = 0.0  # the gradient at exactly 0 (zero-initialized last layers)
posw = torch.rand(3) * 2 + 0.5
z3 = torch.randn(2, 3, 4) * 2
t3b = torch.rand(2, 3, 4)
posw4 = torch.rand(4) * 2 + 0.5


def bcel(name, x, target, reduction, weight=None, pos_weight=None):
    return run(f"binaryCrossEntropyWithLogits/{name}/{reduction}", "binaryCrossEntropyWithLogits",
               lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=weight, pos_weight=pos_weight, reduction=reduction),
               x, target, {"reduction": reduction}, weight=weight, pos_weight=pos_weight, target_grad=True)


for r in REDUCTIONS:
    cases.append(bcel("soft", z, soft_b, r))
    cases.append(bcel("weight", z, soft_b, r, weight=wb))
    cases.append(bcel("posWeight", z, soft_b, r, pos_weight=posw))
    cases.append(bcel("weight-posWeight", z, hard_b, r, weight=wrow, pos_weight=posw))
cases.append(bcel("large-logits-posWeight", z * 30, soft_b, "mean", pos_weight=posw))
cases.append(bcel("3d-posWeight", z3, t3b, "mean", pos_weight=posw4))

# One case a line, so a regenerated file diffs case by case.
out = sys.stdout
out.write('{"generator": %s,\n "cases": [\n' % json.dumps("scripts/goldens/losses.py, torch " + torch.__version__))
out.write(",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in cases))
out.write("\n ]}\n")
