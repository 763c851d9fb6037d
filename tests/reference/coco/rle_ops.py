"""pycocotools.mask merge (union and intersection), iou of masks and iou of boxes, each with the
crowd flags all 0, all 1 and alternating (1 = the gt is a crowd region: |d∩g| / |d|), against ours
(rleMerge, rleIou, bboxIou) on the groups of rle_inputs, computed in this run.

Merged masks are compared as compressed strings byte for byte; every IoU as the bits of its double
(identical, not just close: we keep maskApi.c's operation order). Mutations checked (applied to the helper's output in this driver, seen to fail,
reverted): one mask IoU moved by one ulp fails "iou_masks"; one box IoU moved by one ulp fails
"iou_boxes"; union and intersection swapped fails both merge comparisons.
"""

import numpy as np
import pycocotools.mask as mask_utils

import coco_ref_common as common
import rle_inputs


def crowd_flags(n):
    return [[0] * n, [1] * n, [i % 2 for i in range(n)]]


def main():
    groups = rle_inputs.mask_groups()
    ours = rle_inputs.run_ours(groups)

    tally = common.Tally()
    for gi, ((h, w, masks, boxes), got) in enumerate(zip(groups, ours)):
        where = "group %d (%d masks %dx%d)" % (gi, len(masks), h, w)
        rles = [mask_utils.encode(np.asfortranarray(m)) for m in masks]
        for key, intersect in (("merge_union", False), ("merge_intersect", True)):
            ref = mask_utils.merge(rles, intersect=intersect)["counts"].decode("ascii")
            tally.equal(key, got[key], ref, where)
        for flags, mine in zip(crowd_flags(len(rles)), got["iou"]):
            ref = mask_utils.iou(rles, rles, np.array(flags, np.uint8))
            tally.same_array("iou_masks", np.reshape(mine, ref.shape), ref,
                             "%s crowd %s" % (where, flags))
        boxes = np.asarray(boxes, np.float64)
        for flags, mine in zip(crowd_flags(len(boxes)), got["bbox_iou"]):
            ref = mask_utils.iou(boxes, boxes, np.array(flags, np.uint8))
            tally.same_array("iou_boxes", np.reshape(mine, ref.shape), ref,
                             "%s boxes %s crowd %s" % (where, boxes.tolist(), flags))
    tally.finish("rle_ops")


if __name__ == "__main__":
    main()
