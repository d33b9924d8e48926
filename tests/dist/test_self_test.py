"""`microcred --self-test`, in process, with the in-memory keyring (the built app's run is `make dist-check`)."""

from __future__ import annotations

import pytest

from microcred_desktop.crypto.keystore import Keystore
from microcred_desktop.services import self_test
from microcred_desktop.services.self_test import MEMORY_KEYRING_ENV, run_self_test


def run(monkeypatch: pytest.MonkeyPatch, memory: bool = True) -> tuple[int, list[str]]:
    if memory:
        monkeypatch.setenv(MEMORY_KEYRING_ENV, "1")
    else:
        monkeypatch.delenv(MEMORY_KEYRING_ENV, raising=False)
    lines: list[str] = []
    code = run_self_test(lines.append)
    return code, lines


def test_every_step_passes_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = run(monkeypatch)
    assert code == 0, "\n".join(lines)
    assert lines[-1] == "self-test passed"
    steps = [line.split(":")[0].split(None, 1)[1] for line in lines[1:-1]]
    assert steps == [name for name, _step in self_test.STEPS] + ["cleanup"]
    assert all(line.startswith("ok ") for line in lines[1:-1])
    assert "IN MEMORY" in next(line for line in lines if "keychain:" in line)


def test_a_missing_data_file_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    required = self_test.required_resources
    monkeypatch.setattr(self_test, "required_resources", lambda: [*required(), "fonts/Gone-Regular.ttf"])
    code, lines = run(monkeypatch)
    assert code == 1 and lines[-1] == "self-test FAILED"
    assert any(line.startswith("FAIL  data files") and "fonts/Gone-Regular.ttf" in line for line in lines)


def test_an_unusable_keychain_fails_unless_memory_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    monkeypatch.setattr(self_test, "Keystore", lambda: Keystore(fail.Keyring()))
    code, lines = run(monkeypatch, memory=False)
    assert code == 1
    failure = next(line for line in lines if line.startswith("FAIL"))
    assert failure.startswith("FAIL  keychain") and MEMORY_KEYRING_ENV in failure


def test_a_failing_step_still_removes_the_test_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred_desktop.crypto.memory_keyring import MemoryKeyring

    backend = MemoryKeyring()
    monkeypatch.setattr(self_test, "MemoryKeyring", lambda: backend)

    def broken(_run: object) -> str:
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(self_test, "STEPS", [*self_test.STEPS[:4], ("issue", broken)])
    code, lines = run(monkeypatch)
    assert code == 1
    assert any(line.startswith("FAIL  issue: the printer is on fire") for line in lines)
    assert any(line.startswith("ok    cleanup") for line in lines)
    assert backend.usernames("microcred-desktop") == []
