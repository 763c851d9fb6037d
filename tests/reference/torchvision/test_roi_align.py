"""zsi::roiAlign next to torchvision.ops.roi_align, forward and backward (grad w.r.t. features).

Conventions mapped:
- aligned=True is torchvision's aligned=True: compared on the same RoIs.
- Our aligned=false is mmdet v1's legacy kernel, whose RoI ends at (x2 + 1) * scale; torchvision's
  aligned=False ends at x2 * scale. So ours(x1, y1, x2, y2) is compared with torchvision's on
  (x1, y1, x2 + 1, y2 + 1). The two also differ in the smallest RoI (torchvision forces at least
  1 feature pixel, mmdet v1 at least 0): the RoIs of that mode are at least 1 feature pixel wide.
- Our op has no adaptive sampling (samplingRatio must be > 0; the engine always uses mmdet v1's 2).
  torchvision's sampling_ratio=0 takes ceil(roi_size / output_size) samples per bin along each
  axis; it is compared with ours called, RoI group by RoI group, with that count (RoIs drawn so
  that both axes get the same count, the only case one ratio of ours can express).
Inputs: 2 images of random features (N(0, 1) noise blurred by a 3x3 box filter and rescaled to unit
std: neighbouring pixels of a real feature map are correlated), RoIs with quarter-pixel coordinates (exact in fp32 at
power-of-two scales) in shuffled image order, partly and wholly outside the map, degenerate ones
(aligned=True), empty lists. Tolerance 1e-5 absolute, forward and gradient.
Why maps of at most 32 px: both sides place the samples in fp32 (torchvision's
start + bin * (i + 0.5) / n, our grid_sample's coordinates normalised to [-1, 1]), each exact to
about one ulp of the coordinate (1.9e-6 px below 32, 3.8e-6 below 64), and a position error turns
into a value error times the feature's slope. On 40x48 maps of white noise the differences reached
1.5e-5 (forward) and 3e-5 (gradient) with both sides correct to fp32.
The feature gradient sums, at each pixel, the samples of every RoI over it (up to ~15 here) in
another order on each side: upstream gradients of std 0.25 keep it O(1) (max |grad| printed); with
std 1 (max |grad| ~10) the summation order alone gave 3e-5, ~3e-6 relative.

Mutation check (not committed): in core/engine/RoiAlign.cpp, sample offset `+ 0.5` → `+ 0.5001`
made every non-empty case fail (forward 1.4e-4 to 1.6, gradient 6e-5 to 0.2); restoring it passes.
"""
import math

import torch
from torchvision.ops import roi_align

import tvref

TOL = 1e-5
gen = torch.Generator().manual_seed(20)


def rand(*shape):
    return torch.rand(*shape, generator=gen, dtype=torch.float64)


def features_like(n, c, h, w):
    x = torch.nn.functional.avg_pool2d(torch.randn(n, c, h, w, generator=gen), 3, 1, 1, count_include_pad=False)
    return x / x.std()


def quarter(x):
    return torch.round(x * 4) / 4


def random_rois(n, img_h, img_w, legacy, scale, min_feature_px):
    """n RoIs (batch, x1, y1, x2, y2) in image pixels: about a third reach past the borders."""
    x1 = quarter((rand(n) * 1.4 - 0.3) * img_w)
    y1 = quarter((rand(n) * 1.4 - 0.3) * img_h)
    w = quarter(rand(n) * 0.6 * img_w)
    h = quarter(rand(n) * 0.6 * img_h)
    # Legacy RoIs span x2 - x1 + 1 pixels: keep them at least min_feature_px feature pixels wide.
    least = min_feature_px / scale - (1 if legacy else 0)
    w, h = w.clamp(min=least), h.clamp(min=least)
    batch = (rand(n) * 2).floor()
    return torch.stack([batch, x1, y1, x1 + w, y1 + h], 1).float()


def torchvision_rois(rois, aligned):
    return rois if aligned else rois + torch.tensor([0, 0, 0, 1, 1], dtype=rois.dtype)


def adaptive_grid(tv_rois, scale, out_h, out_w, aligned):
    """torchvision's per-RoI sample counts for sampling_ratio=0 (roi_align_kernel.cpp)."""
    off = 0.5 if aligned else 0.0
    r = tv_rois.double()
    rh = (r[:, 4] * scale - off) - (r[:, 2] * scale - off)
    rw = (r[:, 3] * scale - off) - (r[:, 1] * scale - off)
    if not aligned:
        rh, rw = rh.clamp(min=1), rw.clamp(min=1)
    return torch.ceil(rh / out_h).long(), torch.ceil(rw / out_w).long()


