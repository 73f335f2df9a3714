"""Expected values of one oracle case, computed with numpy and scipy.

Each block follows the section of docs/statistics.md named beside it; the keys are the dotted
paths that src/lib/drift/testing/oracle-checks.ts reads. scipy is called directly wherever it
has the statistic (KS, Wasserstein, energy distance, Anderson-Darling, Cramer-von Mises,
chi-square, Jensen-Shannon, entropy); the binnings and Evidently's formulas are written out here
with numpy, because Evidently is not a dependency.
"""

import math
import warnings

import numpy as np
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

EPS_Q10 = 1e-4
QUANTILE_BINS = 10
# scipy 1.10 ks_2samp: 'auto' is exact up to this sample size (MAX_AUTO_N).
KS_AUTO_EXACT_MAX = 10000
# scipy 1.10 cramervonmises_2samp: 'auto' is exact up to this sample size.
CVM_AUTO_EXACT_MAX = 20


def _error(exc):
    return {"error": f"{type(exc).__name__}: {exc}"}


def _with_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    return result, [str(w.message) for w in caught]


# §2 Kolmogorov-Smirnov
def ks_block(ref, cur, method):
    r, messages = _with_warnings(lambda: stats.ks_2samp(ref, cur, method=method))
    fallback = any("Exact calculation unsuccessful" in m for m in messages)
    if method == "asymp" or fallback:
        used = "asymp"
    elif method == "exact":
        used = "exact"
    else:
        used = "exact" if max(len(ref), len(cur)) <= KS_AUTO_EXACT_MAX else "asymp"
    return {
        "statistic": float(r.statistic),
        "pvalue": float(r.pvalue),
        "method_used": used,
        "fallback_warning": fallback,
        "statistic_location": float(r.statistic_location),
        "statistic_sign": int(r.statistic_sign),
    }


def ks_expected(ref, cur):
    out = {m: ks_block(ref, cur, m) for m in ("auto", "exact", "asymp")}
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    raw = out["asymp"]["statistic"]
    out["kolmogorov_limit_pvalue"] = float(special.kolmogorov(math.sqrt(en) * raw))
    return out


# §4 reference-quantile bins and the four binned statistics over them
def proportions(counts, n):
    return np.asarray(counts, dtype=np.float64) / n


def epsilon_fill(p, eps=EPS_Q10):
    return np.where(p == 0, eps, p)


def psi(p, q):
    return float(np.sum((p - q) * np.log(p / q)))


def kl(p, q):
    return float(np.sum(p * np.log(p / q)))


def hellinger(p, q):
    """H^2 = 1 - BC when BC < 1/2, else 1/2 sum (sqrt p - sqrt q)^2 (docs/statistics.md section 5):
    the form without cancellation on each side, so 0 for equal vectors and 1 for disjoint ones."""
    bc = float(np.sum(np.sqrt(p * q)))
    squares = 0.5 * float(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))
    return math.sqrt(1 - bc if bc < 0.5 else squares)


def binned_family(p, q):
    pe, qe = epsilon_fill(p), epsilon_fill(q)
    return {
        "psi": psi(qe, pe),
        "kl": kl(pe, qe),
        "js": float(jensenshannon(p, q, base=2)),
        "hellinger": hellinger(p, q),
        "ref_props": p.tolist(),
        "cur_props": q.tolist(),
    }


def q10_expected(ref, cur):
    # k/10 as the double k/10, one numpy quantile per level (docs/statistics.md §4).
    edges = [np.quantile(ref, k / QUANTILE_BINS) for k in range(1, QUANTILE_BINS)]
    inner = np.unique(np.asarray(edges, dtype=np.float64))
    bins = len(inner) + 1
    rc = np.bincount(np.searchsorted(inner, ref, side="left"), minlength=bins)
    cc = np.bincount(np.searchsorted(inner, cur, side="left"), minlength=bins)
    out = binned_family(proportions(rc, len(ref)), proportions(cc, len(cur)))
    out.update(
        inner_edges=inner.tolist(), ref_counts=[int(c) for c in rc], cur_counts=[int(c) for c in cc]
    )
    return out


