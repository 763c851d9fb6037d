"""Runs pycocotools' COCOeval and our evaluator (coco_ref_helper eval) on one detection file and
compares the precision, recall and scores arrays bit for bit and the per-image matches
(COCOeval.evalImgs: dtIds, gtIds, dtMatches, gtMatches, dtIgnore, gtIgnore, dtScores) exactly."""

import contextlib
import io
import os

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

import coco_ref_common as common


def quiet(fn, *args):
    """pycocotools prints progress on stdout; keep the test log readable."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def load_gt(path):
    return quiet(COCO, path)


def empty_results(gt):
    """What COCOeval sees for "no detections": loadRes itself raises IndexError on [], so the
    result set is built directly, with the GT's images and categories and no annotations."""
    dt = COCO()
    dt.dataset = {"images": gt.dataset["images"], "categories": gt.dataset["categories"],
                  "annotations": []}
    quiet(dt.createIndex)
    return dt


def cocoeval(gt, dt, iou_type, iou_thrs=None, cat_ids=None):
    """evaluate + accumulate (+ summarize for the standard thresholds), as the reference README
    runs them. dt: a COCO results object."""
    e = COCOeval(gt, dt, iou_type)
    if iou_thrs is not None:
        e.params.iouThrs = np.array(iou_thrs)
    if cat_ids is not None:
        e.params.catIds = sorted(cat_ids)
    quiet(e.evaluate)
    quiet(e.accumulate)
    if iou_thrs is None:
        quiet(e.summarize)
    return e


def run_ours(gt_path, dt_path, iou_type, protocol, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    common.run_helper("eval", gt_path, dt_path, iou_type, protocol, out_dir)
    ours = common.read_json(os.path.join(out_dir, "eval.json"))
    if "error" not in ours:
        for name in ("precision", "recall", "scores"):
            ours[name] = np.fromfile(os.path.join(out_dir, name + ".bin"), dtype="<f8")
    return ours


def ours_as_evalimgs(ours, num_areas, num_iou):
    """Our per-(category, image) records in COCOeval's evalImgs form, keyed (catId, area, imgId):
    GT ids sorted non-ignored first (stable), dtMatches = matched GT id (0: none), gtMatches =
    the id of the last detection matched to that GT (a crowd GT absorbs several)."""
    out = {}
    A, T = num_areas, num_iou
    for rec in ours["images"]:
        D, G = len(rec["dtIds"]), len(rec["gtIds"])
        matched = np.array(rec["matchedGt"], np.int64).reshape(A, T, D)
        dt_ignore = np.array(rec["dtIgnore"], bool).reshape(A, T, D)
        gt_ignore = np.array(rec["gtIgnore"], np.int64).reshape(A, G)
        for a in range(A):
            order = np.argsort(gt_ignore[a], kind="mergesort")
            position = {int(g): j for j, g in enumerate(order)}
            dtm, gtm = np.zeros((T, D)), np.zeros((T, G))
            for t in range(T):
                for d in range(D):
                    g = int(matched[a, t, d])
                    if g >= 0:
                        dtm[t, d] = rec["gtIds"][g]
                        gtm[t, position[g]] = rec["dtIds"][d]
            out[(rec["category_id"], a, rec["image_id"])] = {
                "dtIds": rec["dtIds"], "gtIds": [rec["gtIds"][i] for i in order],
                "dtMatches": dtm, "gtMatches": gtm, "dtIgnore": dt_ignore[a],
                "gtIgnore": gt_ignore[a][order].tolist(), "dtScores": rec["dtScores"]}
    return out


def reference_evalimgs(e):
    p = e.params
    A, I = len(p.areaRng), len(p.imgIds)
    out = {}
    for n, rec in enumerate(e.evalImgs):
        if rec is not None:
            k, a, i = n // (A * I), (n // I) % A, n % I
            out[(p.catIds[k], a, p.imgIds[i])] = rec
    return out


def compare_matches(tally, ours, e, where):
    p = e.params
    mine = ours_as_evalimgs(ours, len(p.areaRng), len(p.iouThrs))
    ref = reference_evalimgs(e)
    tally.equal("evalImgs_cells", sorted(mine), sorted(ref), where)
    for key in sorted(set(mine) & set(ref)):
        m, r = mine[key], ref[key]
        w = "%s cell (cat, area, img) %s" % (where, key)
        tally.equal("dtIds", m["dtIds"], [int(v) for v in r["dtIds"]], w)
        tally.equal("gtIds", m["gtIds"], [int(v) for v in r["gtIds"]], w)
        tally.same_array("dtMatches", m["dtMatches"], r["dtMatches"], w)
        tally.same_array("gtMatches", m["gtMatches"], r["gtMatches"], w)
        tally.equal("dtIgnore", m["dtIgnore"].tolist(), np.asarray(r["dtIgnore"], bool).tolist(), w)
        tally.equal("gtIgnore", m["gtIgnore"], [int(v) for v in r["gtIgnore"]], w)
        tally.same_array("dtScores", m["dtScores"], r["dtScores"], w)


def compare_arrays(tally, ours, e, where):
    p, ev = e.params, e.eval
    shape = [len(p.iouThrs), len(p.recThrs), len(p.catIds), len(p.areaRng), len(p.maxDets)]
    tally.equal("shape", ours["shape"], shape, where)
    tally.same_array("iouThrs", ours["iouThrs"], p.iouThrs, where)
    tally.equal("catIds", ours["catIds"], list(p.catIds), where)
    tally.equal("imgIds", ours["imgIds"], list(p.imgIds), where)
    if ours["shape"] != shape:
        return
    tally.same_array("precision", ours["precision"].reshape(ev["precision"].shape),
                     ev["precision"], where)
    tally.same_array("recall", ours["recall"].reshape(ev["recall"].shape), ev["recall"], where)
    tally.same_array("scores", ours["scores"].reshape(ev["scores"].shape), ev["scores"], where)
