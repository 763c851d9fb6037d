#!/usr/bin/env python3
"""summarize.py (models/demo/ablation/) on a hand-made WORK_DIR: the per-run rows, the mean, sample
standard deviation and range per head, leaving out runs not evaluated yet, and refusing a run
whose training did not finish; the record of measured runs (--save, --record). Usage: test_ablation_summary.py SUMMARIZE_PY"""
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


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f)


def make_run(work, head, seed, zsd, zsi, seen, unseen, hm, ends):
    res = os.path.join(work, "results", f"{head}-seed{seed}")
    # zsi eval writes IoU keys as text; 0.4 and 0.6 must not be picked for AP@0.5.
    write(os.path.join(res, "zsd_eval.json"), {"zsi": {"unseen": {"AP": {"0.4": 0.99, "0.5": zsd, "0.6": 0.01}}}})
    write(os.path.join(res, "zsi_eval.json"), {"zsi": {"unseen": {"AP": {"0.4": 0.99, "0.5": zsi, "0.6": 0.01}}}})
    write(os.path.join(res, "gzsi_eval.json"), {"gzsi": {"seen_AP": seen, "unseen_AP": unseen, "hm_AP": hm}})
    run = os.path.join(work, "runs", f"{head}-seed{seed}")
    os.makedirs(run, exist_ok=True)
    with open(os.path.join(run, "metrics.jsonl"), "w") as f:
        f.write(json.dumps({"event": "step", "iteration": 20}) + "\n")
        for status, seconds in ends:
            f.write(json.dumps({"event": "end", "status": status, "seconds": seconds}) + "\n")


def summarize(*args):
    p = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


