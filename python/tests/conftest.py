"""Shared paths: the repository's scenarios and reference fixtures (tests read nothing outside it)."""
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def repository() -> Path:
    return REPOSITORY


@pytest.fixture
def scenarios() -> Path:
    return REPOSITORY / "scenarios"
