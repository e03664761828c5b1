"""Test-wide setup: Prefect gets a temporary home, and tests never read the user's config.

The Prefect test harness (an ephemeral API server, ~16 s to start here) is session-scoped and
only started by the tests that run a flow (the ``prefect_harness`` fixture).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="news-etl-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("PREFECT_PROFILE", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = REPO / "data" / "sample"
#: headless Chromium, for the tests that open a page in a real browser (``chromium`` fixture)
CHROMIUM = Path("/usr/bin/chromium")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repo; tests that need it skip with a message when it is absent."""
    if not (SHARED / "seed").is_dir():
        pytest.skip(f"../shared is not beside the repo (looked for {SHARED}): reference data test skipped")
    return SHARED


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium not installed: apt-get install chromium")
    return CHROMIUM
