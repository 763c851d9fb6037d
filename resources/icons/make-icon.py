#!/usr/bin/env python3
"""Draws zsi-studio.png: three overlapping instance "masks" (square, circle, triangle) on a dark
rounded tile. Standard library only, so anyone can regenerate the icon: python3 make-icon.py"""
import struct
import zlib

N = 128


def inside_round_rect(x, y, r=20):
    cx = min(max(x, r), N - 1 - r)
    cy = min(max(y, r), N - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def edge(px, py, qx, qy, rx, ry):
    return (px - rx) * (qy - ry) - (qx - rx) * (py - ry)


def pixel(x, y):
    if not inside_round_rect(x, y):
        return (0, 0, 0, 0)
    c = [38, 44, 58]

    def blend(col, a):
        for i in range(3):
            c[i] = int(c[i] * (1 - a) + col[i] * a)

    if 18 <= x <= 70 and 40 <= y <= 92:
        blend((66, 135, 245), 0.85)  # a seen class: blue square
    if (x - 78) ** 2 + (y - 52) ** 2 <= 30 ** 2:
        blend((245, 166, 35), 0.80)  # an unseen class: amber circle
    d1 = edge(x, y, 40, 112, 96, 112)
    d2 = edge(x, y, 96, 112, 68, 62)
    d3 = edge(x, y, 68, 62, 40, 112)
    if not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0)):
        blend((80, 200, 120), 0.75)
    return (c[0], c[1], c[2], 255)


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


raw = b"".join(b"\x00" + bytes(v for x in range(N) for v in pixel(x, y)) for y in range(N))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
with open("zsi-studio.png", "wb") as f:
    f.write(png)
