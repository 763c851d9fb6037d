#!/usr/bin/env python3
"""The ablation's tables: one row per finished run; one row per head with the mean, sample standard
deviation and range over its seeds; and each head's difference from `none` paired by seed. A seed
fixes the data order, the flips and the samplers' draws for every head, so the paired difference
leaves out what the seed does to all heads alike.

Usage:
  summarize.py WORK_DIR [SEED...]        tables from a run.sh WORK_DIR (default: every seed found)
  summarize.py --record FILE [SEED...]   tables from a record of measured runs (JSON lines)
  summarize.py --save FILE [--note TEXT] WORK_DIR [SEED...]
                                         add WORK_DIR's evaluated runs to the record FILE (a run
                                         already there, same head and seed, is replaced), then
                                         print the record's tables

A WORK_DIR holds results/<head>-seed<N>/{zsd,zsi,gzsi}_eval.json (written by `zsi eval --json`) and
runs/<head>-seed<N>/metrics.jsonl (training wall time). The record keeps the numbers after the
WORK_DIR (gigabytes of data and checkpoints in /tmp) is gone, so the tables in docs/RESULTS.md can be
rebuilt from the repository. Exits 1 naming the file (and line) when an input is missing or
unreadable, so a half-finished run never slips into the means.
"""
import datetime
import json
import os
import re
import statistics
import sys

HEADS = ["none", "infomax", "patch_semantic", "patch_views"]
COLUMNS = ["ZSD unseen AP@0.5", "ZSI unseen AP@0.5", "GZSI seen AP", "GZSI unseen AP", "GZSI HM"]
# The record's name for each column, in COLUMNS order.
KEYS = ["zsd_unseen_ap50", "zsi_unseen_ap50", "gzsi_seen_ap50", "gzsi_unseen_ap50", "gzsi_hm_ap50"]


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


def result_dir(work, head, seed):
    return os.path.join(work, "results", f"{head}-seed{seed}")


def evaluated(work, head, seed):
    # gzsi_eval.json is the last file run.sh writes for a run.
    return os.path.exists(os.path.join(result_dir(work, head, seed), "gzsi_eval.json"))


def work_row(work, head, seed):
    res = result_dir(work, head, seed)
    zsd_path, zsi_path, gz_path = (os.path.join(res, n) for n in ("zsd_eval.json", "zsi_eval.json", "gzsi_eval.json"))
    zsd = at_iou(load(zsd_path)["zsi"]["unseen"]["AP"], zsd_path)
    zsi = at_iou(load(zsi_path)["zsi"]["unseen"]["AP"], zsi_path)
    g = load(gz_path)["gzsi"]
    minutes = train_minutes(os.path.join(work, "runs", f"{head}-seed{seed}", "metrics.jsonl"))
    return minutes, [zsd, zsi, g["seen_AP"], g["unseen_AP"], g["hm_AP"]]


def work_seeds(work):
    seeds = set()
    results = os.path.join(work, "results")
    if not os.path.isdir(results):
        fail(f"{results}: no such directory (is {work} a run.sh WORK_DIR?)")
    for name in os.listdir(results):
        m = re.fullmatch(r"(\w+)-seed(\d+)", name)
        if m and m.group(1) in HEADS and evaluated(work, m.group(1), m.group(2)):
            seeds.add(int(m.group(2)))
    return sorted(seeds)


def work_rows(work, seeds):
    """{head: {seed: (minutes, values)}} for every evaluated run of WORK_DIR among seeds."""
    seeds = seeds or work_seeds(work)
    rows = {}
    for head in HEADS:
        for seed in seeds:
            if not evaluated(work, head, seed):
                print(f"summarize: {head} seed {seed}: not evaluated yet, left out", file=sys.stderr)
                continue
            rows.setdefault(head, {})[seed] = work_row(work, head, seed)
    return rows


