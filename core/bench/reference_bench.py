#!/usr/bin/env python3
"""Our benchmarks next to their references, measured in the same run (docs/BENCHMARKS.md).

  reference_bench.py coco     [--runs 3] [--threads 0] [--file F] [--regen]
      bench_coco --json (our loadCocoDataset) against json.load and pycocotools' COCO() on the
      same COCO-train-shaped file, alternating run by run, each a fresh process.
  reference_bench.py eval     [--threads 1,0] [--repeat 1] [--dir D] [--regen]
      bench_eval --json against pycocotools' evaluate + accumulate + summarize on the same
      5,000-image x 100-detection files, bbox and segm; the 12 stats compared.
  reference_bench.py detector [--batches 1,4] [--threads 2] [--iters 3] [--warmup 1] [--size HxW]
      bench_detector against torchvision's maskrcnn_resnet50_fpn on the CPU (random weights,
      100 detections kept), batch by batch.

Common: --build DIR (our binaries in DIR/bin; default build), --python PY (the reference
environment; default packaging/torch-env.sh --python), --json FILE (everything measured).
Ratio = reference time / our time: above 1, ours is faster. Run it with the reference
environment's python or any python3: the references always run in PY.
"""

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MIB = 1024.0 * 1024.0


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run_json_lines(cmd, env=None):
    """Runs cmd; returns the JSON objects it printed one per line on stdout (stderr passes through)."""
    log("+ " + " ".join(shlex.quote(c) for c in cmd))
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"reference_bench: {cmd[0]} exited with {out.returncode}")
    lines = out.stdout.splitlines()
    for line in lines:
        if not line.startswith("{"):
            log(line)  # the programs' own report, kept for the reader of stderr
    return [json.loads(line) for line in lines if line.startswith("{")]


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_gib = int(f.readline().split()[1]) / 1024 / 1024
    return f"{model}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.platform()}"


def commit():
    def git(*a):
        return subprocess.run(["git", "-C", ROOT, *a], stdout=subprocess.PIPE, text=True).stdout.strip()
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if dirty else "")


def versions(python):
    code = ("import importlib.metadata as m, platform, json; "
            "print(json.dumps({'python': platform.python_version(), "
            "**{p: m.version(p) for p in ('torch', 'torchvision', 'pycocotools', 'numpy')}}))")
    return json.loads(subprocess.run([python, "-c", code], stdout=subprocess.PIPE, text=True, check=True).stdout)


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ratio(ref, ours):
    return f"**{ref / ours:.2f}x**" if ours > 0 else "-"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# --- coco -----------------------------------------------------------------------------------

def bench_coco(a, py):
    ours_cmd = [os.path.join(a.build, "bin", "bench_coco"), "--file", a.file, "--threads", str(a.threads),
                "--runs", "1", "--json"]
    ref = [py, os.path.join(HERE, "pycocotools_reference.py"), "load"]
    # The first call writes the file when it is missing and warms the page cache; not counted.
    run_json_lines(ours_cmd + (["--regen"] if a.regen else []))
    runs = {"ours": [], "json": [], "coco": []}
    for r in range(a.runs):
        # Alternating, so that a change in the machine's load reaches every loader alike.
        runs["ours"] += run_json_lines(ours_cmd)[0]["runs"]
        runs["json"] += run_json_lines(ref + ["json", a.file])
        runs["coco"] += run_json_lines(ref + ["coco", a.file])
    size = os.path.getsize(a.file)
    med = {k: {m: statistics.median(x[m] for x in v) for m in ("wall_s", "cpu_s", "peak_rss_bytes")}
           for k, v in runs.items()}
    names = {"ours": f"zsi loadCocoDataset ({a.threads or 'all'} threads)", "json": "Python json.load",
             "coco": "pycocotools COCO()"}
    rows = []
    for k in ("ours", "json", "coco"):
        m = med[k]
        rows.append([names[k], f"{m['wall_s']:.3f} s", f"{m['cpu_s']:.3f} s", f"{m['peak_rss_bytes'] / MIB:.0f} MiB",
                     f"{m['peak_rss_bytes'] / size:.2f}",
                     "-" if k == "ours" else ratio(m["wall_s"], med["ours"]["wall_s"]),
                     "-" if k == "ours" else ratio(m["cpu_s"], med["ours"]["cpu_s"]),
                     "-" if k == "ours" else f"{m['peak_rss_bytes'] / med['ours']['peak_rss_bytes']:.2f}x"])
    text = (f"File {a.file}: {size / 1e6:.0f} MB. Medians of {a.runs} runs, each loader a fresh process.\n\n" +
            table(["loader", "wall", "CPU (user+sys)", "peak RSS", "peak RSS / file", "ratio, wall",
                   "ratio, CPU", "ratio, peak RSS"], rows))
    return text, {"file": a.file, "bytes": size, "runs": runs, "medians": med}


