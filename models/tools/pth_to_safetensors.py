#!/usr/bin/env python3
"""Convert a PyTorch checkpoint (.pth, any torch.save format, including the legacy pre-1.6 one that
LibTorch cannot read) into a safetensors file that `zsi import` reads.

    python3 models/tools/pth_to_safetensors.py ZSI_48_17.pth ZSI_48_17.safetensors

Needs PyTorch (only for torch.load). Takes checkpoint["state_dict"] (mmdetection), else
checkpoint["model"], else the checkpoint itself when it is a dict of tensors. The tensors are
written unchanged (names, dtypes, shapes); the ZSI key map is applied later by `zsi import`.
"""
import json
import struct
import sys

DTYPES = {
    "torch.float32": ("F32", 4), "torch.float64": ("F64", 8), "torch.float16": ("F16", 2),
    "torch.bfloat16": ("BF16", 2), "torch.int64": ("I64", 8), "torch.int32": ("I32", 4),
    "torch.int16": ("I16", 2), "torch.int8": ("I8", 1), "torch.uint8": ("U8", 1), "torch.bool": ("BOOL", 1),
}


def state_dict_of(checkpoint):
    for key in ("state_dict", "model"):
        if isinstance(checkpoint, dict) and isinstance(checkpoint.get(key), dict):
            return checkpoint[key]
    return checkpoint


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    import torch  # imported here so that --help works without PyTorch

    checkpoint = torch.load(argv[1], map_location="cpu")
    tensors = state_dict_of(checkpoint)
    if not isinstance(tensors, dict):
        sys.stderr.write("error: %s does not hold a dict of tensors\n" % argv[1])
        return 1
    header, blobs, offset = {"__metadata__": {"source": argv[1], "converted_by": "pth_to_safetensors.py"}}, [], 0
    for name, value in tensors.items():
        if not torch.is_tensor(value):
            sys.stderr.write("skipping %s: not a tensor\n" % name)
            continue
        value = value.detach().cpu().contiguous()
        if str(value.dtype) not in DTYPES:
            sys.stderr.write("error: %s has unsupported dtype %s\n" % (name, value.dtype))
            return 1
        dtype, size = DTYPES[str(value.dtype)]
        # Raw bytes in the machine's (little-endian) order; numpy has no bfloat16, so those go
        # through a same-sized integer view.
        if value.dtype == torch.bfloat16:
            value = value.view(torch.int16)
        raw = value.numpy().astype(value.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(value.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(argv[2], "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for raw in blobs:
            out.write(raw)
    print("wrote %s: %d tensors, %d bytes of data" % (argv[2], len(blobs), offset))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
