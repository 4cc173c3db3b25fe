#!/usr/bin/python3
"""Shows PyTorch loading the model part of a descent checkpoint (a manual check; tests never
need Python).

    npx mocha dist/test/62-checkpoint.test.js -g 'PyTorch can read'   # writes the checkpoint
    /usr/bin/python3 scripts/check_torch_loads_descent.py [path]

The default path is $TMPDIR/descent-torch-check.safetensors (what the test writes; set
DESCENT_TORCH_CHECK to choose another). The checkpoint holds
    Sequential(Linear(4, 8), BatchNorm1d(8), ReLU(), Dropout(0.3), Linear(8, 3))
after a few Adam steps, and in its "descent.meta" the input and descent's evaluation-mode output.
This script parses the file with struct and json only (the safetensors package is not in Debian;
it is used instead when installed), strips the "model." prefix, loads the tensors into the same
torch architecture with load_state_dict(strict=True) (descent's I32 num_batches_tracked is copied
into torch's int64 buffer), and compares torch's forward output with descent's.
"""
import json
import os
import struct
import sys
import tempfile

import torch

DTYPES = {'F32': torch.float32, 'F64': torch.float64, 'I32': torch.int32, 'I64': torch.int64}


def read_safetensors(path):
    try:
        from safetensors import safe_open  # noqa: F401 (only when installed)
        from safetensors.torch import load_file
        with open(path, 'rb') as f:
            n = struct.unpack('<Q', f.read(8))[0]
            metadata = json.loads(f.read(n)).get('__metadata__', {})
        return load_file(path), metadata
    except ImportError:
        pass
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    metadata = header.pop('__metadata__', {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry['data_offsets']
        buf = bytearray(data[base + begin:base + end])
        dtype = DTYPES[entry['dtype']]
        t = torch.frombuffer(buf, dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(entry['shape']).clone()
    return tensors, metadata


def main():
    default = os.environ.get('DESCENT_TORCH_CHECK', os.path.join(tempfile.gettempdir(), 'descent-torch-check.safetensors'))
    path = sys.argv[1] if len(sys.argv) > 1 else default
    tensors, metadata = read_safetensors(path)
    print(f'{path}: format {metadata.get("descent.format")}, {len(tensors)} tensors')
    for name, t in tensors.items():
        print(f'  {name:32s} {str(t.dtype):14s} {list(t.shape)}')
    model_sd = {k[len('model.'):]: v for k, v in tensors.items() if k.startswith('model.')}
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(8, 3))
    result = model.load_state_dict(model_sd, strict=True)
    print(f'load_state_dict(strict=True): {result}')
    print(f'num_batches_tracked: {int(model[1].num_batches_tracked)} ({model[1].num_batches_tracked.dtype})')
    meta = json.loads(metadata['descent.meta'])
    x = torch.tensor(meta['input'], dtype=torch.float64).reshape(meta['inputShape'])
    expected = torch.tensor(meta['output'], dtype=torch.float64).reshape(meta['outputShape'])
    model.eval()
    with torch.no_grad():
        out64 = model.double()(x)
    err = (out64 - expected).abs().max().item()
    scale = expected.abs().max().item()
    print(f'max |torch - descent| = {err:.3e} (max |output| {scale:.3e})')
    ok = err <= 1e-5 * scale + 1e-6
    print('OK: PyTorch reproduces descent\'s output' if ok else 'MISMATCH')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
