"""Deterministic mask inputs for the RLE reference tests: groups of masks of one size (merge and
IoU need equal sizes), edge cases first, then random shapes. Masks are h x w uint8 arrays in
image layout; the helper receives them column-major, as pycocotools stores them."""

import numpy as np

# Sizes that stress the run boundaries: single pixels, single rows and columns (a run then spans
# whole columns), odd and prime sizes, and two large images whose runs need many 5-bit groups.
EDGE_SIZES = [(1, 1), (1, 9), (9, 1), (2, 2), (3, 5), (17, 23), (31, 1), (1, 64), (64, 47),
              (480, 640), (427, 1)]


def edge_masks(h, w):
    """Empty, full, one pixel at each corner and the centre, one row, one column, the border
    frame, a checkerboard (the most runs) and its complement."""
    masks = [np.zeros((h, w), np.uint8), np.ones((h, w), np.uint8)]
    for y, x in [(0, 0), (0, w - 1), (h - 1, 0), (h - 1, w - 1), (h // 2, w // 2)]:
        m = np.zeros((h, w), np.uint8)
        m[y, x] = 1
        masks.append(m)
    row = np.zeros((h, w), np.uint8)
    row[h // 2, :] = 1
    col = np.zeros((h, w), np.uint8)
    col[:, w // 2] = 1
    frame = np.ones((h, w), np.uint8)
    frame[1:-1, 1:-1] = 0
    checker = ((np.arange(h)[:, None] + np.arange(w)[None, :]) % 2).astype(np.uint8)
    masks += [row, col, frame, checker, 1 - checker]
    return masks


def random_mask(rng, h, w):
    kind = rng.integers(0, 6)
    if kind == 0:  # salt and pepper of any density
        return (rng.random((h, w)) < rng.choice([0.01, 0.3, 0.5, 0.97])).astype(np.uint8)
    if kind == 1:  # union of rectangles, some clipped by the border
        m = np.zeros((h, w), np.uint8)
        for _ in range(rng.integers(1, 4)):
            y0, x0 = rng.integers(-h // 4, h), rng.integers(-w // 4, w)
            y1, x1 = y0 + rng.integers(1, h + 1), x0 + rng.integers(1, w + 1)
            m[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = 1
        return m
    if kind == 2:  # an ellipse, possibly leaving the image
        yy, xx = np.mgrid[0:h, 0:w]
        cy, cx = rng.uniform(-0.2, 1.2) * h, rng.uniform(-0.2, 1.2) * w
        ry, rx = rng.uniform(0.5, h), rng.uniform(0.5, w)
        return ((((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) <= 1).astype(np.uint8)
    if kind == 3:  # runs of random length in column-major order
        flat = np.zeros(h * w, np.uint8)
        pos, value = 0, 0
        while pos < h * w:
            n = int(rng.geometric(1.0 / max(1.0, rng.choice([1.5, 4.0, 40.0]))))
            flat[pos:pos + n] = value
            pos, value = pos + n, 1 - value
        return flat.reshape(w, h).T.copy()
    if kind == 4:  # byte values: encode does not binarise, a run ends wherever the value changes
        return rng.choice(np.array([0, 1, 2, 255], np.uint8), size=(h, w), p=[0.4, 0.3, 0.2, 0.1])
    return np.zeros((h, w), np.uint8) if rng.random() < 0.5 else np.ones((h, w), np.uint8)


def random_boxes(rng, n, h, w):
    """Boxes [x, y, w, h] with fractions, some identical, zero-sized, touching or outside."""
    boxes = np.column_stack([rng.uniform(-5, w, n), rng.uniform(-5, h, n),
                             rng.uniform(0, w, n), rng.uniform(0, h, n)])
    if n >= 3:
        boxes[1] = boxes[0]                                            # identical
        boxes[2] = [boxes[0][0] + boxes[0][2], boxes[0][1], 3.0, 2.0]  # touching on the right
    if n >= 4:
        boxes[3][2] = 0.0                                              # zero width
    return np.round(boxes, int(rng.integers(0, 4)))


def mask_groups(seed=20, random_groups=700):
    """[(h, w, [masks], boxes)]: the edge cases of every EDGE_SIZE (in groups of up to 4), then
    random groups of 1 to 5 masks at random sizes up to 90 px."""
    rng = np.random.default_rng(seed)
    groups = []
    for h, w in EDGE_SIZES:
        masks = edge_masks(h, w)
        for i in range(0, len(masks), 4):
            groups.append((h, w, masks[i:i + 4], random_boxes(rng, 4, h, w)))
    for _ in range(random_groups):
        h, w = int(rng.integers(1, 91)), int(rng.integers(1, 91))
        n = int(rng.integers(1, 6))
        groups.append((h, w, [random_mask(rng, h, w) for _ in range(n)],
                       random_boxes(rng, int(rng.integers(1, 6)), h, w)))
    return groups


def column_major_hex(mask):
    """The mask's bytes in pycocotools' order (index x * h + y) as hex."""
    return np.ascontiguousarray(mask.T).tobytes().hex()


def helper_cases(groups):
    return [{"kind": "masks", "h": h, "w": w, "masks": [column_major_hex(m) for m in masks],
             "boxes": boxes.tolist()} for h, w, masks, boxes in groups]


def run_ours(groups):
    """Our answers for `groups`: the helper's `rle` mode, one entry per group (failing otherwise)."""
    import os

    import coco_ref_common as common

    work = common.workdir()
    cases_path, out_path = os.path.join(work, "cases.json"), os.path.join(work, "ours.json")
    common.write_json(cases_path, helper_cases(groups))
    common.run_helper("rle", cases_path, out_path)
    ours = common.read_json(out_path)
    if len(ours) != len(groups):
        common.fail("helper answered %d of %d cases" % (len(ours), len(groups)))
    return ours
