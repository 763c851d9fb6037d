"""The ZSI protocol (docs/EVALUATION.md, spec §10) against pycocotools, computed in this run:
COCOeval with iouThrs = [0.4, 0.5, 0.6], as the reference README defines it. Usage:
cocoeval_zsi.py HELPER

For each generated detection file (eval_inputs.CASES) and both IoU types:
 * our evaluator with EvalParams::zsi (helper): the precision/recall/scores arrays bit for bit,
   the per-image matches exactly, and the six ZSI stats (AP, AR at 0.4/0.5/0.6, all classes);
 * `zsi eval --protocol zsi --gzsi --json`: AP and AR at each threshold for all 80 classes and
   for the 48 seen and 17 unseen classes of the 48/17 split, each against a COCOeval restricted
   to those catIds; per-class AP and recall at IoU 0.5; seen/unseen/harmonic-mean GZSI.
Every number is compared by the bits of its double (all identical). Mutation checked: the
unseen group's AP@0.5 in the CLI JSON moved by one ulp fails "zsi_AP" (and the precision and
match mutations of cocoeval_standard.py go through the same eval_compare code).
"""

import csv
import os

import numpy as np

import coco_ref_common as common
import eval_compare
import eval_inputs

THRESHOLDS = [0.4, 0.5, 0.6]


def mean_valid(x):
    v = x[x > -1]
    return float(np.mean(v)) if v.size else -1.0


def split_ids(gt):
    """Category ids of the seen and unseen classes of the 48/17 split, by name."""
    by_name = {c["name"]: c["id"] for c in gt.dataset["categories"]}
    groups = {"seen": [], "unseen": []}
    with open(common.shared_file("zsi", "classes_48_17.csv")) as f:
        for row in csv.DictReader(f):
            if row["split"] in groups:
                groups[row["split"]].append(by_name[row["name"]])
    if len(groups["seen"]) != 48 or len(groups["unseen"]) != 17:
        common.fail("classes_48_17.csv: %d seen, %d unseen" % (len(groups["seen"]),
                                                              len(groups["unseen"])))
    return groups


def gzsi_reference(per_class, groups):
    out = {}
    for side in ("seen", "unseen"):
        for key, field in (("AP", 0), ("recall", 1)):
            vals = [per_class[c][field] for c in sorted(groups[side]) if per_class[c][field] > -1]
            out["%s_%s" % (side, key)] = float(np.mean(vals)) if vals else -1.0
    for key in ("AP", "recall"):
        s, u = out["seen_" + key], out["unseen_" + key]
        out["hm_" + key] = -1.0 if s < 0 or u < 0 else (0.0 if s + u == 0 else 2 * s * u / (s + u))
    return out


def check_cli(tally, gt, dt, gt_path, dt_path, iou_type, e_all, groups, out_json, where):
    p = common.run([common.zsi_bin(), "eval", "--gt", gt_path, "--dt", dt_path, "--iou-type",
                    iou_type, "--protocol", "zsi", "--gzsi", "--json", out_json])
    cli = common.read_json(out_json)
    for group, cat_ids in (("all", None), ("seen", groups["seen"]), ("unseen", groups["unseen"])):
        e = e_all if cat_ids is None else eval_compare.cocoeval(gt, dt, iou_type, THRESHOLDS, cat_ids)
        for t, thr in enumerate(THRESHOLDS):
            w = "%s %s IoU %s" % (where, group, thr)
            tally.same_double("zsi_AP", cli["zsi"][group]["AP"][repr(thr)],
                              mean_valid(e.eval["precision"][t, :, :, 0, 2]), w)
            tally.same_double("zsi_AR", cli["zsi"][group]["AR"][repr(thr)],
                              mean_valid(e.eval["recall"][t, :, 0, 2]), w)
    per_class = {}
    for k, cat in enumerate(e_all.params.catIds):
        per_class[cat] = (mean_valid(e_all.eval["precision"][1, :, k, 0, 2]),
                          float(e_all.eval["recall"][1, k, 0, 2]))
    mine = {c["category_id"]: (c["AP"], c["recall"]) for c in cli["per_class"]}
    tally.equal("per_class_ids", sorted(mine), sorted(per_class), where)
    for cat in sorted(set(mine) & set(per_class)):
        tally.same_array("per_class", mine[cat], per_class[cat], "%s category %d" % (where, cat))
    ref = gzsi_reference(per_class, groups)
    for key, value in ref.items():
        tally.same_double("gzsi", cli["gzsi"][key], value, "%s %s" % (where, key))
    return p


def main():
    common.helper_path()
    gt_path = common.shared_file("coco-sample", "instances_val2017_sample.json")
    gt = eval_compare.load_gt(gt_path)
    groups = split_ids(gt)
    sample = eval_inputs.Sample(gt)
    work = common.workdir()
    tally = common.Tally()
    for name in eval_inputs.CASES:
        paths = eval_inputs.write_case(eval_inputs.generate(sample, name), work, name)
        for iou_type in ("bbox", "segm"):
            where = "%s/%s" % (name, iou_type)
            ours = eval_compare.run_ours(gt_path, paths[iou_type], iou_type, "zsi",
                                         os.path.join(work, where))
            if "error" in ours:
                tally.check("refused", False, lambda: "%s: ours refuses: %s" % (where, ours["error"]))
                continue
            dt = gt.loadRes(paths[iou_type])
            e = eval_compare.cocoeval(gt, dt, iou_type, THRESHOLDS)
            ref_stats = [mean_valid(e.eval["precision"][t, :, :, 0, 2]) for t in range(3)] + \
                        [mean_valid(e.eval["recall"][t, :, 0, 2]) for t in range(3)]
            tally.same_array("zsi_stats", ours["stats"], ref_stats, where)
            eval_compare.compare_arrays(tally, ours, e, where)
            eval_compare.compare_matches(tally, ours, e, where)
            check_cli(tally, gt, dt, gt_path, paths[iou_type], iou_type, e, groups,
                      os.path.join(work, where, "cli.json"), where)
    tally.finish("cocoeval_zsi")


if __name__ == "__main__":
    main()
