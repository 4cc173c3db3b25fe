#!/usr/bin/python3
"""Golden values for descent's normalization layers and a small network, from PyTorch.

Regenerate (Debian's python3-torch; tests never need Python):
    /usr/bin/python3 scripts/goldens/nn.py > test/fixtures/nn.json

Everything is float64. For each case: the inputs, the forward output, the running statistics
after a training step, and the gradients of sum(output * gy) for a fixed random gy.
"""
import json
import sys

import torch

torch.manual_seed(20261123)
torch.set_default_dtype(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def batchnorm_case(name, shape, eps, momentum, affine, training, track=True):
    c = shape[1]
    bn = torch.nn.BatchNorm1d(c, eps=eps, momentum=momentum, affine=affine, track_running_stats=track)
    if affine:
        with torch.no_grad():
            bn.weight.copy_(torch.rand(c) + 0.5)
            bn.bias.copy_(torch.randn(c))
    if track:
        with torch.no_grad():
            bn.running_mean.copy_(torch.randn(c) * 0.1)
            bn.running_var.copy_(torch.rand(c) + 0.5)
    rm_in = flat(bn.running_mean) if track else None
    rv_in = flat(bn.running_var) if track else None
    bn.train(training)
    x = (torch.randn(*shape) * 2 + 0.5).requires_grad_()
    y = bn(x)
    gy = torch.randn(*shape)
    (y * gy).sum().backward()
    case = {
        "name": name, "shape": list(shape), "eps": eps, "momentum": momentum, "affine": affine,
        "training": training, "trackRunningStats": track,
        "x": flat(x), "gy": flat(gy), "y": flat(y), "gx": flat(x.grad),
    }
    if affine:
        case.update(weight=flat(bn.weight), bias=flat(bn.bias), gweight=flat(bn.weight.grad), gbias=flat(bn.bias.grad))
    if track:
        case.update(runningMeanIn=rm_in, runningVarIn=rv_in, runningMeanOut=flat(bn.running_mean),
                    runningVarOut=flat(bn.running_var), numBatchesTracked=int(bn.num_batches_tracked))
    return case


def groupnorm_case(name, shape, groups, eps, affine):
    c = shape[1]
    gn = torch.nn.GroupNorm(groups, c, eps=eps, affine=affine)
    if affine:
        with torch.no_grad():
            gn.weight.copy_(torch.rand(c) + 0.5)
            gn.bias.copy_(torch.randn(c))
    x = (torch.randn(*shape) * 1.5 - 0.3).requires_grad_()
    y = gn(x)
    gy = torch.randn(*shape)
    (y * gy).sum().backward()
    case = {"name": name, "shape": list(shape), "groups": groups, "eps": eps, "affine": affine,
            "x": flat(x), "gy": flat(gy), "y": flat(y), "gx": flat(x.grad)}
    if affine:
        case.update(weight=flat(gn.weight), bias=flat(gn.bias), gweight=flat(gn.weight.grad), gbias=flat(gn.bias.grad))
    return case


def mlp_case():
    model = torch.nn.Sequential(
        torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8), torch.nn.Tanh(),
        torch.nn.Linear(8, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(),
        torch.nn.Linear(6, 3),
    )
    x = torch.randn(7, 5).requires_grad_()
    state = {k: {"shape": list(v.shape), "values": flat(v.double())} for k, v in model.state_dict().items()}
    y = model(x)
    gy = torch.randn(7, 3)
    (y * gy).sum().backward()
    return {
        "stateDict": state, "stateDictKeys": list(model.state_dict().keys()),
        "x": flat(x), "gy": flat(gy), "y": flat(y), "gx": flat(x.grad),
        "grads": {name: flat(p.grad) for name, p in model.named_parameters()},
        "stateAfter": {k: flat(v.double()) for k, v in model.state_dict().items()},
    }


fixtures = {
    "generator": "scripts/goldens/nn.py, torch " + torch.__version__,
    "batchnorm": [
        batchnorm_case("2d-train-affine", (16, 5), 1e-5, 0.1, True, True),
        batchnorm_case("2d-train-no-affine", (9, 3), 1e-3, 0.3, False, True),
        batchnorm_case("3d-train-affine", (4, 6, 7), 1e-5, 0.1, True, True),
        batchnorm_case("2d-eval-affine", (8, 5), 1e-5, 0.1, True, False),
        batchnorm_case("3d-eval-affine", (3, 4, 5), 1e-5, 0.1, True, False),
        batchnorm_case("2d-train-cumulative", (10, 4), 1e-5, None, True, True),
        batchnorm_case("2d-no-running-stats", (6, 3), 1e-5, 0.1, True, True, track=False),
    ],
    "groupnorm": [
        groupnorm_case("3d-2groups", (3, 6, 5), 2, 1e-5, True),
        groupnorm_case("4d-3groups", (2, 6, 3, 4), 3, 1e-5, True),
        groupnorm_case("1group-no-affine", (4, 5, 3), 1, 1e-4, False),
        groupnorm_case("groups-equal-channels", (2, 4, 6), 4, 1e-5, True),
    ],
    "mlp": mlp_case(),
}
json.dump(fixtures, sys.stdout, indent=1)
sys.stdout.write("\n")