# §5 Evidently-compatible bins
def feel_zeroes(p):
    nonzero = p[p != 0]
    smallest = nonzero.min()
    fill = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return np.where(p == 0, fill, p)


def value_counts(ref, cur):
    keys = np.union1d(ref, cur)
    rc = np.array([np.count_nonzero(ref == k) for k in keys])
    cc = np.array([np.count_nonzero(cur == k) for k in keys])
    return keys, rc, cc


def evidently_bins(ref, cur):
    if len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rc = np.histogram(ref, edges)[0]
        cc = np.histogram(cur, edges)[0]
        return "sturges", edges, proportions(rc, len(ref)), proportions(cc, len(cur))
    _, rc, cc = value_counts(ref, cur)
    return "values", None, proportions(rc, len(ref)), proportions(cc, len(cur))


def evidently_numerical_hellinger_bins(ref, cur):
    """Proportions over Sturges bins of the distinct pooled values (Evidently's Hellinger bins)."""
    keys = np.union1d(ref, cur)
    edges = np.histogram_bin_edges(keys, bins="sturges")
    rc = np.histogram(ref, edges)[0]
    cc = np.histogram(cur, edges)[0]
    return edges, proportions(rc, len(ref)), proportions(cc, len(cur))


def evidently_literal_hellinger(p_density_times_width):
    """Evidently's own arithmetic, sqrt(1 - clip(BC)), kept only as a cross-check."""
    bc = float(np.clip(p_density_times_width, 0, 1))
    return math.sqrt(1 - bc)


def evidently_family(p, q):
    return {
        "psi": psi(feel_zeroes(p), feel_zeroes(q)),
        "kl": float(stats.entropy(feel_zeroes(p), feel_zeroes(q))),
        "js": float(jensenshannon(p, q)),
    }


def evidently_numerical(ref, cur, wasserstein_norm):
    binning, edges, p, q = evidently_bins(ref, cur)
    out = {"binning": binning}
    if edges is not None:
        out["sturges_edges"] = edges.tolist()
    out.update(evidently_family(p, q))
    hedges, hp, hq = evidently_numerical_hellinger_bins(ref, cur)
    out["hellinger"] = hellinger(hp, hq)
    # Evidently multiplies densities count/(n*width_i) by the nominal width (span/nbins); in exact
    # arithmetic that is count/n, so the two must agree up to rounding (docs/statistics.md §5).
    widths = np.diff(hedges)
    nominal = (hedges[-1] - hedges[0]) / (len(hedges) - 1)
    bc = sum(
        math.sqrt((a / w) * (b / w)) * nominal for a, b, w in zip(hp.tolist(), hq.tolist(), widths)
    )
    assert abs(evidently_literal_hellinger(bc) - out["hellinger"]) < 1e-7, "Hellinger forms disagree"
    out["wasserstein_norm"] = wasserstein_norm
    return out


# §6 Anderson-Darling, §7 Cramer-von Mises
def anderson_expected(ref, cur):
    try:
        r, messages = _with_warnings(lambda: stats.anderson_ksamp([ref, cur]))
    except (ValueError, IndexError, ZeroDivisionError) as exc:
        return _error(exc)
    return {
        "statistic": float(r.statistic),
        "significance_level": float(r.pvalue),
        "critical_values": [float(c) for c in r.critical_values],
        "capped": any("capped" in m for m in messages),
        "floored": any("floored" in m for m in messages),
    }


