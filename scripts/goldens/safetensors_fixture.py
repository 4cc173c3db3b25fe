#!/usr/bin/python3
"""A safetensors file written from PyTorch, for descent's checkpoint interop test.

Regenerate (Debian's python3-torch; tests never need Python):
    /usr/bin/python3 scripts/goldens/safetensors_fixture.py

Writes test/fixtures/torch_mlp.safetensors: the state_dict of
    Sequential(Linear(4, 8), BatchNorm1d(8), ReLU(), Dropout(0.3), Linear(8, 3))
after three training steps (so the running statistics and num_batches_tracked are not the
initial ones), laid out as the `safetensors` package's save_file does (the package is not in
Debian, and the format is simple): 8-byte little-endian header length, the JSON header with
"__metadata__": {"format": "pt"} first and the tensors sorted by element size (largest first)
then name, padded with spaces to a multiple of 8, then the data. num_batches_tracked is I64, as
PyTorch keeps it.

And test/fixtures/torch_mlp.json: the evaluation-mode output for a fixed input, computed in
float64 from the stored float32 weights (and in float32, for reference), and the key order.
"""
import copy
import json
import os
import struct

import torch

torch.manual_seed(20261123)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', '..', 'test', 'fixtures')

DTYPES = {torch.float32: ('F32', 4), torch.float64: ('F64', 8), torch.int64: ('I64', 8), torch.int32: ('I32', 4)}


def write_safetensors(path, tensors, metadata):
    names = sorted(tensors, key=lambda k: (-DTYPES[tensors[k].dtype][1], k))
    header = {'__metadata__': metadata}
    blobs = []
    at = 0
    for name in names:
        t = tensors[name].detach().contiguous()
        dtype, _ = DTYPES[t.dtype]
        blob = t.numpy().astype(t.numpy().dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [at, at + len(blob)]}
        blobs.append(blob)
        at += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(8, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        x = torch.randn(16, 4)
        y = torch.randint(0, 3, (16,))
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    model.eval()
    sd = model.state_dict()
    write_safetensors(os.path.join(FIXTURES, 'torch_mlp.safetensors'), sd, {'format': 'pt'})

    x = torch.randn(5, 4)
    with torch.no_grad():
        out32 = model(x)
        out64 = copy.deepcopy(model).double()(x.double())
    fixture = {
        'architecture': 'Sequential(Linear(4, 8), BatchNorm1d(8), ReLU(), Dropout(0.3), Linear(8, 3)), eval mode',
        'keys': list(sd.keys()),
        'numBatchesTracked': int(sd['1.num_batches_tracked']),
        'input': [float(v) for v in x.reshape(-1).tolist()],
        'inputShape': list(x.shape),
        'output64': [float(v) for v in out64.reshape(-1).tolist()],
        'output32': [float(v) for v in out32.reshape(-1).tolist()],
        'outputShape': list(out64.shape),
    }
    with open(os.path.join(FIXTURES, 'torch_mlp.json'), 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
