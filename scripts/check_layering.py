#!/usr/bin/env python3
"""Fails if a file under src/<module>/ includes a project header of a module it may not use
(STYLE.md section 3, as amended in docs/decisions.md), or a third-party header reserved to
another module."""
import pathlib, re, sys

ALLOWED = {  # module -> project modules it may include (besides itself)
    "base": set(),
    "net": {"base"},
    "arm": {"base", "net"},
    "model": {"base", "net", "arm"},
    "store": {"base", "net", "arm"},
    "compile": {"base", "net", "arm", "model"},
    "lookup": {"base", "net"},
    "control": {"base", "net", "arm", "model", "store"},
    "eval": {"base", "net", "compile", "lookup"},
    "dns": {"base", "net", "compile"},
    "api": {"base", "net", "arm", "model", "store", "control", "compile", "lookup", "eval", "dns"},
    "cli": {"base", "net", "arm"},
    "app": {"base", "net", "arm", "model", "store", "control", "compile", "lookup", "eval", "dns",
            "api", "cli"},
}
THIRD_PARTY = {  # header -> modules that may include it
    "sqlite3.h": {"store"},
    "httplib.h": {"api", "cli"},
    "ldns/ldns.h": {"dns"},
}
INCLUDE = re.compile(r'#include\s+[<"]([^">]+)[">]')

def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent / "src"
    bad = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        module = path.relative_to(root).parts[0]
        allowed = ALLOWED.get(module)
        if allowed is None:
            bad.append(f"{path}: module '{module}' is not in the layering table")
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.search(line)
            if not m:
                continue
            inc = m.group(1)
            first = inc.split("/")[0]
            if first in ALLOWED and first != module and first not in allowed:
                bad.append(f"{path}:{n}: {module} may not include {inc}")
            owners = THIRD_PARTY.get(inc)
            if owners is not None and module not in owners:
                bad.append(f"{path}:{n}: only {sorted(owners)} may include {inc}")
    for b in bad:
        print(b)
    print(f"layering: {len(bad)} violation(s)")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
