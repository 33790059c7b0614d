#!/usr/bin/env python3
"""One-off generator of compat-ideographs.csv (run from crates/cnbudget-text:
python3 data/unicode/make-compat-csv.py > data/unicode/compat-ideographs.csv).

Source: Python's unicodedata (NFKC), which carries Unicode's decomposition data, plus a short
hand-checked list of CJK radicals-supplement forms that PDF text extraction emits for whole
characters (Unicode gives them no decomposition). The CSV is the committed source of truth; the
Rust table src/tables/compat.rs is generated from it by the codegen test."""
import sys
import unicodedata

# Radicals-supplement forms used by fonts for whole characters; no Unicode decomposition.
MANUAL = {
    0x2EA0: "民", 0x2EC4: "西", 0x2EC5: "见", 0x2EC6: "角", 0x2EC9: "贝", 0x2ECB: "车",
    0x2ED1: "長", 0x2ED3: "长", 0x2ED4: "门", 0x2ED8: "青", 0x2EDA: "页", 0x2EDB: "风",
    0x2EDC: "飞", 0x2EDD: "食", 0x2EE2: "马", 0x2EE3: "骨", 0x2EE4: "鬼", 0x2EE5: "鱼",
    0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEC: "齐", 0x2EEE: "齿",
    0x2EF0: "龙", 0x2EF1: "龜",
}

RANGES = [(0x2E80, 0x2EF4), (0x2F00, 0x2FD6), (0xF900, 0xFB00), (0x2F800, 0x2FA20)]

out = sys.stdout
out.write("# Kangxi radicals (U+2F00-2FD5), CJK radicals supplement (U+2E80-2EF3) and CJK compatibility\n")
out.write("# ideographs (U+F900-FAFF, U+2F800-2FA1F) -> the unified ideograph they stand for.\n")
out.write("# Made once by data/unicode/make-compat-csv.py (Python unicodedata %s NFKC, plus a\n" % unicodedata.unidata_version)
out.write("# hand-checked list marked 'manual' for radicals-supplement forms without a decomposition).\n")
out.write("from,to,from_char,to_char,source,name\n")
for lo, hi in RANGES:
    for cp in range(lo, hi):
        c = chr(cp)
        if unicodedata.category(c) == "Cn":
            continue
        n = unicodedata.normalize("NFKC", c)
        src = "nfkc"
        if cp in MANUAL:
            n, src = MANUAL[cp], "manual"
        if n != c and len(n) == 1 and ord(n) >= 0x3400:
            out.write("%04X,%04X,%s,%s,%s,%s\n" % (cp, ord(n), c, n, src, unicodedata.name(c, "")))
