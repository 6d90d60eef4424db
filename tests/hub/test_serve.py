"""``kelas-ekspor hub serve``'s preparations: private state, the exchange, paths the accounts reach."""

from __future__ import annotations

import os
import stat

import pytest

from grading.errors import GradingError
from grading.hub import REPO, HubPaths
from grading.hub.serve import find_proxy, prepare_environment, unreachable_for_users


def test_the_state_and_the_exchange_must_live_outside_the_repository(tmp_path):
    with pytest.raises(GradingError) as caught:
        HubPaths.make(REPO / "hub-state", tmp_path / "exchange")
    assert "repositori" in caught.value.messages["id"]
    assert "repository" in caught.value.messages["en"]


def test_the_state_is_private_and_the_exchange_open_as_nbgrader_expects(tmp_path):
    try:
        find_proxy()
    except GradingError:
        pytest.fail("configurable-http-proxy is missing: `make test` installs it into build/chp")
    paths = HubPaths.make(tmp_path / "state", tmp_path / "exchange")
    env = prepare_environment(paths, ip="127.0.0.1", port=8123, memory="1G", cpus=0.5,
                              processes=64, idle_minutes=0, base={"PATH": "/usr/bin"})
    assert stat.S_IMODE(paths.state.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.proxy_token.stat().st_mode) == 0o600
    assert len(paths.proxy_token.read_text().strip()) == 64
    assert stat.S_IMODE(paths.exchange.stat().st_mode) == 0o1777
    assert env["KELAS_HUB_STATE"] == str(paths.state)
    assert env["KELAS_HUB_API_PORT"] != env["KELAS_HUB_PROXY_API_PORT"]
    token = paths.proxy_token.read_text()
    prepare_environment(paths, ip="", port=8123, memory="1G", cpus=1, processes=64,
                        idle_minutes=0, base={})
    assert paths.proxy_token.read_text() == token  # kept across restarts


def test_a_folder_closed_to_other_users_is_named(tmp_path):
    closed = tmp_path / "tertutup"
    inner = closed / "python"
    inner.mkdir(parents=True)
    os.chmod(closed, 0o700)
    try:
        assert closed in unreachable_for_users([inner])
        os.chmod(closed, 0o711)  # passable, not listable: enough to run what is inside
        assert closed not in unreachable_for_users([inner])
    finally:
        os.chmod(closed, 0o755)
