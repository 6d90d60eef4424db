"""Fixtures of the class-hub tests (root only): a throwaway world of accounts and folders."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import hub_helpers  # noqa: E402


@pytest.fixture
def world():
    """Temporary state, exchange and homes; every account made in them removed afterwards."""
    hub_helpers.require_root()
    made = hub_helpers.make_world()
    try:
        yield made
    finally:
        hub_helpers.remove_world(made)
