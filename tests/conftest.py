"""Shared test set-up: Indonesian by default after every test, figures drawn off-screen."""

import matplotlib
import pytest

matplotlib.use("Agg")

import toolkit  # noqa: E402


@pytest.fixture(autouse=True)
def _indonesian_after_each_test():
    toolkit.set_language("id")
    yield
    toolkit.set_language("id")


@pytest.fixture
def english():
    """Run a test's body in English; back to Indonesian afterwards."""
    toolkit.set_language("en")
    yield
    toolkit.set_language("id")
