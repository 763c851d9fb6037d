"""pycocotools.mask.frPyObjects for polygons (and their union, as COCO.annToRLE makes it), boxes
and uncompressed RLE, and COCO.annToRLE + area + toBbox of every annotation of the shared COCO
sample, against ours (rleFromPolygonList/Parts, rleFromBbox, rleToString, CocoDataset::
annotationRleStrict), computed in this run.

Polygons include self-intersecting ones, vertices far outside the image, sub-pixel and degenerate
ones, vertices on pixel centres and half-pixels (where rounding decides), odd coordinate counts and
short later parts. Where pycocotools raises, ours must return an error; otherwise strings are
compared byte for byte and toBbox by the bits of each double. Mutations checked (applied to the
helper's output in this driver, seen to fail, reverted): the last character of one merged polygon
string + 1 fails "polygon_union"; the same on one annotation's counts fails "annToRLE"; a case
pycocotools refuses ([[1, 2, 3]]) answered with masks fails "polygon_error".
"""

import os

import numpy as np
import pycocotools.mask as mask_utils
from pycocotools.coco import COCO

import coco_ref_common as common


def random_polygon(rng, h, w):
    k = int(rng.integers(3, 13))
    style = rng.integers(0, 4)
    if style == 0:  # anywhere, also far outside: random order self-intersects
        xs, ys = rng.uniform(-0.5 * w, 1.5 * w, k), rng.uniform(-0.5 * h, 1.5 * h, k)
    elif style == 1:  # a star around a point (convex or not), inside the image
        a = np.sort(rng.uniform(0, 2 * np.pi, k))
        r = rng.uniform(0.2, 1.0, k) * min(h, w) / 2
        xs, ys = w / 2 + r * np.cos(a), h / 2 + r * np.sin(a)
    elif style == 2:  # vertices on pixel centres and half pixels: rounding decides every edge
        xs = rng.integers(-2, 2 * w + 3, k) / 2.0
        ys = rng.integers(-2, 2 * h + 3, k) / 2.0
    else:  # tiny: smaller than a pixel, or collinear
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        xs = x0 + rng.uniform(0, 0.9, k) * (rng.random() < 0.5)
        ys = y0 + rng.uniform(0, 0.9, k)
    xy = np.column_stack([xs, ys]).ravel()
    return [round(float(v), int(rng.integers(0, 6))) for v in xy]


def polygon_cases(rng):
    cases = []
    sizes = [(1, 1), (1, 7), (7, 1), (5, 9), (31, 17), (64, 64), (100, 37), (427, 640)]
    for i in range(900):
        h, w = sizes[i % len(sizes)] if i < 80 else (int(rng.integers(1, 120)),
                                                      int(rng.integers(1, 120)))
        parts = [random_polygon(rng, h, w) for _ in range(int(rng.integers(1, 4)))]
        if i % 7 == 3:  # a short later part: 2, 1 or odd numbers of coordinates
            parts.append(parts[0][:int(rng.integers(1, 6))])
        if i % 11 == 5:  # an odd count: the last number is dropped
            parts[0] = parts[0] + [3.25]
        cases.append({"kind": "polygons", "h": h, "w": w, "polygons": parts})
    # First parts that are not polygons: pycocotools raises for fewer than 4 numbers, and for
    # exactly 4 it takes the list for boxes and raises (frBbox wants an array, 2.0.11); with 5 it
    # rasterises a 2-point polygon. Ours must refuse exactly where it raises.
    for first in ([], [1.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0, 5.0]):
        cases.append({"kind": "polygons", "h": 10, "w": 10, "polygons": [first]})
    cases.append({"kind": "polygons", "h": 10, "w": 10, "polygons": []})
    return cases


def box_cases(rng):
    cases = []
    for i in range(200):
        h, w = int(rng.integers(1, 100)), int(rng.integers(1, 100))
        n = int(rng.integers(1, 6))
        boxes = np.column_stack([rng.uniform(-20, w + 5, n), rng.uniform(-20, h + 5, n),
                                 rng.uniform(-3, w, n), rng.uniform(-3, h, n)])
        boxes = np.round(boxes, int(rng.integers(0, 4)))
        if i % 5 == 0:
            boxes[0] = [0, 0, w, h]  # exactly the image
        cases.append({"kind": "boxes", "h": h, "w": w, "boxes": boxes.tolist()})
    return cases


