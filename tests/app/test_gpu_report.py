#!/usr/bin/env python3
"""packaging/gpu/report.py on hand-made results: ours next to torchvision's row by row with the
ratio ours / torchvision, a measurement missing on one side shown as '-', the `zsi train` run's
median images per second after its first five steps, and the device tests' summary line.
Usage: test_gpu_report.py REPORT_PY"""
import json
import os
import subprocess
import sys
import tempfile

script = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as out:
    ours = {"libtorch": "2.11.0", "device": "cuda:0", "config": "zsi_48_17_r50", "height": 800, "width": 1216,
            "results": [
                {"what": "infer", "precision": "fp32", "batch": 1, "detections": "threshold", "img_per_s": 30.0,
                 "detections_per_img": 12.5},
                {"what": "infer", "precision": "bf16", "batch": 8, "detections": "all kept", "img_per_s": 50.0,
                 "detections_per_img": 100.0},
                {"what": "train", "precision": "bf16", "batch": 8, "img_per_s": 4.5}]}
    tv = {"torch": "2.11.0", "torchvision": "0.26.0", "device": "cuda", "height": 800, "width": 1216,
          "results": [
              {"what": "infer", "precision": "fp32", "batch": 1, "detections": "threshold", "img_per_s": 48.0,
               "detections_per_img": 0.0},
              {"what": "train", "precision": "bf16", "batch": 8, "img_per_s": 9.0}]}
    with open(os.path.join(out, "bench_detector.json"), "w") as f:
        json.dump(ours, f)
    with open(os.path.join(out, "torchvision_reference.json"), "w") as f:
        json.dump(tv, f)
    with open(os.path.join(out, "train_metrics.jsonl"), "w") as f:
        f.write(json.dumps({"event": "start", "iteration": 0}) + "\n")
        for i in range(1, 13):
            # Steps 1-5 are slow (autotuning) and must not count; 6-12 give 2, 3, ..., 8 img/s.
            ips = 0.1 if i <= 5 else float(i - 4)
            f.write(json.dumps({"event": "step", "iteration": i, "images_per_s": ips, "iteration_s": 8 / ips,
                                "data_s": 0.01, "memory_mb": {"cuda_peak": 1000.0 + i},
                                "losses": {"loss": 3.0 - i * 0.1}}) + "\n")
    with open(os.path.join(out, "ctest-cuda.log"), "w") as f:
        f.write("1/6 Test #1: test_engine_ops ... Passed\n100% tests passed, 0 tests failed out of 6\n")
    r = subprocess.run([sys.executable, script, out], capture_output=True, text=True)
    text = r.stdout
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    check("| infer | fp32 | 1 | threshold | 30.00 | 48.00 | 0.62 | 12.5 | 0.0 |" in text, "fp32 row with ratio 0.62")
    check("| infer | bf16 | 8 | all kept | 50.00 | - | - | 100.0 | - |" in text, "row without a reference")
    check("| train | bf16 | 8 | - | 4.50 | 9.00 | 0.50 | - | - |" in text, "training row with ratio 0.50")
    check("median of steps 6-12: 5.00 img/s" in text, "trainer median over steps 6-12")
    check("CUDA peak 1012 MB" in text, "trainer peak memory")
    check("100% tests passed, 0 tests failed out of 6" in text, "device tests line")
    r = subprocess.run([sys.executable, script], capture_output=True, text=True)
    check(r.returncode == 2, "usage error without OUT_DIR")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    print(text)
    sys.exit(1)
print("report.py: all checks passed")
