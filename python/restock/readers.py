"""Restock's CSV reports as pandas DataFrames with typed columns."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = ["read_summary", "read_replications", "read_comparison"]

_TEXT = "string"


def _folder_file(path: str | os.PathLike, name: str) -> Path:
    path = Path(path)
    return path / name if path.is_dir() else path


def _read(path: Path, text_columns: set[str]) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file (run `restock run` or `restock.run` first)")
    frame = pd.read_csv(path, dtype={c: _TEXT for c in text_columns}, keep_default_na=False, na_values=[""])
    for column in frame.columns:
        if column in text_columns:
            continue
        frame[column] = pd.to_numeric(frame[column], errors="raise") if frame[column].notna().any() else frame[column].astype("float64")
    return frame


def read_summary(path: str | os.PathLike) -> pd.DataFrame:
    """summary.csv (a report folder or the file): one row per policy, SKU and KPI; policy, sku, kpi and
    unit as strings, mean, std_dev and the 95% interval as floats, replications as integers."""
    frame = _read(_folder_file(path, "summary.csv"), {"policy", "sku", "kpi", "unit"})
    if "replications" in frame:
        frame["replications"] = frame["replications"].astype("int64")
    return frame


def read_replications(path: str | os.PathLike) -> pd.DataFrame:
    """replications.csv: one row per policy, replication and SKU, every KPI a float column."""
    frame = _read(_folder_file(path, "replications.csv"), {"policy", "sku"})
    if "replication" in frame:
        frame["replication"] = frame["replication"].astype("int64")
    return frame


def read_comparison(path: str | os.PathLike) -> pd.DataFrame:
    """comparison.csv of `restock sweep`/`compare`/`merge`: variant and replications as integers, the
    varied keys, policy, kpi and unit as strings, mean, std_dev and ci95_half_width as floats. A varied
    key whose values are all numbers becomes a numeric column."""
    path = _folder_file(path, "comparison.csv")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file (run `restock sweep` first)")
    header = list(pd.read_csv(path, nrows=0).columns)
    fixed = {"variant", "policy", "kpi", "unit", "mean", "std_dev", "ci95_half_width", "replications"}
    keys = [c for c in header if c not in fixed]
    frame = _read(path, {"policy", "kpi", "unit", *keys})
    frame["variant"] = frame["variant"].astype("int64")
    frame["replications"] = frame["replications"].astype("int64")
    for key in keys:
        numbers = pd.to_numeric(frame[key], errors="coerce")
        if numbers.notna().all():
            frame[key] = numbers
    return frame