def cvm_expected(ref, cur):
    largest = max(len(ref), len(cur))
    out = {}
    for key in ("auto", "asymptotic", "exact"):
        # The exact distribution is only computed where 'auto' would use it (it grows as C(N, n1)).
        if key == "exact" and largest > CVM_AUTO_EXACT_MAX:
            continue
        used = key if key != "auto" else ("exact" if largest <= CVM_AUTO_EXACT_MAX else "asymptotic")
        try:
            r, _ = _with_warnings(lambda: stats.cramervonmises_2samp(ref, cur, method=key))
        except ValueError as exc:
            out[key] = _error(exc)
            continue
        out[key] = {"statistic": float(r.statistic), "pvalue": float(r.pvalue), "method_used": used}
    return out


def numerical_expected(ref, cur):
    # Row order is kept: numpy's pairwise sums (np.std) round differently on a sorted copy.
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    w = float(stats.wasserstein_distance(ref, cur))
    std = float(np.std(ref))
    w_norm = w / max(std, 0.001)
    return {
        "ks": ks_expected(ref, cur),
        "wasserstein": w,
        "wasserstein_norm": w_norm,
        "ref_std_ddof0": std,
        "q10": q10_expected(ref, cur),
        "anderson": anderson_expected(ref, cur),
        "cvm": cvm_expected(ref, cur),
        "energy_distance": float(stats.energy_distance(ref, cur)),
        "evidently": evidently_numerical(ref, cur, w_norm),
    }


# §9 categorical tests
def chi2_block(rc, cc, correction):
    r = stats.chi2_contingency(np.array([rc, cc]), correction=correction)
    return {"statistic": float(r[0]), "pvalue": float(r[1]), "dof": int(r[2])}


def goodness_of_fit(rc, cc):
    n1, n2 = sum(rc), sum(cc)
    # Evidently scales by k_norm = n2/n1 (chisquare_stattest.py); the order of the operations
    # decides the last bits.
    expected = np.asarray(rc, dtype=np.float64) * (n2 / n1)
    r, _ = _with_warnings(lambda: stats.chisquare(np.asarray(cc, dtype=np.float64), expected))
    return {"statistic": float(r.statistic), "pvalue": float(r.pvalue)}


def z_test(rc, cc):
    if len(rc) == 1:
        return {"z": None, "pvalue": 1.0, "pvalue_evidently": 1.0, "note": "single category -> p=1"}
    n1, n2 = sum(rc), sum(cc)
    x1, x2 = rc[1], cc[1]
    pooled = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return {
        "z": z,
        "pvalue": float(2 * stats.norm.sf(abs(z))),
        "pvalue_evidently": float(2 * (1 - stats.norm.cdf(abs(z)))),
    }


def categorical_expected(ref, cur):
    categories = sorted(set(ref) | set(cur))
    rc = [ref.count(c) for c in categories]
    cc = [cur.count(c) for c in categories]
    p, q = proportions(rc, len(ref)), proportions(cc, len(cur))
    out = {
        "categories": categories,
        "ref_counts": rc,
        "cur_counts": cc,
        "chi2_contingency": chi2_block(rc, cc, True),
        "chi2_contingency_nocorr": chi2_block(rc, cc, False),
        "evidently_chisquare_gof": goodness_of_fit(rc, cc),
    }
    if len(categories) <= 2:
        out["ztest"] = z_test(rc, cc)
    out["cat"] = binned_family(p, q)
    family = evidently_family(p, q)
    bc = sum(math.sqrt(a * b) for a, b in zip(p.tolist(), q.tolist()))
    h = hellinger(p, q)
    assert abs(evidently_literal_hellinger(bc) - h) < 1e-7, "Hellinger forms disagree"
    out["evidently"] = {"binning": "values", **family, "hellinger": h}
    return out


def expected_for(case_type, reference, current):
    """Missing values dropped per side (docs/statistics.md §10), then every statistic."""
    if case_type == "numerical":
        ref = [v for v in reference if v is not None and math.isfinite(v)]
        cur = [v for v in current if v is not None and math.isfinite(v)]
        return numerical_expected(ref, cur)
    return categorical_expected(
        [v for v in reference if v is not None], [v for v in current if v is not None]
    )