# --- eval -----------------------------------------------------------------------------------

def bench_eval(a, py):
    ours_bin = os.path.join(a.build, "bin", "bench_eval")
    ref = [py, os.path.join(HERE, "pycocotools_reference.py"), "eval"]
    threads = [int(t) for t in a.threads.split(",")]
    ours = {}
    ours_first = [ours_bin, "--dir", a.dir, "--threads", str(threads[0]), "--repeat", str(a.repeat), "--json"]
    ours[threads[0]] = run_json_lines(ours_first + (["--regenerate"] if a.regen else []))
    theirs = {t: run_json_lines(ref + [t, a.dir + "/gt.json", a.dir + "/results.json"])[0] for t in ("bbox", "segm")}
    for t in threads[1:]:
        ours[t] = run_json_lines([ours_bin, "--dir", a.dir, "--threads", str(t), "--repeat", str(a.repeat), "--json"])
    rows = []
    for iou in ("bbox", "segm"):
        p = theirs[iou]
        rows.append([iou, "pycocotools (1 thread)", f"{p['eval_s']:.2f} s", f"{p['eval_cpu_s']:.2f} s", "-", "-",
                     f"{p['load_gt_s'] + p['load_results_s']:.2f} s", f"{p['peak_rss_bytes'] / MIB:.0f} MiB", "-"])
        for t, lines in ours.items():
            o = next(x for x in lines if x["iou_type"] == iou)
            wall = o["build_input_s"] + o["evaluate_s"] + o["summarize_s"]
            cpu = o["build_input_cpu_s"] + o["evaluate_cpu_s"]
            diffs = [abs(x - y) for x, y in zip(o["stats"], p["stats"])]
            same = sum(x == y for x, y in zip(o["stats"], p["stats"]))
            rows.append([iou, f"zsi ({t or 'all'} thread{'' if t == 1 else 's'})", f"{wall:.3f} s", f"{cpu:.3f} s",
                         ratio(p["eval_s"], wall), ratio(p["eval_cpu_s"], cpu), f"{o['load_gt_s'] + o['load_results_s']:.2f} s",
                         f"{o['peak_mib']:.0f} MiB", f"{max(diffs):.1e} ({same} of 12 identical)"])
    text = (f"Files {a.dir}/gt.json and results.json. pycocotools: COCOeval evaluate + accumulate + "
            f"summarize; zsi: build input + evaluate (best of {a.repeat}) + summarize.\n\n" +
            table(["type", "evaluator", "evaluate + accumulate + summarize", "CPU", "ratio, wall", "ratio, CPU",
                   "loading GT + results", "peak RSS", "max abs diff of the 12 stats"], rows))
    return text, {"dir": a.dir, "ours": {str(k): v for k, v in ours.items()}, "pycocotools": theirs}


# --- detector -------------------------------------------------------------------------------

