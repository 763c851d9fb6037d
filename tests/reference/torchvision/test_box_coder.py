"""zsi::BoxCoder (mmdet v1 bbox2delta / delta2bbox) next to torchvision's detection BoxCoder.

Mapping: torchvision's weights (wx, wy, ww, wh) multiply the deltas; ours subtract `means` and
divide by `stds`. So means = 0 and stds = 1 / weights: torchvision's Faster R-CNN box head
weights (10, 10, 5, 5) are mmdet's target_stds (0.1, 0.1, 0.2, 0.2); its RPN's (1, 1, 1, 1) are
stds 1. Non-zero means have no torchvision counterpart (not compared).
Widths: torchvision's are continuous (x2 - x1): our offset 0. Our legacy offset 1 (mmdet v1's
x2 - x1 + 1 widths, pixel-inclusive boxes) is torchvision on boxes whose x2, y2 are one larger:
encode_ours(p, g) = encode_tv(g + [0,0,1,1], p + [0,0,1,1]) and
decode_ours(p, d) = decode_tv(d, p + [0,0,1,1]) - [0,0,1,1]; both are compared.
Clipping: ours (max_h, max_w > 0, offset 0) clamps to [0, W] x [0, H] like torchvision's
clip_boxes_to_image after decoding.
Known difference (by design, pinned): torchvision clamps dw, dh only from above at
log(1000 / 16); mmdet v1 (ours) clamps both ways, so a dw below -log(1000 / 16) differs. Ours is
compared with torchvision on deltas clamped from below first, and the unclamped difference is
checked to exist.
Coordinates stay below 64 px so that one fp32 ulp (<= 3.8e-6) is well under the 1e-5 tolerance:
the two codes round differently (our centre (x1 + x2) / 2, torchvision's x1 + w / 2), which at
800 px would be ~6e-5 with both correct to the last ulp.

Mutation check (not committed): in core/engine/BoxCoder.cpp decode, `gx - gw * 0.5 + half` →
`gx - gw * 0.5001 + half` made every decode case fail (differences 3e-5 to 1e-2); restoring it passes.
"""
import math

import torch
from torchvision.models.detection._utils import BoxCoder
from torchvision.ops import clip_boxes_to_image

import tvref

TOL = 1e-5
CLIP = math.log(1000.0 / 16)
gen = torch.Generator().manual_seed(22)
IMG_H, IMG_W = 40, 60
ONE = torch.tensor([0.0, 0, 1, 1])


def boxes(n, min_side=1.0, max_side=19.0, max_xy=None):
    x1 = torch.rand(n, generator=gen) * (IMG_W - 20 if max_xy is None else max_xy)
    y1 = torch.rand(n, generator=gen) * (IMG_H - 20 if max_xy is None else max_xy)
    w = torch.rand(n, generator=gen) * (max_side - min_side) + min_side
    h = torch.rand(n, generator=gen) * (max_side - min_side) + min_side
    return torch.stack([x1, y1, x1 + w, y1 + h], 1)


def jitter(b):
    return b + torch.randn(b.shape, generator=gen) * 2


cases, refs = {}, {}
for weights in ((10.0, 10.0, 5.0, 5.0), (1.0, 1.0, 1.0, 1.0), (2.0, 3.0, 0.5, 4.0)):
    tv = BoxCoder(weights, bbox_xform_clip=CLIP)
    stds = " ".join(repr(1.0 / w) for w in weights)
    wname = "w%g,%g,%g,%g" % weights
    for offset in (0, 1):
        p = boxes(500)
        g = jitter(p).clamp(0, 63)
        g[:, 2:] = torch.maximum(g[:, 2:], g[:, :2] + 0.5)
        params = {"means": "0 0 0 0", "stds": stds, "offset": offset, "max_h": 0, "max_w": 0}
        name = "encode %s offset %d" % (wname, offset)
        cases[name] = ({"proposals": p, "targets": g}, dict(params, kind="encode"))
        refs[name] = tv.encode_single(g + offset * ONE, p + offset * ONE)
        # Decode: 3 classes of deltas per box, within both clamps, with dw/dh above the clamp, and
        # with dw/dh below -CLIP (torchvision given those clamped from below: see above).
        # Unweighted deltas N(0, 0.5^2), i.e. within both clamps, except where shifted by +-6.
        # Growing boxes 62x (the upper clamp) start tiny near the origin, to stay below 64 px.
        wd = torch.tensor(weights * 3)
        for dname, shift in (("", 0.0), (" big dw", 6.0), (" small dw", -6.0)):
            pd = boxes(500, 0.05, 0.5, 2.0) if shift > 0 else p
            d = torch.randn(500, 12, generator=gen) * 0.5
            d[:, 2::4] += shift
            d[:, 3::4] += shift
            d *= wd
            d_tv = d.clone()
            if shift < 0:
                d_tv[:, 2::4] = torch.maximum(d[:, 2::4], -CLIP * wd[2::4])
                d_tv[:, 3::4] = torch.maximum(d[:, 3::4], -CLIP * wd[3::4])
            name = "decode %s offset %d%s" % (wname, offset, dname)
            cases[name] = ({"boxes": pd, "deltas": d}, dict(params, kind="decode"))
            refs[name] = tv.decode_single(d_tv, pd + offset * ONE) - offset * ONE.repeat(3)
            if shift < 0:
                unclamped = tv.decode_single(d, pd + offset * ONE) - offset * ONE.repeat(3)
                refs[name + " (torchvision unclamped)"] = unclamped
        if offset == 0:
            d = torch.randn(500, 8, generator=gen) * 0.5 * wd[:8]
            name = "decode %s clipped" % wname
            cases[name] = ({"boxes": p, "deltas": d}, dict(params, kind="decode", max_h=IMG_H, max_w=IMG_W))
            refs[name] = clip_boxes_to_image(tv.decode_single(d, p).reshape(-1, 4), (IMG_H, IMG_W)).reshape(500, 8)

names = list(cases)
ours = tvref.run_helper("box_coder", {"c%d" % i: cases[n] for i, n in enumerate(names)})
worst = 0.0
for i, name in enumerate(names):
    out = ours["c%d" % i]["out"]
    worst = max(worst, tvref.close(name, out, refs[name], TOL))
    if name + " (torchvision unclamped)" in refs:
        gap = (out - refs[name + " (torchvision unclamped)"]).abs().max().item()
        tvref.check(name + " differs unclamped", gap > 1e-2, "max abs diff %.3g (the documented lower clamp)" % gap)
print("box coder: max abs difference over all cases %.3g (tolerance %.0e)" % (worst, TOL))
tvref.finish()
