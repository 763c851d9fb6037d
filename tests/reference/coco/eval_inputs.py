"""Detection files for the COCOeval reference tests, generated from the shared COCO sample with a
fixed seed. Each case is a list of results records {image_id, category_id, score, bbox,
segmentation (compressed RLE)}; write_case() writes the bbox file (both members: loadRes' bbox
branch) and the segm file (no bbox: loadRes' segm branch, areas from the masks; see
docs/EVALUATION.md for why segm is evaluated from a file without boxes)."""

import copy
import json
import os

import numpy as np
import pycocotools.mask as mask_utils


def _record(image_id, category_id, score, bbox, rle):
    return {"image_id": int(image_id), "category_id": int(category_id), "score": float(score),
            "bbox": [float(v) for v in bbox],
            "segmentation": {"size": [int(v) for v in rle["size"]],
                             "counts": rle["counts"].decode("ascii")}}


def _box_rle(box, h, w):
    return mask_utils.frPyObjects(np.array([box], np.float64), h, w)[0]


def _jitter(rng, box, scale):
    x, y, w, h = box
    d = rng.normal(0, scale, 4) * [w, h, w, h]
    return [round(float(v), 2) for v in (x + d[0], y + d[1], max(w + d[2], 0.5), max(h + d[3], 0.5))]


class Sample:
    """The GT as the generators need it: images, categories, annotations and their masks."""

    def __init__(self, coco):
        self.coco = coco
        self.images = coco.dataset["images"]
        self.size = {im["id"]: (im["height"], im["width"]) for im in self.images}
        self.cat_ids = sorted(c["id"] for c in coco.dataset["categories"])
        self.anns = coco.dataset["annotations"]

    def rle(self, ann):
        return self.coco.annToRLE(ann)


def random_dets(s, rng):
    """Random boxes and masks of random GT categories; scores on a coarse grid, so many tie."""
    out = []
    for im in s.images:
        h, w = s.size[im["id"]]
        for _ in range(int(rng.integers(0, 25))):
            box = [rng.uniform(0, w - 1), rng.uniform(0, h - 1), rng.uniform(1, w / 2),
                   rng.uniform(1, h / 2)]
            box = [round(float(v), 2) for v in box]
            out.append(_record(im["id"], rng.choice(s.cat_ids), round(rng.random(), 2), box,
                               _box_rle(_jitter(rng, box, 0.1), h, w)))
    return out


def perfect_dets(s, rng):
    """Every non-crowd GT given back with its own box and mask (scores all 1: one big tie)."""
    return [_record(a["image_id"], a["category_id"], 1.0, a["bbox"], s.rle(a))
            for a in s.anns if not a["iscrowd"]]


def duplicate_dets(s, rng):
    """Jittered GT, each found two or three times: exact copies (same score: ties in file
    order) and lower-scored near copies, plus some with the wrong class."""
    out = []
    for a in s.anns:
        if a["iscrowd"] or rng.random() < 0.15:
            continue
        h, w = s.size[a["image_id"]]
        box = _jitter(rng, a["bbox"], 0.08)
        cat = a["category_id"] if rng.random() > 0.05 else rng.choice(s.cat_ids)
        rec = _record(a["image_id"], cat, round(rng.uniform(0.3, 1), 3), box, _box_rle(box, h, w))
        out.append(rec)
        out.append(copy.deepcopy(rec))
        if rng.random() < 0.5:
            near = _jitter(rng, box, 0.05)
            out.append(_record(a["image_id"], cat, rec["score"] - 0.001, near, _box_rle(near, h, w)))
    rng.shuffle(out)
    return out


def crowd_dets(s, rng):
    """Detections that can only match crowd regions: the crowd regions' own masks and boxes,
    pieces of them, and a few of another class; they must be ignored, never false positives."""
    out = []
    for a in s.anns:
        if not a["iscrowd"]:
            continue
        h, w = s.size[a["image_id"]]
        rle = s.rle(a)
        out.append(_record(a["image_id"], a["category_id"], 0.9, a["bbox"], rle))
        x, y, bw, bh = a["bbox"]
        for i in range(3):
            piece = [x + bw * i / 4, y + bh / 4, bw / 3, bh / 2]
            inside = mask_utils.merge([_box_rle(piece, h, w), rle], intersect=True)
            out.append(_record(a["image_id"], a["category_id"], round(rng.random(), 3), piece, inside))
        out.append(_record(a["image_id"], rng.choice(s.cat_ids), 0.5, a["bbox"], rle))
    return out


def many_dets(s, rng):
    """101 detections in one (image, category) per image: the GT match ranked last, so the
    maxDets cut at 100 removes it; the others are random boxes."""
    out = []
    for im in s.images:
        anns = [a for a in s.anns if a["image_id"] == im["id"] and not a["iscrowd"]]
        if not anns:
            continue
        a = anns[0]
        h, w = s.size[im["id"]]
        boxes = np.round(np.column_stack([rng.uniform(0, w - 2, 100), rng.uniform(0, h - 2, 100),
                                          rng.uniform(1, w / 3, 100), rng.uniform(1, h / 3, 100)]), 1)
        rles = mask_utils.frPyObjects(boxes, h, w)
        for i in range(100):
            out.append(_record(im["id"], a["category_id"], 0.5 + i * 0.004, boxes[i], rles[i]))
        out.append(_record(im["id"], a["category_id"], 0.01, a["bbox"], s.rle(a)))
    return out


def unknown_category_dets(s, rng):
    """The duplicates case with a fifth of the records moved to category ids the GT lacks (0,
    12, 91, 1000): pycocotools keeps them in loadRes and COCOeval never looks at them."""
    out = duplicate_dets(s, rng)
    for r in out:
        if rng.random() < 0.2:
            r["category_id"] = int(rng.choice([0, 12, 91, 1000]))
    return out


# name -> generator; every generator gets its own seeded stream, so cases do not shift each other.
CASES = {"random": random_dets, "perfect": perfect_dets, "duplicates": duplicate_dets,
         "crowd_only": crowd_dets, "101_per_image": many_dets,
         "unknown_categories": unknown_category_dets}


def generate(s, name):
    return CASES[name](s, np.random.default_rng(100 + list(CASES).index(name)))


def write_case(records, folder, name):
    """The bbox file (bbox and segmentation) and the segm file (segmentation only)."""
    paths = {}
    for iou_type in ("bbox", "segm"):
        recs = copy.deepcopy(records)
        if iou_type == "segm":
            for r in recs:
                r.pop("bbox", None)
        paths[iou_type] = os.path.join(folder, "%s_%s.json" % (name, iou_type))
        with open(paths[iou_type], "w") as f:
            json.dump(recs, f)
    return paths
