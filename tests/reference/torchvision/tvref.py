"""Shared code of the torchvision reference drivers: the safetensors exchange with tv_ref_helper
(written with numpy and json: the format is an 8-byte little-endian header length, a JSON header,
raw little-endian bytes), running the helper, and comparisons that print their difference and
tolerance. A driver calls `finish()`, which exits 1 when any comparison failed."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

torch.set_num_threads(1)  # the helper runs with OMP_NUM_THREADS=1 too: same kernels, same order

_DTYPES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}
_NUMPY = {v: k for k, v in _DTYPES.items()}
_failures = []
_start = time.time()


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": {k: str(v) for k, v in metadata.items()}}, [], 0
    for name, value in tensors.items():
        a = np.ascontiguousarray(value.detach().cpu().numpy() if torch.is_tensor(value) else value)
        blob = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        a = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=_NUMPY[e["dtype"]].newbyteorder("<"))
        out[name] = torch.from_numpy(a.reshape(e["shape"]).copy())
    return out


def run_helper(op, cases):
    """cases: {case: ({field: tensor}, {param: value})} → {case: {result: tensor}}."""
    helper = sys.argv[1] if len(sys.argv) > 1 else ""
    if not os.path.isfile(helper):
        sys.exit("no helper executable given (argument 1): %r" % helper)
    tensors, meta = {}, {"op": op}
    for case, (fields, params) in cases.items():
        assert "/" not in case
        tensors.update({case + "/" + k: v for k, v in fields.items()})
        meta.update({case + "/" + k: v for k, v in params.items()})
    with tempfile.TemporaryDirectory() as tmp:
        write_safetensors(os.path.join(tmp, "in.safetensors"), tensors, meta)
        r = subprocess.run([helper, os.path.join(tmp, "in.safetensors"), os.path.join(tmp, "out.safetensors")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.stdout:
            print(r.stdout.rstrip())
        if r.returncode != 0:
            sys.exit("tv_ref_helper failed (exit %d)" % r.returncode)
        flat = read_safetensors(os.path.join(tmp, "out.safetensors"))
    out = {case: {} for case in cases}
    for name, value in flat.items():
        case, field = name.split("/", 1)
        out[case][field] = value
    return out


def close(name, ours, ref, tol):
    """Float comparison: max |ours - ref| <= tol (shapes must agree). Returns the difference."""
    if tuple(ours.shape) != tuple(ref.shape):
        _failures.append(name)
        print("FAIL %-44s shape %s, torchvision %s" % (name, tuple(ours.shape), tuple(ref.shape)))
        return float("inf")
    diff = (ours.double() - ref.double()).abs().max().item() if ref.numel() else 0.0
    ok = diff <= tol
    if not ok:
        _failures.append(name)
    print("%s %-44s max abs diff %.3g (tolerance %.0e, %d values)" % ("ok  " if ok else "FAIL", name, diff, tol, ref.numel()))
    return diff


def same(name, ours, ref):
    """Exact comparison (indices, orders): equal shapes and every element equal."""
    ours, ref = ours.long().flatten(), ref.long().flatten()
    ok = ours.shape == ref.shape and bool((ours == ref).all())
    if not ok:
        _failures.append(name)
        print("FAIL %-44s ours %s\n     %-44s torchvision %s" % (name, ours.tolist()[:40], "", ref.tolist()[:40]))
    else:
        print("ok   %-44s identical (%d values)" % (name, ref.numel()))


def check(name, condition, detail=""):
    if not condition:
        _failures.append(name)
    print("%s %-44s %s" % ("ok  " if condition else "FAIL", name, detail))


def finish():
    print("torch %s, torchvision %s, %.1f s" % (torch.__version__, __import__("torchvision").__version__, time.time() - _start))
    if _failures:
        print("%d comparison(s) failed: %s" % (len(_failures), ", ".join(_failures)))
        sys.exit(1)
    print("all comparisons passed")
