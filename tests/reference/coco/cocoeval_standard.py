"""COCOeval (standard protocol: IoU .50:.05:.95, maxDets 1/10/100, four area ranges) against our
evaluator on the shared COCO sample with generated detection files (eval_inputs.CASES: random,
perfect, duplicates, crowd-only, 101 per image, unknown categories), computed in this run.
Usage: cocoeval_standard.py HELPER bbox|segm

Compared: the 12 stats of our evaluator (helper) and of `zsi eval --json` with E.stats, and the
precision, recall and scores arrays, all as the bits of each double (they are identical, not
merely within 1e-12); the per-image matches (evalImgs) exactly. Two inputs pycocotools refuses:
a detection on an image the GT lacks (loadRes asserts) must be refused by us too, with a message
naming the detection; an empty list (loadRes raises IndexError on anns[0]) we evaluate on
purpose, with a warning (docs/EVALUATION.md), and the numbers must equal COCOeval's on an empty
result set. Mutations checked (applied to our output in eval_compare.run_ours, seen to fail,
reverted): stats[0] of one case moved by one ulp fails "stats"; one precision entry moved by one
ulp fails "precision" (segm); one detection's matched GT changed fails "dtMatches" and "gtMatches".
"""

import os
import sys

import numpy as np

import coco_ref_common as common
import eval_compare
import eval_inputs


def compare_stats(tally, kind, ours, ref, where):
    tally.same_array(kind, np.asarray(ours, np.float64), np.asarray(ref, np.float64), where)


def run_cli(gt_path, dt_path, iou_type, out_json):
    return common.run([common.zsi_bin(), "eval", "--gt", gt_path, "--dt", dt_path, "--iou-type",
                       iou_type, "--json", out_json], ok_codes=(0, 1))


def check_case(tally, gt, gt_path, dt_path, iou_type, work, name):
    where = "%s/%s" % (name, iou_type)
    ours = eval_compare.run_ours(gt_path, dt_path, iou_type, "coco", os.path.join(work, where))
    if "error" in ours:
        tally.check("refused", False, lambda: "%s: ours refuses: %s" % (where, ours["error"]))
        return
    e = eval_compare.cocoeval(gt, gt.loadRes(dt_path) if name != "empty"
                              else eval_compare.empty_results(gt), iou_type)
    compare_stats(tally, "stats", ours["stats"], e.stats, where)
    eval_compare.compare_arrays(tally, ours, e, where)
    eval_compare.compare_matches(tally, ours, e, where)
    cli_json = os.path.join(work, where, "cli.json")
    p = run_cli(gt_path, dt_path, iou_type, cli_json)
    tally.check("cli_exit", p.returncode == 0, lambda: "%s: zsi eval: %s" % (where, p.stderr))
    if p.returncode == 0:
        compare_stats(tally, "cli_stats", common.read_json(cli_json)["stats"], e.stats, where)
    if name == "empty":
        tally.check("empty_warning", "no detections" in p.stderr,
                    lambda: "%s: no warning about the empty file: %r" % (where, p.stderr))
    if name == "unknown_categories":
        tally.check("unknown_category_warning", "category_id the ground truth does not define"
                    in p.stderr, lambda: "%s: no warning: %r" % (where, p.stderr))


def check_unknown_image(tally, gt, gt_path, records, iou_type, work):
    """pycocotools asserts ("Results do not correspond to current coco set"); we must refuse
    with an error naming the detection (record 3, image_id 999999999)."""
    records = [dict(r) for r in records[:5]]
    records[2]["image_id"] = 999999999
    paths = eval_inputs.write_case(records, work, "unknown_image")
    try:
        gt.loadRes(paths[iou_type])
        tally.check("unknown_image", False, lambda: "pycocotools accepted an unknown image")
    except AssertionError:
        pass
    ours = eval_compare.run_ours(gt_path, paths[iou_type], iou_type, "coco",
                                 os.path.join(work, "unknown_image_" + iou_type))
    msg = ours.get("error", "")
    tally.check("unknown_image", "detection 3" in msg and "999999999" in msg,
                lambda: "ours: %r" % (ours.get("error") or "evaluated it"))
    p = run_cli(gt_path, paths[iou_type], iou_type, os.path.join(work, "unknown_image.json"))
    tally.check("unknown_image_cli", p.returncode == 1 and "999999999" in p.stderr,
                lambda: "zsi eval exit %d: %r" % (p.returncode, p.stderr))


def main():
    common.helper_path()
    if len(sys.argv) != 3 or sys.argv[2] not in ("bbox", "segm"):
        common.fail("usage: cocoeval_standard.py HELPER bbox|segm")
    iou_type = sys.argv[2]
    gt_path = common.shared_file("coco-sample", "instances_val2017_sample.json")
    gt = eval_compare.load_gt(gt_path)
    sample = eval_inputs.Sample(gt)
    work = common.workdir()
    tally = common.Tally()
    first = None
    for name in eval_inputs.CASES:
        records = eval_inputs.generate(sample, name)
        first = first or records
        paths = eval_inputs.write_case(records, work, name)
        print("%s: %d detections" % (name, len(records)))
        check_case(tally, gt, gt_path, paths[iou_type], iou_type, work, name)
    paths = eval_inputs.write_case([], work, "empty")
    check_case(tally, gt, gt_path, paths[iou_type], iou_type, work, "empty")
    check_unknown_image(tally, gt, gt_path, first, iou_type, work)
    tally.finish("cocoeval_standard_" + iou_type)


if __name__ == "__main__":
    main()
