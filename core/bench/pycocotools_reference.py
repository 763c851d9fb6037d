#!/usr/bin/env python3
"""The Python side of core/bench/reference_bench.py: one measurement per process, so that the
peak resident memory (ru_maxrss) is this measurement's own, printed as one JSON line on stdout.

  pycocotools_reference.py load json|coco FILE     json.load, or pycocotools' COCO(FILE)
  pycocotools_reference.py eval bbox|segm GT RES   COCO(GT), loadRes(RES), then evaluate +
                                                   accumulate + summarize, and the 12 stats

pycocotools prints its progress; that goes to stderr so that stdout stays one JSON line.
"""

import contextlib
import json
import resource
import sys
import time


def usage():
    sys.exit(__doc__)


def clock():
    """Wall and CPU (user + system, this process) seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), r.ru_utime + r.ru_stime


def since(start):
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def load(kind, path):
    start = clock()
    if kind == "json":
        with open(path) as f:
            json.load(f)
    elif kind == "coco":
        from pycocotools.coco import COCO  # already imported by main(), outside the clock
        COCO(path)
    else:
        usage()
    wall, cpu = since(start)
    return {"loader": kind, "wall_s": wall, "cpu_s": cpu, "peak_rss_bytes": peak_rss_bytes()}


def evaluate(iou_type, gt_path, res_path):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    start = clock()
    gt = COCO(gt_path)
    load_gt = since(start)
    start = clock()
    if iou_type == "segm":
        # With a bbox in the first record, loadRes takes box areas (w*h) for the detections, which
        # moves APs/APm/APl; our evaluator takes mask areas on purpose (docs/EVALUATION.md), as
        # detectron2 does by dropping the boxes before loadRes. Do the same so the stats compare.
        with open(res_path) as f:
            results = json.load(f)
        for r in results:
            r.pop("bbox", None)
        dt = gt.loadRes(results)
    else:
        dt = gt.loadRes(res_path)
    load_res = since(start)
    # What pycocotools' users time as "evaluation"; evaluate() includes _prepare (GT polygons to
    # RLE), as bench_eval's figure includes building its input.
    start = clock()
    ev = COCOeval(gt, dt, iou_type)
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
    wall, cpu = since(start)
    return {"iou_type": iou_type, "load_gt_s": load_gt[0], "load_results_s": load_res[0],
            "eval_s": wall, "eval_cpu_s": cpu, "peak_rss_bytes": peak_rss_bytes(),
            "stats": [float(s) for s in ev.stats]}


def main(argv):
    if len(argv) == 3 and argv[0] == "load":
        if argv[1] == "coco":
            # The import (numpy, matplotlib) is not part of loading a file: done before the clock.
            import pycocotools.coco  # noqa: F401
        job = lambda: load(argv[1], argv[2])
    elif len(argv) == 4 and argv[0] == "eval" and argv[1] in ("bbox", "segm"):
        job = lambda: evaluate(argv[1], argv[2], argv[3])
    else:
        usage()
    with contextlib.redirect_stdout(sys.stderr):
        result = job()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