with tempfile.TemporaryDirectory() as work:
    # A run stopped once and resumed: its training time is the sum of both processes (60 + 540 s).
    make_run(work, "none", 1, 0.700, 0.690, 0.640, 0.830, 0.725, [("stopped", 60), ("finished", 540)])
    make_run(work, "none", 2, 0.720, 0.700, 0.660, 0.810, 0.727, [("finished", 1200)])
    make_run(work, "none", 3, 0.710, 0.710, 0.650, 0.820, 0.729, [("finished", 1200)])
    make_run(work, "infomax", 1, 0.730, 0.710, 0.618, 0.800, 0.709, [("finished", 1800)])
    make_run(work, "infomax", 2, 0.740, 0.740, 0.658, 0.796, 0.711, [("finished", 1800)])
    # Trained, not evaluated yet: left out with a note, never counted as zero.
    os.makedirs(os.path.join(work, "results", "patch_views-seed1"))

    rc, out, err = summarize(work)
    check(rc == 0, f"exit {rc}, stderr: {err}")
    check("| none | 1 | 10.0 | 0.700 | 0.690 | 0.640 | 0.830 | 0.725 |" in out, "resumed run row:\n" + out)
    check("| none | 2 | 20.0 | 0.720 | 0.700 | 0.660 | 0.810 | 0.727 |" in out, "seed 2 row:\n" + out)
    # Three values v, v+0.01, v+0.02 (any order): mean v+0.01, sample standard deviation 0.01.
    check("| none | 3 | 0.710 ± 0.010 (0.700 to 0.720) | 0.700 ± 0.010 (0.690 to 0.710) | 0.650 ± 0.010 (0.640 to 0.660)"
          " | 0.820 ± 0.010 (0.810 to 0.830) | 0.727 ± 0.002 (0.725 to 0.729) |" in out, "none summary:\n" + out)
    check("| infomax | 2 | 0.735 ± 0.007 (0.730 to 0.740) |" in out, "infomax summary:\n" + out)
    # Paired by seed: infomax seeds 1 and 2 against none's seeds 1 and 2 (none's seed 3 has no pair).
    check("| infomax | 1,2 | +0.025 ± 0.007 (+0.020 to +0.030) | +0.030 ± 0.014 (+0.020 to +0.040) |"
          " -0.012 ± 0.014 (-0.022 to -0.002) | -0.022 ± 0.011 (-0.030 to -0.014) | -0.016 ± 0.000 (-0.016 to -0.016) |"
          in out, "paired differences:\n" + out)
    check("patch_views" not in out and "patch_views seed 1: not evaluated yet" in err, "unevaluated run:\n" + out + err)

    # Explicit seeds restrict the table.
    rc, out, err = summarize(work, "2")
    check(rc == 0 and "| none | 1 | 0.720 | 0.700 | 0.660 | 0.810 | 0.727 |" in out, "seed 2 only:\n" + out + err)
    check("| infomax | 2 | +0.020 | +0.040 | -0.002 | -0.014 | -0.016 |" in out, "one paired seed:\n" + out)

    # The record: --save keeps the WORK_DIR's numbers in a JSON-lines file, --record rebuilds the
    # same tables from it alone.
    record = os.path.join(work, "record.jsonl")
    with open(record, "w") as f:  # an earlier measurement, kept by hand, must survive a save
        f.write(json.dumps({"head": "patch_views", "seed": 7, "train_minutes": 24.0, "zsd_unseen_ap50": 0.711,
                            "zsi_unseen_ap50": 0.7, "gzsi_seen_ap50": 0.582, "gzsi_unseen_ap50": 0.784,
                            "gzsi_hm_ap50": 0.668, "note": "by hand"}) + "\n")
    rc, saved, err = summarize("--save", record, "--note", "build abc", work)
    check(rc == 0, f"save: exit {rc}, stderr: {err}")
    with open(record) as f:
        entries = [json.loads(line) for line in f]
    check(len(entries) == 6 and sum(e.get("note") == "build abc" for e in entries) == 5, f"saved entries: {entries}")
    check(any(e["head"] == "patch_views" and e["note"] == "by hand" for e in entries), "hand entry lost")
    check(any(e["head"] == "none" and e["seed"] == 1 and e["train_minutes"] == 10.0 and e["gzsi_hm_ap50"] == 0.725
              for e in entries), f"none seed 1 entry: {entries}")
    _, from_work, _ = summarize(work)
    rc, from_record, err = summarize("--record", record, "1", "2", "3")
    check(rc == 0 and from_record == from_work, "record tables differ from WORK_DIR tables:\n" + from_record + "\n" + from_work)
    # Saving again replaces a run (same head and seed) instead of adding a second one.
    make_run(work, "none", 3, 0.610, 0.710, 0.650, 0.820, 0.729, [("finished", 1200)])
    rc, _, err = summarize("--save", record, work, "3")
    with open(record) as f:
        entries = [json.loads(line) for line in f]
    none3 = [e for e in entries if e["head"] == "none" and e["seed"] == 3]
    check(rc == 0 and len(entries) == 6 and len(none3) == 1 and none3[0]["zsd_unseen_ap50"] == 0.61
          and "note" not in none3[0], f"replace: {rc} {err} {entries}")
    # A damaged record is refused naming the file and line, and is left as it was.
    with open(record, "a") as f:
        f.write(json.dumps({"head": "none", "seed": 4, "train_minutes": 1}) + "\n")
    rc, _, err = summarize("--record", record)
    check(rc == 1 and "record.jsonl:7: field 'zsd_unseen_ap50' must be a number" in err, f"missing field: {rc} {err}")
    before = open(record).read()
    rc, _, err = summarize("--save", record, work)
    check(rc == 1 and "record.jsonl:7:" in err and open(record).read() == before, f"save into damaged record: {rc} {err}")
    with open(record, "a") as f:
        f.write("{not json\n")
    rc, _, err = summarize("--record", record)
    check(rc == 1 and "record.jsonl:" in err, f"malformed record: {rc} {err}")

    # A training that never finished must not reach the means: exit 1 naming the file.
    make_run(work, "patch_semantic", 1, 0.5, 0.5, 0.5, 0.5, 0.5, [("stopped", 100)])
    rc, out, err = summarize(work)
    check(rc == 1 and "patch_semantic-seed1/metrics.jsonl: training has not finished" in err, f"unfinished: {rc} {err}")

    # Malformed evaluation JSON: exit 1 naming the file.
    with open(os.path.join(work, "results", "infomax-seed1", "zsi_eval.json"), "w") as f:
        f.write("{not json")
    rc, out, err = summarize(work, "1")
    check(rc == 1 and "infomax-seed1/zsi_eval.json" in err, f"malformed: {rc} {err}")

for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
