#!/usr/bin/env python3
"""Checks zsi-studio's screenshot of its empty main window by the pixels of known regions.

The PNG is decoded here with the standard library (zlib) so the check depends on nothing the
studio itself uses. Usage: check_screenshot.py SHOT.png
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit(f"{path}: unexpected PNG layout {hdr}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])


def main():
    w, h, px = read_png(sys.argv[1])
    problems = []
    # The default window size (MainWindow's first-run geometry), so the regions below are known.
    if (w, h) != (1440, 900):
        sys.exit(f"screenshot is {w}x{h}, expected 1440x900")
    # Regions of the studio's dark palette (StudioStyle): window/menu bar, the image list and
    # the classes table, the empty canvas. A grab before the window is laid out and painted, or
    # without the style, gives other colours.
    expected = {
        "menu bar": ((1200, 3), (45, 47, 51)),
        "status bar": ((720, 880), (45, 47, 51)),
        "image list": ((100, 400), (32, 34, 37)),
        "classes table": ((1250, 400), (32, 34, 37)),
        "canvas, above its hint": ((720, 150), (24, 25, 27)),
        "canvas, below its hint": ((900, 500), (24, 25, 27)),
    }
    for name, ((x, y), want) in expected.items():
        got = px(x, y)
        # A few levels of slack: colours are the style's, but a platform may round blending.
        if any(abs(g - e) > 6 for g, e in zip(got, want)):
            problems.append(f"{name} at ({x}, {y}): {got}, expected {want}")
    # The empty canvas shows its hint, light text on the dark canvas, across its middle.
    bright = sum(1 for y in range(310, 355) for x in range(360, 1000) if min(px(x, y)) > 200)
    if bright < 200:
        problems.append(f"the empty canvas's hint is missing ({bright} light pixels in its band)")
    if problems:
        sys.exit("screenshot: " + "; ".join(problems))
    print(f"screenshot {w}x{h}: known regions OK, hint {bright} light pixels")


if __name__ == "__main__":
    main()
