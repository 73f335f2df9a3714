"""Seeded samples for the oracle cases that the generator makes itself.

A case in scripts/oracle/cases.json with "source": "seeded" gives a seed and a description of
each side; this module turns that description into the list of values written to the oracle.
Every draw comes from one numpy.random.default_rng(seed) per case, reference first, so a case
is reproduced exactly by its seed and description (docs/statistics.md §11).

A side is one of
  ["normal", loc, scale, n]          numpy normal draws
  ["uniform", low, high, n]          numpy uniform draws
  ["integers", low, high, n]         integers in [low, high) as floats
  ["constant", value, n]             n copies of value
  ["categories", [names], [probabilities], n]
  "same"                             the current side is the reference list itself
  "permuted"                         the reference values in a seeded random order
and a side's options (under "ref_options" / "cur_options") are
  digits    significant digits to round numerical draws to (default 8, as the imported cases)
  scale     multiply numerical draws by this before rounding
  missing   {"nan": k, "inf": k, "-inf": k} non-finite values put at seeded positions
  nulls     number of missing categorical values (JSON null) put at seeded positions
"""

import math

import numpy as np

DEFAULT_DIGITS = 8


def round_significant(x, digits):
    """Nearest double to x written with `digits` significant decimal digits."""
    return float(f"{x:.{digits}g}")


def _draw(rng, spec):
    kind = spec[0]
    if kind == "normal":
        _, loc, scale, n = spec
        return rng.normal(loc, scale, n).tolist()
    if kind == "uniform":
        _, low, high, n = spec
        return rng.uniform(low, high, n).tolist()
    if kind == "integers":
        _, low, high, n = spec
        return [float(v) for v in rng.integers(low, high, n)]
    if kind == "constant":
        _, value, n = spec
        return [float(value)] * n
    if kind == "categories":
        _, names, probabilities, n = spec
        return [str(v) for v in rng.choice(names, size=n, p=probabilities)]
    raise ValueError(f"unknown sample kind {kind!r} in {spec!r}")


def _finish(rng, values, options, categorical):
    if not categorical:
        scale = options.get("scale", 1.0)
        digits = options.get("digits", DEFAULT_DIGITS)
        values = [round_significant(v * scale, digits) for v in values]
    missing = options.get("missing", {})
    inserts = [math.nan] * missing.get("nan", 0)
    inserts += [math.inf] * missing.get("inf", 0)
    inserts += [-math.inf] * missing.get("-inf", 0)
    inserts += [None] * options.get("nulls", 0)
    for value in inserts:
        position = int(rng.integers(0, len(values) + 1))
        values.insert(position, value)
    return values


def seeded_sides(case):
    """The reference and current lists of a seeded case description."""
    rng = np.random.default_rng(case["seed"])
    categorical = case["type"] == "categorical"
    ref = _finish(rng, _draw(rng, case["ref"]), case.get("ref_options", {}), categorical)
    if case["cur"] == "same":
        cur = list(ref)
    elif case["cur"] == "permuted":
        cur = [ref[i] for i in rng.permutation(len(ref))]
    else:
        cur = _finish(rng, _draw(rng, case["cur"]), case.get("cur_options", {}), categorical)
    return ref, cur
