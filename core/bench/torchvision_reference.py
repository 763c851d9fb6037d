#!/usr/bin/env python3
"""The reference for bench_detector (core/bench/DetectorBench.cpp): torchvision's Mask R-CNN
R50-FPN at the same image size, batches and precisions, measured the same way, in the same run.

Random weights (nothing can be downloaded on the GPU server), so like bench_detector:
  * inference starts from 8-bit images in host memory (copy, convert, normalise, resize inside
    the timed region) and reports detections per image; "all kept" sets the score threshold to
    zero so that detections_per_img (100) boxes reach the mask head, as bench_detector's does;
  * a training step is forward, backward, gradient clipping at 35 and an SGD update of one batch
    with five boxes and rectangular masks per image, every layer trained, BatchNorm on batch
    statistics (what maskrcnn_resnet50_fpn without weights builds).
On CUDA, TF32 and cuDNN autotuning are on for both programs (bench_detector sets them too). On
the CPU (core/bench/reference_bench.py detector), --threads sets the intra-op threads as
bench_detector's --threads does.

  python3 core/bench/torchvision_reference.py [--device cuda] [--size 800x1216] [--batches 1,8]
      [--precisions fp32,bf16] [--iters N] [--warmup N] [--train-batch N] [--json FILE]
      [--threads N] [--kept threshold,all]
"""

import argparse
import json
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cuda")
    p.add_argument("--size", default="800x1216", help="HEIGHTxWIDTH")
    p.add_argument("--batches", default="1,8")
    p.add_argument("--precisions", default="fp32,bf16")
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--train-batch", type=int, default=8)
    p.add_argument("--no-infer", action="store_true")
    p.add_argument("--no-train", action="store_true")
    p.add_argument("--json", default="")
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (0: torch's default)")
    p.add_argument("--kept", default="threshold,all", help="inference rows: config threshold and/or all kept")
    return p.parse_args()


def main():
    args = parse_args()
    import torch
    import torchvision
    from torchvision.models.detection import maskrcnn_resnet50_fpn

    height, width = (int(v) for v in args.size.lower().split("x"))
    device = torch.device(args.device)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    def model_for(min_size):
        torch.manual_seed(0)
        # min/max size: keep an HxW image at its size, as bench_detector's config does.
        return maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=91,
                                     min_size=min_size, max_size=max(height, width)).to(device)

    print(f"torchvision_reference: torch {torch.__version__}, torchvision {torchvision.__version__}, "
          f"device {device}{' (' + torch.cuda.get_device_name(device) + ')' if device.type == 'cuda' else ''}, "
          f"images {height}x{width} (HxW), {torch.get_num_threads()} intra-op threads, "
          f"{args.warmup} warm-up + {args.iters} timed", flush=True)
    results = []

    def infer(batch, bf16, keep_all):
        model = model_for(min(height, width)).eval()
        if keep_all:
            model.roi_heads.score_thresh = 0.0
        gen = torch.Generator().manual_seed(11)
        host = [torch.randint(0, 256, (3, height, width), dtype=torch.uint8, generator=gen) for _ in range(batch)]
        times, dets = [], 0.0
        for it in range(args.warmup + args.iters):
            sync()
            t0 = time.perf_counter()
            with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                images = [h.to(device, non_blocking=True).float().div_(255) for h in host]
                out = model(images)
            sync()
            ms = (time.perf_counter() - t0) * 1000
            if it >= args.warmup:
                times.append(ms)
                dets += sum(len(o["boxes"]) for o in out) / batch / args.iters
        med = statistics.median(times)
        ips = 1000.0 * batch / med
        prec = "bf16" if bf16 else "fp32"
        print(f"infer  {prec} batch {batch} {'all kept ' if keep_all else 'threshold'}: {ips:7.2f} img/s  "
              f"(median {med:.1f} ms per batch; {dets:.1f} detections/img)", flush=True)
        results.append({"what": "infer", "precision": prec, "batch": batch,
                        "detections": "all kept" if keep_all else "threshold", "img_per_s": ips,
                        "median_ms": med, "detections_per_img": dets})

    def train(bf16):
        model = model_for(min(height, width)).train()
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.SGD(params, lr=0.002, momentum=0.9, weight_decay=1e-4)
        images = [torch.randn(3, height, width, device=device) for _ in range(args.train_batch)]
        targets = []
        for i in range(args.train_batch):
            boxes, labels = [], []
            masks = torch.zeros(5, height, width, dtype=torch.uint8)
            for k in range(5):
                x1, y1 = 40 + 180 * k, 60 + 100 * k
                x2, y2 = min(width - 1, x1 + 150 + 40 * k), min(height - 1, y1 + 120 + 30 * k)
                boxes.append([x1, y1, x2, y2])
                labels.append(1 + (k * 7 + i) % 90)
                masks[k, y1:y2 + 1, x1:x2 + 1] = 1
            targets.append({"boxes": torch.tensor(boxes, dtype=torch.float32, device=device),
                            "labels": torch.tensor(labels, dtype=torch.int64, device=device),
                            "masks": masks.to(device)})
        iters = max(3, args.iters // 2)
        times, first, last = [], None, None
        for it in range(args.warmup + iters):
            sync()
            t0 = time.perf_counter()
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                losses = model(images, targets)
            total = sum(losses.values())
            opt.zero_grad(set_to_none=True)
            total.backward()
            torch.nn.utils.clip_grad_norm_(params, 35.0)
            opt.step()
            sync()
            ms = (time.perf_counter() - t0) * 1000
            last = float(total)
            first = last if first is None else first
            if it >= args.warmup:
                times.append(ms)
        med = statistics.median(times)
        ips = 1000.0 * args.train_batch / med
        prec = "bf16" if bf16 else "fp32"
        print(f"train  {prec} batch {args.train_batch}: {ips:7.2f} img/s  (median {med:.1f} ms per step of {iters}; "
              f"loss {first:.3f} at the first step, {last:.3f} at the last)", flush=True)
        results.append({"what": "train", "precision": prec, "batch": args.train_batch, "img_per_s": ips,
                        "median_ms": med, "first_loss": first, "loss": last})

    failures = 0
    for prec in args.precisions.split(","):
        bf16 = prec == "bf16"
        jobs = []
        if not args.no_infer:
            for b in (int(v) for v in args.batches.split(",")):
                for kept in args.kept.split(","):
                    jobs.append(lambda b=b, all_kept=(kept == "all"): infer(b, bf16, all_kept))
        if not args.no_train:
            jobs.append(lambda: train(bf16))
        for job in jobs:
            try:
                job()
            except Exception as e:  # one failed measurement (out of memory, say) must not hide the rest
                failures += 1
                print(f"measurement failed: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
            if device.type == "cuda":
                torch.cuda.empty_cache()

    if args.json:
        doc = {"bench": "torchvision_reference", "torch": torch.__version__, "torchvision": torchvision.__version__,
               "device": str(device), "threads": torch.get_num_threads(), "height": height, "width": width, "results": results}
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
