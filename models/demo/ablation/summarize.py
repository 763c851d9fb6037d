#!/usr/bin/env python3
"""The ablation's tables from its WORK_DIR: one row per finished run; one row per head with the
mean, sample standard deviation and range over its seeds; and each head's difference from `none`
paired by seed. A seed fixes the data order, the flips and the samplers' draws for every head, so
the paired difference leaves out what the seed does to all heads alike.

Usage: summarize.py WORK_DIR [SEED...]   (default: every seed found under WORK_DIR/results)

Reads WORK_DIR/results/<head>-seed<N>/{zsd,zsi,gzsi}_eval.json (written by `zsi eval --json`) and
WORK_DIR/runs/<head>-seed<N>/metrics.jsonl (training wall time). Exits 1 naming the file when one
is missing or unreadable, so a half-finished run never slips into the means.
"""
import json
import os
import re
import statistics
import sys

HEADS = ["none", "infomax", "patch_semantic", "patch_views"]
COLUMNS = ["ZSD unseen AP@0.5", "ZSI unseen AP@0.5", "GZSI seen AP", "GZSI unseen AP", "GZSI HM"]


def fail(msg):
    print(f"summarize: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def at_iou(group, path, iou=0.5):
    # zsi eval keys its curves by IoU threshold as text ("0.5", "0.50", ...).
    for k, v in group.items():
        if abs(float(k) - iou) < 1e-9:
            return v
    fail(f"{path}: no value at IoU {iou}")


def train_minutes(path):
    try:
        with open(path) as f:
            ends = [e for e in map(json.loads, f) if e.get("event") == "end"]
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")
    if not ends or ends[-1].get("status") != "finished":
        fail(f"{path}: training has not finished")
    # A resumed run has one "end" per process; its wall time is their sum.
    return sum(e.get("seconds", 0) for e in ends) / 60


def row(work, head, seed):
    res = os.path.join(work, "results", f"{head}-seed{seed}")
    zsd_path, zsi_path, gz_path = (os.path.join(res, n) for n in ("zsd_eval.json", "zsi_eval.json", "gzsi_eval.json"))
    zsd = at_iou(load(zsd_path)["zsi"]["unseen"]["AP"], zsd_path)
    zsi = at_iou(load(zsi_path)["zsi"]["unseen"]["AP"], zsi_path)
    g = load(gz_path)["gzsi"]
    minutes = train_minutes(os.path.join(work, "runs", f"{head}-seed{seed}", "metrics.jsonl"))
    return minutes, [zsd, zsi, g["seen_AP"], g["unseen_AP"], g["hm_AP"]]


def found_seeds(work):
    seeds = set()
    for name in os.listdir(os.path.join(work, "results")):
        m = re.fullmatch(r"(\w+)-seed(\d+)", name)
        if m and m.group(1) in HEADS and os.path.exists(os.path.join(work, "results", name, "gzsi_eval.json")):
            seeds.add(int(m.group(2)))
    return sorted(seeds)


def spread(values, sign=""):
    if len(values) == 1:
        return f"{values[0]:{sign}.3f}"
    return (f"{statistics.mean(values):{sign}.3f} ± {statistics.stdev(values):.3f} "
            f"({min(values):{sign}.3f} to {max(values):{sign}.3f})")


def main():
    if len(sys.argv) < 2:
        fail("usage: summarize.py WORK_DIR [SEED...]")
    work = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or found_seeds(work)
    rows = {}
    print("| head | seed | train min | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (3 + len(COLUMNS)) + "|")
    for head in HEADS:
        for seed in seeds:
            if not os.path.exists(os.path.join(work, "results", f"{head}-seed{seed}", "gzsi_eval.json")):
                print(f"summarize: {head} seed {seed}: not evaluated yet, left out", file=sys.stderr)
                continue
            minutes, values = row(work, head, seed)
            rows.setdefault(head, {})[seed] = values
            print(f"| {head} | {seed} | {minutes:.1f} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    print()
    print("| head | runs | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (2 + len(COLUMNS)) + "|")
    for head, runs in rows.items():
        cols = [spread([r[i] for r in runs.values()]) for i in range(len(COLUMNS))]
        print(f"| {head} | {len(runs)} | " + " | ".join(cols) + " |")
    base = rows.get("none", {})
    paired = {h: [s for s in runs if s in base] for h, runs in rows.items() if h != "none"}
    if any(paired.values()):
        print()
        print("| head − none | seeds | " + " | ".join(COLUMNS) + " |")
        print("| --- " * (2 + len(COLUMNS)) + "|")
        for head, seeds_both in paired.items():
            if not seeds_both:
                continue
            diffs = [[rows[head][s][i] - base[s][i] for s in seeds_both] for i in range(len(COLUMNS))]
            print(f"| {head} | {','.join(map(str, seeds_both))} | " + " | ".join(spread(d, '+') for d in diffs) + " |")


if __name__ == "__main__":
    main()
