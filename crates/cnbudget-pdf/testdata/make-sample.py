#!/usr/bin/env python3
"""Writes sample.pdf: a one-page ruled table made for cnbudget-pdf's examples and tests.

The table reproduces five rows of a real 2023 一般公共预算支出表 (21015 医疗保障管理事务 and its
项 rows, 万元). Text uses a non-embedded CID font (STSong-Light, Adobe-GB1) with the predefined
UniGB-UCS2-H encoding and no ToUnicode map, as many Chinese PDFs do; the ruling lines are
stroked, except the header's bottom line, which is a thin filled rectangle.

    python3 make-sample.py   # rewrites sample.pdf beside this script
"""
import os

def ucs2(s):
    return "<" + s.encode("utf-16-be").hex().upper() + ">"

W, H = 595.0, 842.0
left, top = 60.0, 140.0
cols = [left, 160.0, 330.0, 450.0]          # 科目编码 | 科目名称 | 预算数
rows = [top, top + 22, top + 44]            # two header rows
body = ["21015|医疗保障管理事务|1,146.81", "2101501|行政运行|665.54",
        "2101504|信息化建设|20.00", "2101505|医疗保障政策管理|144.00",
        "2101506|医疗保障经办事务|317.27", "|合计|1,146.81"]
for _ in body:
    rows.append(rows[-1] + 20)

ops = []
def text(x, y_top, s, size=10.5):
    # y_top: the cell's top in y-down page coordinates; baseline a little below the middle.
    ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {H - y_top - 14:.2f} Tm {ucs2(s)} Tj ET")

text(210, 80, "一般公共预算支出表", 16)
text(380, 112, "单位：万元")
# Header: 功能分类科目 spans the two code columns; 预算数 spans the two header rows.
text(cols[0] + 70, rows[0], "功能分类科目")
text(cols[0] + 8, rows[1], "科目编码")
text(cols[1] + 8, rows[1], "科目名称")
text(cols[2] + 30, rows[0] + 11, "预算数")
for i, line in enumerate(body):
    code, name, amount = line.split("|")
    y = rows[2 + i]
    if code:
        text(cols[0] + 8, y - 2, code)
    text(cols[1] + 8, y - 2, name)
    text(cols[3] - 8 - 5.25 * len(amount), y - 2, amount)

g = ["0.5 w 0 0 0 RG"]
def hline(y, x0, x1):
    g.append(f"{x0:.2f} {H - y:.2f} m {x1:.2f} {H - y:.2f} l S")
def vline(x, y0, y1):
    g.append(f"{x:.2f} {H - y0:.2f} m {x:.2f} {H - y1:.2f} l S")
hline(rows[0], cols[0], cols[-1])
hline(rows[1], cols[0], cols[2])            # under 功能分类科目 only
g.append(f"0 0 0 rg {cols[0]:.2f} {H - rows[2] - 0.25:.2f} {cols[-1] - cols[0]:.2f} 0.5 re f")
for y in rows[3:]:
    hline(y, cols[0], cols[-1])
vline(cols[0], rows[0], rows[-1])
vline(cols[1], rows[1], rows[-1])           # not through 功能分类科目
vline(cols[2], rows[0], rows[-1])
vline(cols[3], rows[0], rows[-1])

content = ("\n".join(ops + g) + "\n").encode("latin-1")
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {W:.0f} {H:.0f}] /Contents 4 0 R "
    f"/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [6 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
    b"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
]
out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.pdf"), "wb") as f:
    f.write(out)
