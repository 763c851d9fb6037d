#!/usr/bin/env python3
"""The table of packaging/gpu/check.sh: bench_detector next to torchvision's Mask R-CNN from the
same run (ratio = ours / torchvision, above 1 is faster), the `zsi train` run's images per second,
and the device tests' summary line.

  python3 packaging/gpu/report.py OUT_DIR
"""

import json
import os
import statistics
import sys


def results_of(out, name):
    """A stage's JSON, or None (said in the report) when the stage failed to write it."""
    path = os.path.join(out, name)
    if not os.path.exists(path):
        print(f"({name} missing: that measurement failed or did not run)")
        return None
    with open(path) as f:
        return json.load(f)


def key(r):
    return (r["what"], r["precision"], r["batch"], r.get("detections", ""))


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = sys.argv[1]
    ours = results_of(out, "bench_detector.json")
    ref = results_of(out, "torchvision_reference.json")
    if ours:
        head = f"ZSI engine: LibTorch {ours['libtorch']}, {ours['device']}, config {ours['config']}"
        if ref:
            head += f"; torchvision {ref['torchvision']} (torch {ref['torch']})"
        print(f"\n{head}; images {ours['height']}x{ours['width']}\n")
        print("| what | precision | batch | detections | ours img/s | torchvision img/s | ratio | ours det/img | tv det/img |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        theirs = {key(r): r for r in (ref or {}).get("results", [])}
        for r in ours["results"]:
            t = theirs.get(key(r))
            tv = f"{t['img_per_s']:.2f}" if t else "-"
            ratio = f"{r['img_per_s'] / t['img_per_s']:.2f}" if t and t["img_per_s"] > 0 else "-"
            det = f"{r['detections_per_img']:.1f}" if "detections_per_img" in r else "-"
            tdet = f"{t['detections_per_img']:.1f}" if t and "detections_per_img" in t else "-"
            print(f"| {r['what']} | {r['precision']} | {r['batch']} | {r.get('detections', '-')} | "
                  f"{r['img_per_s']:.2f} | {tv} | {ratio} | {det} | {tdet} |")
    metrics = os.path.join(out, "train_metrics.jsonl")
    if os.path.exists(metrics):
        steps = []
        with open(metrics) as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("event") == "step":
                    steps.append(rec)
        # The first steps pay for cuDNN autotuning and allocator growth.
        timed = steps[5:] if len(steps) > 10 else steps
        if timed:
            ips = statistics.median(r["images_per_s"] for r in timed)
            it = statistics.median(r["iteration_s"] for r in timed)
            data = statistics.median(r["data_s"] for r in timed)
            mem = max((r.get("memory_mb", {}).get("cuda_peak", 0) for r in timed), default=0)
            last = steps[-1]["losses"]["loss"]
            print(f"\nzsi train (models/train/demo_r50_cuda.json; bf16 on CUDA): {len(steps)} steps, median of steps "
                  f"{len(steps) - len(timed) + 1}-{len(steps)}: {ips:.2f} img/s, {it:.3f} s/step, data wait {data:.3f} s, "
                  f"CUDA peak {mem:.0f} MB, last loss {last:.3f}")
    ctest = os.path.join(out, "ctest-cuda.log")
    if os.path.exists(ctest):
        with open(ctest) as f:
            lines = [l.rstrip() for l in f if "tests passed" in l or "tests failed" in l]
        print(f"\ndevice tests: {lines[-1] if lines else 'no summary line'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
