#!/usr/bin/python3
"""PyTorch peer for descent's MLP and batch-norm benchmarks (Debian's python3-torch).

    /usr/bin/python3 bench/peers/torch_mlp.py --threads N --what mlp|batchnorm --reps R

Prints one JSON object: samples per second of the 784-256-128-10 MLP trained with plain SGD at
batch 128 (synthetic data, cross-entropy), or microseconds per BatchNorm1d forward+backward on
(256, 1024); the median of R timed repetitions, measured the same way as bench/mlp.ts
(gradients zeroed in place).
"""
import argparse
import json
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--what", choices=["mlp", "batchnorm"], default="mlp")
parser.add_argument("--reps", type=int, default=7)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

if args.what == "mlp":
    batch, steps = 128, 20
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=False)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(10):
        step()
    rates = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(batch * steps / (time.perf_counter() - t0))
    print(json.dumps({"what": "mlp", "threads": args.threads, "samples_per_second": statistics.median(rates), "torch": torch.__version__}))
else:
    bn = torch.nn.BatchNorm1d(1024)
    x = torch.randn(256, 1024, requires_grad=True)
    g = torch.randn(256, 1024)

    def step():
        if x.grad is not None:
            x.grad.zero_()
        bn(x).backward(g)

    for _ in range(20):
        step()
    times = []
    for _ in range(args.reps):
        n = 200
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        times.append((time.perf_counter() - t0) / n * 1e6)
    print(json.dumps({"what": "batchnorm", "threads": args.threads, "microseconds": statistics.median(times), "torch": torch.__version__}))