def bench_detector(a, py):
    common = ["--device", "cpu", "--size", a.size, "--precisions", "fp32", "--iters", str(a.iters),
              "--warmup", str(a.warmup), "--threads", str(a.threads), "--no-train", "--kept", a.kept]
    # Both programs start with the same OpenMP thread count, so neither gets a pool the other lacks.
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        for b in a.batches.split(","):
            # Batch by batch, alternating, so that load changes reach both programs alike.
            run_json_lines([os.path.join(a.build, "bin", "bench_detector"), "--config", a.config, *common,
                            "--batches", b, "--json", out], env)
            with open(out) as f:
                doc = json.load(f)
            libtorch = doc["libtorch"]
            ours += doc["results"]
            run_json_lines([py, os.path.join(HERE, "torchvision_reference.py"), *common, "--batches", b,
                            "--json", out], env)
            with open(out) as f:
                theirs += json.load(f)["results"]
    rows = []
    for o in ours:
        t = next(x for x in theirs if x["batch"] == o["batch"] and x["detections"] == o["detections"])
        ms_o, ms_t = o["median_ms"] / o["batch"], t["median_ms"] / t["batch"]
        rows.append([o["batch"], o["detections"], f"{ms_o:.0f} ms ({o['detections_per_img']:.0f} det.)",
                     f"{ms_t:.0f} ms ({t['detections_per_img']:.0f} det.)", ratio(ms_t, ms_o),
                     # bench_detector reports preprocess and network as each image's share of the
                     # batch, scoring and masks summed over the batch's images.
                     f"{o['preprocess_ms']:.0f} / {o['network_ms']:.0f} / {o['scoring_ms'] / o['batch']:.0f} / "
                     f"{o['masks_ms'] / o['batch']:.0f} ms"])
    text = (f"ZSI {os.path.basename(a.config)} (LibTorch {libtorch}) against torchvision maskrcnn_resnet50_fpn, "
            f"{a.size} (HxW), {a.threads} threads, fp32, median of {a.iters} after {a.warmup} warm-up.\n\n" +
            table(["batch", "detections", "zsi, per image", "torchvision, per image", "ratio",
                   "zsi per image: preprocess / network / scoring+NMS / masks"], rows))
    return text, {"libtorch": libtorch, "ours": ours, "torchvision": theirs}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--python", default="")
    p.add_argument("--json", default="")
    sub = p.add_subparsers(dest="what", required=True)
    c = sub.add_parser("coco")
    c.add_argument("--runs", type=int, default=3)
    c.add_argument("--threads", type=int, default=0, help="our loader's threads (0: one per core)")
    c.add_argument("--file", default=os.path.join(tempfile.gettempdir(), "zsi-ref-bench", "coco-train.json"))
    c.add_argument("--regen", action="store_true")
    e = sub.add_parser("eval")
    e.add_argument("--threads", default="1,0", help="our evaluator's thread counts to run (0: one per core)")
    e.add_argument("--repeat", type=int, default=1, help="our evaluate() runs, best kept (pycocotools runs once)")
    e.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "zsi-ref-bench", "eval"))
    e.add_argument("--regen", action="store_true")
    d = sub.add_parser("detector")
    d.add_argument("--config", default=os.path.join(ROOT, "models", "configs", "zsi_48_17_r50.json"))
    d.add_argument("--size", default="800x1216")
    d.add_argument("--batches", default="1,4")
    d.add_argument("--threads", type=int, default=2)
    d.add_argument("--iters", type=int, default=3)
    d.add_argument("--warmup", type=int, default=1)
    d.add_argument("--kept", default="all", help="all (100 detections kept) and/or threshold")
    return p.parse_args()


def main():
    a = parse_args()
    py = a.python or subprocess.run([os.path.join(ROOT, "packaging", "torch-env.sh"), "--python"],
                                    stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    if a.what == "coco":
        os.makedirs(os.path.dirname(os.path.abspath(a.file)), exist_ok=True)
    elif a.what == "eval":
        os.makedirs(a.dir, exist_ok=True)
    header = {"machine": machine(), "commit": commit(), "versions": versions(py),
              "command": " ".join(shlex.quote(x) for x in sys.argv), "load_before": loadavg(),
              "started": time.strftime("%Y-%m-%d %H:%M %Z")}
    text, results = {"coco": bench_coco, "eval": bench_eval, "detector": bench_detector}[a.what](a, py)
    header["load_after"] = loadavg()
    v = header["versions"]
    print(f"Machine: {header['machine']}\nCommit {header['commit']}, {header['started']}; Python {v['python']}, "
          f"torch {v['torch']}, torchvision {v['torchvision']}, pycocotools {v['pycocotools']}, numpy {v['numpy']}\n"
          f"Load average (1, 5, 15 min) before: {header['load_before']}; after: {header['load_after']}\n"
          f"Command: {header['command']}\n\n{text}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({**header, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
