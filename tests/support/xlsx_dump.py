# Dumps a workbook as the tests read it (tests/support/xlsx_read.c), with
# openpyxl (Debian's python3-openpyxl): one line per cell that has a value,
#   C <sheet> <cell> <n|s> <value> <number format>
# numbers as repr() gives them (they read back exactly), texts escaped;
# and the sheet's settings:
#   S <sheet>  F <sheet> <freeze panes>  A <sheet> <autofilter>
#   M <sheet> <merged range>  W <sheet> <column letter> <width>
import sys

import openpyxl


def esc(s):
    return str(s).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main(path):
    wb = openpyxl.load_workbook(path)
    out = sys.stdout
    for ws in wb.worksheets:
        name = esc(ws.title)
        out.write("S\t%s\n" % name)
        out.write("F\t%s\t%s\n" % (name, ws.freeze_panes or ""))
        out.write("A\t%s\t%s\n" % (name, ws.auto_filter.ref or ""))
        for m in ws.merged_cells.ranges:
            out.write("M\t%s\t%s\n" % (name, m.coord))
        for letter, dim in ws.column_dimensions.items():
            if dim.width:
                out.write("W\t%s\t%s\t%s\n" % (name, letter, dim.width))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                kind = "s" if isinstance(c.value, str) else "n"
                value = repr(float(c.value)) if kind == "n" else esc(c.value)
                out.write("C\t%s\t%s\t%s\t%s\t%s\n" % (name, c.coordinate, kind, value,
                                                     esc(c.number_format)))


if __name__ == "__main__":
    main(sys.argv[1])
