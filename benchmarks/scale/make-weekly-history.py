"""Writes weekly_N.csv: N synthetic weekly SKUs x 156 weeks (date,sku,units), the history of the README's
"Forecasting many SKUs" figures. Each SKU: Poisson sales around a level (2-200 units a week) with a linear
trend (-0.3% to +0.6% a week) and a 52-week sine season (amplitude 0-50%). Seeded: the same N, the same bytes.

usage: python3 benchmarks/scale/make-weekly-history.py 1000     # needs numpy
       .build/release/restock forecast weekly_1000.csv --model auto --quiet
"""
import datetime
import sys

import numpy as np

n = int(sys.argv[1])
weeks = 156
rng = np.random.default_rng(7)
start = datetime.date(2023, 1, 2)
with open(f"weekly_{n}.csv", "w") as f:
    f.write("date,sku,units\n")
    for s in range(n):
        level = rng.uniform(2, 200); amplitude = rng.uniform(0, 0.5); trend = rng.uniform(-0.003, 0.006); phase = rng.uniform(0, 6.3)
        for w in range(weeks):
            mean = level * (1 + trend * w) * (1 + amplitude * np.sin(2 * np.pi * w / 52 + phase))
            units = rng.poisson(max(mean, 0.1))
            f.write(f"{start + datetime.timedelta(weeks=w)},SKU{s:05d},{units}\n")
