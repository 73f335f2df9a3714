#!/usr/bin/python3
"""Regenerate (or check) tests/fixtures/drift/drift-oracle.json, the scipy reference values of
every drift statistic (docs/statistics.md section 11).

    /usr/bin/python3 scripts/oracle/drift_oracle.py           # rewrite the oracle
    /usr/bin/python3 scripts/oracle/drift_oracle.py --check   # recompute, compare, exit 1 on a difference
    npm run oracle [-- --check]                                # the same through npm

The case list is scripts/oracle/cases.json. 'fixture' cases keep the inputs already stored in
the oracle (seeded numpy draws rounded to 8 significant digits, brought in as data); 'seeded'
cases are drawn here from their seed (scripts/oracle/samples.py). Every expected value is
recomputed from the inputs (scripts/oracle/expected.py). The versions must be Debian's
python3-scipy (numpy 1.24.2, scipy 1.10.1): later scipy releases changed anderson_ksamp and the
KS 'auto' rules, so other versions are refused rather than silently recorded.
"""

import argparse
import json
import math
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ORACLE = ROOT / "tests" / "fixtures" / "drift" / "drift-oracle.json"
MANIFEST = HERE / "cases.json"
GENERATOR = "scripts/oracle/drift_oracle.py"
NOTES = (
    "docs/statistics.md section 11 describes every field. Non-finite numbers (outputs, and "
    "missing values among numerical inputs) are the strings 'nan', 'inf', '-inf'; a missing "
    "categorical input is null."
)
# --check accepts a recomputed number that equals the stored one or is within this relative distance.
CHECK_RELATIVE = 1e-12


def running_versions():
    import numpy
    import scipy

    return {"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__}


def require_versions(required):
    found = running_versions()
    wrong = [
        f"{name} {found[name]} (needs {want})"
        for name, want in required.items()
        if not (found[name] == want or found[name].startswith(want + "."))
    ]
    if wrong:
        sys.exit(
            "drift_oracle.py: wrong versions: "
            + ", ".join(wrong)
            + f" in {sys.executable}.\nRun it with Debian's /usr/bin/python3 "
            "(sudo apt-get install -y python3-scipy)."
        )
    return found


def encode(value):
    """JSON-safe: non-finite floats become 'nan' / 'inf' / '-inf'."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode_input(value):
    if value == "nan":
        return math.nan
    if value == "inf":
        return math.inf
    if value == "-inf":
        return -math.inf
    return value


def build(manifest, stored):
    from expected import expected_for
    from samples import seeded_sides

    stored_cases = {c["id"]: c for c in (stored or {}).get("cases", [])}
    cases = []
    for entry in manifest["cases"]:
        if entry["source"] == "fixture":
            if entry["id"] not in stored_cases:
                sys.exit(f"drift_oracle.py: fixture case {entry['id']} is not in {ORACLE}")
            old = stored_cases[entry["id"]]
            ref = [decode_input(v) for v in old["reference"]]
            cur = [decode_input(v) for v in old["current"]]
        else:
            ref, cur = seeded_sides(entry)
        cases.append(
            {
                "id": entry["id"],
                "type": entry["type"],
                "kind": entry["kind"],
                "note": entry["note"],
                "n_ref": len(ref),
                "n_cur": len(cur),
                "reference": ref,
                "current": cur,
                "expected": expected_for(entry["type"], ref, cur),
            }
        )
        print(f"  {entry['id']}", file=sys.stderr)
    return {
        "generator": GENERATOR,
        "versions": running_versions(),
        "eps_q10": 1e-4,
        "notes": NOTES,
        "cases": cases,
    }


def serialize(oracle):
    return json.dumps(encode(oracle), separators=(",", ":"), allow_nan=False)


def leaves(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, f"{path}[{i}]")
    else:
        yield path, value


def compare(new, old):
    """Leaf-by-leaf comparison: returns (exact, near, differences)."""
    a = dict(leaves(new))
    b = dict(leaves(old))
    exact, near, diffs = 0, [], []
    for path in sorted(set(a) | set(b)):
        if path not in a or path not in b:
            diffs.append(f"{path}: only in the {'recomputed' if path in a else 'committed'} oracle")
            continue
        x, y = a[path], b[path]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y))
        if x == y and type(x) is type(y):
            exact += 1
        elif numbers and abs(x - y) <= CHECK_RELATIVE * abs(y):
            near.append(f"{path}: {x!r} vs {y!r}")
        else:
            diffs.append(f"{path}: recomputed {x!r}, committed {y!r}")
    return exact, near, diffs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="recompute and compare; write nothing")
    args = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text())
    require_versions(manifest["requires"])
    sys.path.insert(0, str(HERE))
    stored = json.loads(ORACLE.read_text()) if ORACLE.exists() else None
    fresh = json.loads(serialize(build(manifest, stored)))
    if not args.check:
        ORACLE.write_text(serialize(fresh))
        print(f"wrote {ORACLE.relative_to(ROOT)}: {len(fresh['cases'])} cases, {fresh['versions']}")
        return 0
    if stored is None:
        sys.exit(f"drift_oracle.py --check: {ORACLE} does not exist")
    exact, near, diffs = compare(fresh, stored)
    print(f"{exact} values identical, {len(near)} within {CHECK_RELATIVE:g} relative, {len(diffs)} different")
    for line in near:
        print(f"  within {CHECK_RELATIVE:g}: {line}")
    for line in diffs[:50]:
        print(f"  DIFFERENT: {line}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