# (feature H, W, spatial scale, output h, w): several scales, square and non-square outputs.
GEOMETRIES = [(20, 27, 1.0, 7, 7), (28, 32, 0.25, 14, 14), (12, 17, 0.125, 3, 5), (16, 16, 0.5, 7, 7)]

cases, ours_calls = {}, {}
for aligned in (False, True):
    for sampling in (2, 0):
        for g, (fh, fw, scale, oh, ow) in enumerate(GEOMETRIES):
            name = "al%d_sr%d_g%d" % (aligned, sampling, g)
            img_h, img_w = fh / scale, fw / scale
            features = features_like(2, 3, fh, fw)
            rois = random_rois(16 if sampling else 200, img_h, img_w, not aligned, scale, 1.0)
            if aligned:
                # Degenerate RoIs: zero width, zero height (torchvision's aligned mode allows them).
                rois = torch.cat([rois, torch.tensor([[1, 8, 8, 8, 20], [0, 4, 6, 30, 6]], dtype=rois.dtype)])
            tv_rois = torchvision_rois(rois, aligned)
            groups = {sampling: torch.arange(len(rois))}
            if sampling == 0:
                kh, kw = adaptive_grid(tv_rois, scale, oh, ow, aligned)
                keep = (kh == kw) & (kh >= 1)
                rois, tv_rois, kh = rois[keep][:16], tv_rois[keep][:16], kh[keep][:16]
                groups = {int(k): (kh == k).nonzero().flatten() for k in kh.unique()}
                tvref.check(name + " adaptive counts", len(groups) >= 2, "sample counts %s" % sorted(groups))
            cases[name] = (features, rois, tv_rois, scale, oh, ow, sampling, aligned, groups)
            for k, idx in groups.items():
                grad = torch.randn(len(idx), 3, oh, ow, generator=gen) * 0.25
                ours_calls["%s_k%d" % (name, k)] = ({"features": features, "rois": rois[idx], "grad": grad},
                                                    {"out_h": oh, "out_w": ow, "scale": scale, "sampling": k,
                                                     "aligned": int(aligned)})
    # Empty RoI lists.
    features = torch.randn(1, 2, 9, 11, generator=gen)
    name = "al%d_empty" % aligned
    cases[name] = (features, torch.zeros(0, 5), torch.zeros(0, 5), 0.5, 7, 7, 2, aligned, {2: torch.arange(0)})
    ours_calls[name + "_k2"] = ({"features": features, "rois": torch.zeros(0, 5), "grad": torch.zeros(0, 2, 7, 7)},
                                {"out_h": 7, "out_w": 7, "scale": 0.5, "sampling": 2, "aligned": int(aligned)})

ours = tvref.run_helper("roi_align", ours_calls)

worst = 0.0
for name, (features, rois, tv_rois, scale, oh, ow, sampling, aligned, groups) in cases.items():
    f = features.clone().requires_grad_(True)
    ref = roi_align(f, tv_rois, (oh, ow), spatial_scale=scale, sampling_ratio=sampling, aligned=aligned)
    # Our outputs and upstream gradients, put back in RoI order; our feature gradients add up.
    out = torch.zeros_like(ref)
    grad_out = torch.zeros_like(ref)
    grad_ours = torch.zeros_like(features)
    for k, idx in groups.items():
        part = ours["%s_k%d" % (name, k)]
        out[idx] = part["out"]
        grad_out[idx] = ours_calls["%s_k%d" % (name, k)][0]["grad"]
        grad_ours += part["grad_features"]
    ref.backward(grad_out)
    grad_ref = f.grad if f.grad is not None else torch.zeros_like(features)
    worst = max(worst, tvref.close(name + " forward", out, ref.detach(), TOL))
    worst = max(worst, tvref.close(name + " grad features", grad_ours, grad_ref, TOL))
    if len(rois):
        tvref.check(name + " non-trivial", ref.abs().max().item() > 0.1 and grad_ref.abs().max().item() > 0.1,
                    "max |out| %.3g, max |grad| %.3g" % (ref.abs().max().item(), grad_ref.abs().max().item()))
print("roi_align: max abs difference over all cases %.3g (tolerance %.0e)" % (worst, TOL))
tvref.finish()
