"""The declarations of a public C header, as the checks of tests/check see
them: each top-level declaration (function, typedef, enum) with its name,
line, whether it carries TRYGG_EXPORT and the comment just before it.

Only what trygg.h is made of is understood: comments, preprocessor lines,
`extern "C"` under `#ifdef __cplusplus`, and declarations that end with ';'
at the top level."""
import re
from dataclasses import dataclass


@dataclass
class Declaration:
    kind: str         # "function", "typedef" or "enum"
    name: str
    line: int         # 1-based line of its first character
    exported: bool    # TRYGG_EXPORT before it
    doc: str | None   # the /** ... */ comment just before it, or None
    text: str         # the declaration, comments blanked


def _blank_out(text, start, end):
    """text with [start, end) replaced by spaces, newlines kept."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _code_and_comments(text):
    """The header with comments and preprocessor lines blanked, and the
    comments as (start, end, text)."""
    comments = [(m.start(), m.end(), m.group(0))
                for m in re.finditer(r"/\*.*?\*/|//[^\n]*", text, re.S)]
    code = text
    for start, end, _ in comments:
        code = _blank_out(code, start, end)
    # C++ only: extern "C" { ... } between #ifdef __cplusplus and #endif
    for m in re.finditer(r"^[ \t]*#[ \t]*ifdef[ \t]+__cplusplus\b.*?^[ \t]*#[ \t]*endif\b[^\n]*",
                         code, re.S | re.M):
        code = _blank_out(code, m.start(), m.end())
    for m in re.finditer(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", code, re.M):
        code = _blank_out(code, m.start(), m.end())
    return code, comments


def _name_of(statement):
    s = statement.strip()
    if s.startswith("typedef"):
        pointer = re.search(r"\(\s*\*\s*(\w+)\s*\)", s)
        if pointer and "{" not in s:
            return "typedef", pointer.group(1)
        return "typedef", re.findall(r"\w+", s)[-1]
    if re.match(r"enum\s*\{", s):
        return "enum", "enum " + re.findall(r"\w+", s[s.index("{"):])[0]
    if "(" in s:
        return "function", re.findall(r"\w+", s[:s.index("(")])[-1]
    raise ValueError("not understood: " + s[:60])


def declarations(text):
    """Every top-level declaration of the header text, in order."""
    code, comments = _code_and_comments(text)
    found, depth, start = [], 0, None
    previous_end = 0
    for i, ch in enumerate(code):
        if start is None and not ch.isspace():
            start = i
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == ";" and depth == 0 and start is not None:
            statement = code[start:i + 1]
            kind, name = _name_of(statement)
            exported = statement.lstrip().startswith("TRYGG_EXPORT")
            before = [c for c in comments if previous_end <= c[0] and c[1] <= start]
            doc = None
            if before and before[-1][2].startswith("/**") \
                    and not before[-1][2].startswith("/**<") \
                    and code[before[-1][1]:start].strip() == "":
                doc = before[-1][2]
            found.append(Declaration(kind, name, text.count("\n", 0, start) + 1,
                                     exported, doc, statement))
            previous_end, start = i + 1, None
    return found
