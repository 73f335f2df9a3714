"""scipy/numpy baseline of bench/drift/run.ts: per column the statistics Evidently computes with
scipy and numpy (ks_2samp, wasserstein_distance normed by np.std, PSI and Jensen-Shannon over
Sturges bins of the pooled data with evidently's zero filling), timed column by column.

usage: baseline.py REF.f64 CUR.f64 ROWS COLUMNS COLUMNS_TO_RUN
Prints one JSON object on stdout. With COLUMNS_TO_RUN = serve, reads column numbers from stdin,
one per line, and answers each with one JSON line (so the caller can pair the timings).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def feel_zeroes(p):
    nz = p[p != 0]
    fill = nz.min() / 10**6 if nz.min() <= 0.0001 else 0.0001
    return np.where(p == 0, fill, p)


def column_stats(ref, cur):
    out = {}
    ks = stats.ks_2samp(ref, cur)
    out["ks_statistic"] = float(ks.statistic)
    out["ks_pvalue"] = float(ks.pvalue)
    out["wasserstein_norm"] = float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))
    bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    rp = np.histogram(ref, bins)[0] / len(ref)
    cp = np.histogram(cur, bins)[0] / len(cur)
    out["jensenshannon"] = float(distance.jensenshannon(rp, cp))
    rz, cz = feel_zeroes(rp), feel_zeroes(cp)
    out["psi"] = float(np.sum((rz - cz) * np.log(rz / cz)))
    return out


def serve(ref_path, cur_path, rows):
    print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__,
                      "scipy": scipy.__version__, "executable": sys.executable}), flush=True)
    for line in sys.stdin:
        c = int(line)
        ref = np.fromfile(ref_path, dtype="<f8", count=rows, offset=c * rows * 8)
        cur = np.fromfile(cur_path, dtype="<f8", count=rows, offset=c * rows * 8)
        t = time.perf_counter()
        cpu = time.process_time()
        values = column_stats(ref, cur)
        cpu = time.process_time() - cpu
        print(json.dumps({"column": c, "seconds": time.perf_counter() - t, "cpu_seconds": cpu, **values}), flush=True)


def main():
    if sys.argv[5] == "serve":
        serve(sys.argv[1], sys.argv[2], int(sys.argv[3]))
        return
    ref_path, cur_path, rows, columns, run = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    results = []
    for c in range(run):
        ref = np.fromfile(ref_path, dtype="<f8", count=rows, offset=c * rows * 8)
        cur = np.fromfile(cur_path, dtype="<f8", count=rows, offset=c * rows * 8)
        t = time.perf_counter()
        values = column_stats(ref, cur)
        seconds = time.perf_counter() - t
        results.append({"column": c, "seconds": seconds, **values})
    print(json.dumps({
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "executable": sys.executable,
        "columns": results,
    }))


if __name__ == "__main__":
    main()
