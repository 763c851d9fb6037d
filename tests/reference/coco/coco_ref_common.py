"""Shared pieces of the pycocotools reference drivers: finding the inputs (a missing one is a
failure, never a skip), running our helper, and comparing bit for bit with a tally that says how
many values were compared."""

import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def helper_path():
    """The coco_ref_helper executable, passed by CMake as the first argument."""
    if len(sys.argv) < 2 or not os.path.isfile(sys.argv[1]):
        fail("coco_ref_helper not given or not built: %r" % sys.argv[1:])
    return sys.argv[1]


def shared_file(*parts):
    root = os.environ.get("ZSI_SHARED_DATA_DIR", "")
    path = os.path.join(root, *parts)
    if not root or not os.path.exists(path):
        fail("missing input %s (ZSI_SHARED_DATA_DIR=%r)" % (path, root))
    return path


def zsi_bin():
    path = os.path.join(os.environ.get("ZSI_BIN_DIR", ""), "zsi")
    if not os.path.isfile(path):
        fail("zsi not built: %s" % path)
    return path


def run(args, ok_codes=(0,)):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode not in ok_codes:
        fail("%s exited %d\nstdout: %s\nstderr: %s" % (args, p.returncode, p.stdout[-2000:],
                                                       p.stderr[-2000:]))
    return p


def run_helper(*args):
    run([helper_path()] + [str(a) for a in args])


def workdir():
    return tempfile.mkdtemp(prefix="zsi_ref_coco_")


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f)


def read_json(path):
    with open(path) as f:
        return json.load(f)


def float_bits(x):
    return struct.pack("<d", float(x))


class Tally:
    """Counts comparisons per kind and keeps the first few differences of each."""

    def __init__(self):
        self.counts = {}
        self.errors = []

    def check(self, kind, ok, detail):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if not ok:
            if sum(1 for k, _ in self.errors if k == kind) < 5:
                text = detail()  # long masks and lists are cut: the start locates the case
                self.errors.append((kind, text if len(text) < 400 else text[:400] + "..."))
            else:
                self.errors.append((kind, None))

    def equal(self, kind, ours, ref, where):
        """Exact equality (strings, ints, lists of them)."""
        self.check(kind, ours == ref, lambda: "%s: ours %r, pycocotools %r" % (where, ours, ref))

    def same_double(self, kind, ours, ref, where):
        """Bit identity of one double (so 0.1 + 1ulp fails, and -0.0 differs from 0.0)."""
        self.check(kind, float_bits(ours) == float_bits(ref),
                   lambda: "%s: ours %r, pycocotools %r" % (where, ours, ref))

    def same_array(self, kind, ours, ref, where):
        """Bit identity of float64 arrays of the same shape."""
        ours = np.ascontiguousarray(ours, dtype=np.float64)
        ref = np.ascontiguousarray(ref, dtype=np.float64)

        def detail():
            if ours.shape != ref.shape:
                return "%s: shape ours %s, pycocotools %s" % (where, ours.shape, ref.shape)
            bad = np.argwhere(ours.view(np.uint64) != ref.view(np.uint64))
            i = tuple(bad[0])
            return "%s: %d of %d differ, first at %s: ours %r, pycocotools %r (max abs diff %g)" % (
                where, len(bad), ours.size, i, ours[i], ref[i], np.max(np.abs(ours - ref)))

        ok = ours.shape == ref.shape and np.array_equal(ours.view(np.uint64), ref.view(np.uint64))
        self.check(kind, ok, detail)

    def finish(self, name):
        for kind, n in sorted(self.counts.items()):
            print("%s: %d %s comparisons" % (name, n, kind))
        if not self.counts:
            fail("nothing was compared")
        shown = [(k, d) for k, d in self.errors if d is not None]
        for kind, detail in shown:
            print("DIFF [%s] %s" % (kind, detail))
        if self.errors:
            fail("%d comparisons differ from pycocotools" % len(self.errors))
        print("%s: all identical to pycocotools (bit for bit)" % name)