def uncompressed_cases(rng):
    cases = []
    for i in range(200):
        h, w = int(rng.integers(1, 100)), int(rng.integers(1, 100))
        counts, left = [], h * w
        while left > 0:
            n = min(left, int(rng.geometric(rng.choice([0.5, 0.05, 0.001])) - (i % 3 == 0)))
            counts.append(n)
            left -= n
        cases.append({"kind": "uncompressed", "h": h, "w": w, "counts": counts})
    return cases


def compare_cases(tally, cases, ours):
    for ci, (c, got) in enumerate(zip(cases, ours)):
        h, w, kind = c["h"], c["w"], c["kind"]
        where = "case %d (%s %dx%d)" % (ci, kind, h, w)
        if kind == "polygons":
            try:
                rles = mask_utils.frPyObjects(c["polygons"], h, w)
                merged = mask_utils.merge(rles)
            except Exception as e:  # noqa: BLE001 - any error pycocotools raises
                tally.check("polygon_error", "error" in got,
                            lambda: "%s %s: pycocotools raises %r, ours gives %r" % (
                                where, c["polygons"], e, got))
                continue
            if "error" in got:
                tally.check("polygons", False, lambda: "%s %s: ours refuses (%s), pycocotools "
                            "gives %d masks" % (where, c["polygons"], got["error"], len(rles)))
                continue
            tally.equal("polygons", got["rles"], [r["counts"].decode() for r in rles], where)
            tally.equal("polygon_union", got["merged"], merged["counts"].decode(), where)
        elif kind == "boxes":
            rles = mask_utils.frPyObjects(np.array(c["boxes"], np.float64), h, w)
            tally.equal("boxes", got["rles"], [r["counts"].decode() for r in rles], where)
        else:
            rle = mask_utils.frPyObjects({"size": [h, w], "counts": c["counts"]}, h, w)
            tally.equal("uncompressed", got["rle"], rle["counts"].decode(), where)
            tally.equal("uncompressed_area", got["area"], int(mask_utils.area(rle)), where)
            tally.same_array("uncompressed_toBbox", got["bbox"], mask_utils.toBbox(rle), where)


def compare_annotations(tally, gt_path, ours):
    coco = COCO(gt_path)
    anns = coco.dataset["annotations"]
    if len(ours) != len(anns):
        common.fail("helper gave %d of %d annotations" % (len(ours), len(anns)))
    for ann, got in zip(anns, ours):
        where = "annotation %d" % ann["id"]
        tally.equal("annotation_id", got["id"], ann["id"], where)
        rle = coco.annToRLE(ann)
        if "error" in got:
            tally.check("annToRLE", False, lambda: "%s: ours refuses (%s)" % (where, got["error"]))
            continue
        tally.equal("annToRLE", [got["size"], got["counts"]],
                    [list(rle["size"]), rle["counts"].decode()], where)
        tally.equal("annotation_area", got["area"], int(mask_utils.area(rle)), where)
        tally.same_array("annotation_toBbox", got["bbox"], mask_utils.toBbox(rle), where)


def main():
    rng = np.random.default_rng(2020)
    cases = polygon_cases(rng) + box_cases(rng) + uncompressed_cases(rng)
    work = common.workdir()
    cases_path, out_path = os.path.join(work, "cases.json"), os.path.join(work, "ours.json")
    common.write_json(cases_path, cases)
    common.run_helper("rle", cases_path, out_path)
    ours = common.read_json(out_path)
    if len(ours) != len(cases):
        common.fail("helper answered %d of %d cases" % (len(ours), len(cases)))
    tally = common.Tally()
    compare_cases(tally, cases, ours)

    gt_path = common.shared_file("coco-sample", "instances_val2017_sample.json")
    ann_path = os.path.join(work, "annotations.json")
    common.run_helper("annotations", gt_path, ann_path)
    compare_annotations(tally, gt_path, common.read_json(ann_path))
    tally.finish("rle_polygons")


if __name__ == "__main__":
    main()
