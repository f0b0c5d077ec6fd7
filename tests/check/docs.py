#!/usr/bin/env python3
"""Every top-level declaration of a public header (function, typedef, enum)
has a doc comment of its own, /** ... */, just before it, and that of a
function returning trygg_status says which statuses: it names them
(TRYGG_ERR_...) or the function whose statuses they are ("as
trygg_results_write_to()", "the errors of trygg_estimate()").

    docs.py HEADER...

Prints the declarations without one and exits 1, or exits 0."""
import re
import sys
from pathlib import Path

import trygg_header


STATUSES = re.compile(r"\bTRYGG_(OK|ERR_\w+)\b|\b(as|as for|of) trygg_\w+\(\)")


def words(doc):
    """The comment's text without its /** , * and */."""
    lines = doc.removeprefix("/**").removesuffix("*/").splitlines()
    return " ".join(re.sub(r"^\s*\*(?!/)", "", line).strip() for line in lines)


def problem(d):
    if not d.doc:
        return f"{d.kind} {d.name} has no /** ... */ comment before it"
    if (d.kind == "function" and re.match(r"(TRYGG_EXPORT\s+)?trygg_status\b", d.text.strip())
            and not STATUSES.search(words(d.doc))):
        return f"{d.name} returns trygg_status: its comment does not say which"
    return None


def main(*headers):
    missing = [f"{h}:{d.line}: {problem(d)}"
               for h in headers
               for d in trygg_header.declarations(Path(h).read_text())
               if problem(d)]
    for m in missing:
        print(m)
    if not missing:
        print(f"every declaration of {' '.join(headers)} has its doc comment, "
              "every status its statuses")
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
