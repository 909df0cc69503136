"""Writes the many-SKU scenario of the README's "Many SKUs" table: N backorder SKUs with Poisson demand
(means 0.5-40 units/day), one supplier each (lead time 1-10 days), three policies (base stock and weekly
order-up-to with `auto` levels, and a fixed (s,Q)), 365 days, 10 replications. Seeded: the same N gives
the same file.

usage: python3 benchmarks/scale/make-scenario.py N > /tmp/scale-N.yaml
       .build/release/restock run /tmp/scale-N.yaml --out /tmp/scale-N --quiet
"""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(20261203)
print(f"name: scale-{n}")
print("seed: 7\nhorizonDays: 365\nwarmupDays: 30\nreplications: 10\nreview: {type: periodic, everyDays: 1}")
print("products:")
for i in range(n):
    mean = round(rng.uniform(0.5, 40), 2)
    cost = round(rng.uniform(2, 80), 2)
    print(f"  - sku: SKU{i:05d}")
    print(f"    sellingPrice: {round(cost * rng.uniform(1.3, 2.5), 2)}")
    print(f"    holdingCostPerUnitDay: {round(cost * 0.25 / 365, 5)}")
    print(f"    shortage: {{type: backorder, costPerUnitDay: {round(cost * 0.05, 3)}}}")
    print(f"    initialOnHandUnits: {int(mean * 7)}")
    print(f"    demand: {{type: perDay, unitsPerDay: {{type: poisson, mean: {mean}}}}}")
    print(f"    suppliers: [{{name: main, leadTimeDays: {rng.randint(1, 10)}, unitCost: {cost}}}]")
print("""policies:
  - {name: base-stock, type: baseStock, orderUpToUnits: auto}
  - {name: weekly-order-up-to, type: periodicOrderUpTo, reviewPeriodDays: 7, orderUpToUnits: auto}
  - {name: s-Q, type: sQ, reorderPointUnits: 40, orderQuantityUnits: 60}""")