def read_record(path):
    """The record's entries in file order; a missing file is an empty record."""
    if not os.path.exists(path):
        return []
    entries = []
    try:
        with open(path) as f:
            lines = f.readlines()
    except OSError as e:
        fail(f"{path}: {e}")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
        except ValueError as err:
            fail(f"{path}:{n}: {err}")
        if not isinstance(e, dict):
            fail(f"{path}:{n}: expected a JSON object")
        if e.get("head") not in HEADS:
            fail(f"{path}:{n}: field 'head' must be one of {', '.join(HEADS)}")
        for key in ["seed", "train_minutes"] + KEYS:
            if not isinstance(e.get(key), (int, float)) or isinstance(e.get(key), bool):
                fail(f"{path}:{n}: field '{key}' must be a number")
        entries.append(e)
    return entries


def record_rows(entries, seeds):
    rows = {}
    for e in entries:
        if seeds and e["seed"] not in seeds:
            continue
        rows.setdefault(e["head"], {})[int(e["seed"])] = (e["train_minutes"], [e[k] for k in KEYS])
    return {h: rows[h] for h in HEADS if h in rows}


def save(path, entries, rows, note):
    kept = {(e["head"], int(e["seed"])): e for e in entries}
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    for head, runs in rows.items():
        for seed, (minutes, values) in runs.items():
            e = {"head": head, "seed": seed, "train_minutes": round(minutes, 2)}
            e.update({k: round(v, 4) for k, v in zip(KEYS, values)})
            e["date"] = today
            if note:
                e["note"] = note
            kept[(head, seed)] = e
    order = sorted(kept.values(), key=lambda e: (e["seed"], HEADS.index(e["head"])))
    # Atomic: a crash mid-write leaves the old record, never half of a new one.
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w") as f:
            for e in order:
                f.write(json.dumps(e) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        fail(f"{path}: {e}")
    return order


def spread(values, sign=""):
    if len(values) == 1:
        return f"{values[0]:{sign}.3f}"
    return (f"{statistics.mean(values):{sign}.3f} ± {statistics.stdev(values):.3f} "
            f"({min(values):{sign}.3f} to {max(values):{sign}.3f})")


def print_tables(rows):
    print("| head | seed | train min | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (3 + len(COLUMNS)) + "|")
    for head, runs in rows.items():
        for seed in sorted(runs):
            minutes, values = runs[seed]
            print(f"| {head} | {seed} | {minutes:.1f} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    print()
    print("| head | runs | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (2 + len(COLUMNS)) + "|")
    for head, runs in rows.items():
        cols = [spread([r[1][i] for r in runs.values()]) for i in range(len(COLUMNS))]
        print(f"| {head} | {len(runs)} | " + " | ".join(cols) + " |")
    base = rows.get("none", {})
    paired = {h: sorted(s for s in runs if s in base) for h, runs in rows.items() if h != "none"}
    if any(paired.values()):
        print()
        print("| head − none | seeds | " + " | ".join(COLUMNS) + " |")
        print("| --- " * (2 + len(COLUMNS)) + "|")
        for head, seeds_both in paired.items():
            if not seeds_both:
                continue
            diffs = [[rows[head][s][1][i] - base[s][1][i] for s in seeds_both] for i in range(len(COLUMNS))]
            print(f"| {head} | {','.join(map(str, seeds_both))} | " + " | ".join(spread(d, '+') for d in diffs) + " |")


def seeds_of(args):
    try:
        return [int(s) for s in args]
    except ValueError:
        fail(f"seeds must be integers, got {' '.join(args)}")


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(0 if args else 1)
    if args[0] == "--record":
        if len(args) < 2:
            fail("--record needs a FILE")
        path = args[1]
        if not os.path.exists(path):
            fail(f"{path}: no such file")
        print_tables(record_rows(read_record(path), seeds_of(args[2:])))
    elif args[0] == "--save":
        if len(args) < 3:
            fail("usage: summarize.py --save FILE [--note TEXT] WORK_DIR [SEED...]")
        path, rest, note = args[1], args[2:], None
        if rest[0] == "--note":
            if len(rest) < 3:
                fail("--note needs TEXT and then WORK_DIR")
            note, rest = rest[1], rest[2:]
        entries = read_record(path)  # validated before anything is written
        rows = work_rows(rest[0], seeds_of(rest[1:]))
        print_tables(record_rows(save(path, entries, rows, note), []))
    else:
        print_tables(work_rows(args[0], seeds_of(args[1:])))


if __name__ == "__main__":
    main()
