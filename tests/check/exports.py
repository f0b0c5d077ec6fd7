#!/usr/bin/env python3
"""The shared library exports trygg.h's functions and nothing else, the
programs and libraries of the tree built on it call no other function of it,
and the library leaves GSL's error handler to the program (trygg.h, "GSL").

    exports.py NM HEADER SHARED STATIC [USER_OBJECT...]

NM is nm; HEADER lib/trygg.h; SHARED libtrygg.so; STATIC libtrygg.a (every
function of the library, the hidden ones too); USER_OBJECTs the object files
of the CLI and the publication layer, which must use the public API only
(an argument may hold several, ';'-separated, as CMake's lists come).
Prints what is wrong and exits 1, or exits 0."""
import subprocess
import sys
from pathlib import Path

import trygg_header

# defined by the linker in every shared object, not by trygg
LINKER_SYMBOLS = {"__bss_start", "_edata", "_end", "_init", "_fini"}
# the program's to call, once, where it starts: never the library's
PROGRAM_ONLY = {"gsl_set_error_handler", "gsl_set_error_handler_off"}


def symbols(nm, *args):
    out = subprocess.run([nm, *args], check=True, capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines()
            if len(line.split()) >= 2 and not line.endswith(":")}


def main(nm, header, shared, static, *users):
    problems = []
    declared = [d for d in trygg_header.declarations(Path(header).read_text())
                if d.kind == "function"]
    for d in declared:
        if not d.exported:
            problems.append(f"{header}:{d.line}: {d.name} is not marked TRYGG_EXPORT")
    public = {d.name for d in declared}
    exported = symbols(nm, "-D", "--defined-only", shared) - LINKER_SYMBOLS
    for name in sorted(exported - public):
        problems.append(f"{shared}: exports {name}, which {header} does not declare")
    for name in sorted(public - exported):
        problems.append(f"{shared}: does not export {name} ({header} declares it)")
    library = symbols(nm, "--defined-only", "--extern-only", static)
    for name in sorted(symbols(nm, "--undefined-only", static) & PROGRAM_ONLY):
        problems.append(f"{static}: calls {name}, which only a program may (trygg.h, \"GSL\")")
    for user in (u for arg in users for u in arg.split(";") if u):
        for name in sorted((symbols(nm, "--undefined-only", user) & library) - public):
            problems.append(f"{user}: calls {name}, which is internal to libtrygg")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(exported)} functions exported, each declared in {header}; "
              "the CLI and the publication layer call only those")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
