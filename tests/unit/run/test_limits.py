from __future__ import annotations

import multiprocessing
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.run import limits
from pipeline.run.limits import (
    CHILDREN_FILE,
    clear_scratch,
    die_with_parent,
    lift_memory_limit,
    limit_memory,
    offline,
    run_program,
    worker_scratch,
)

MB = 1024 * 1024


def _in_fork(body: Callable[[], object]) -> tuple[int | None, object]:
    """Run ``body`` in a forked child (limits change the whole process): its exit code
    and what it returned (None when it returned nothing)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        send.send(body())

    child = context.Process(target=run)
    child.start()
    child.join(10)
    value = receive.recv() if receive.poll() else None
    return child.exitcode, value


def _address_space() -> tuple[int, int]:
    return resource.getrlimit(resource.RLIMIT_AS)


def test_limit_memory_caps_the_soft_limit_only() -> None:
    hard = _address_space()[1]

    def body() -> tuple[int, int]:
        limit_memory(2048)
        return _address_space()

    assert _in_fork(body) == (0, (2048 * MB, hard))


def test_limit_memory_never_passes_the_hard_limit() -> None:
    def body() -> tuple[int, int]:
        resource.setrlimit(resource.RLIMIT_AS, (3000 * MB, 3000 * MB))
        limit_memory(8192)
        return _address_space()

    assert _in_fork(body) == (0, (3000 * MB, 3000 * MB))


def test_lift_memory_limit_raises_the_soft_limit_to_the_hard_one() -> None:
    def body() -> tuple[int, int]:
        resource.setrlimit(resource.RLIMIT_AS, (5000 * MB, 5000 * MB))
        limit_memory(2048)
        lift_memory_limit()
        return _address_space()

    assert _in_fork(body) == (0, (5000 * MB, 5000 * MB))


def test_a_process_whose_parent_is_already_gone_ends_at_once() -> None:
    def body() -> str:
        die_with_parent(os.getppid() + 100000)
        return "still here"

    assert _in_fork(body) == (1, None)


def test_a_process_whose_parent_lives_goes_on() -> None:
    def body() -> str:
        die_with_parent(os.getppid())
        return "still here"

    assert _in_fork(body) == (0, "still here")


def test_run_program_returns_its_output() -> None:
    done = run_program(["sh", "-c", "echo out; echo err >&2"], timeout=10)
    assert done.returncode == 0
    assert done.stdout == b"out\n"
    assert done.stderr == b"err\n"


def test_run_program_runs_offline_where_it_can() -> None:
    done = run_program(["true"], timeout=10)
    assert done.args == (["unshare", "-n", "true"] if offline() else ["true"])


@pytest.mark.skipif(not offline(), reason="needs network namespaces (unshare -n)")
def test_a_program_sees_no_network_but_a_loopback() -> None:
    done = run_program(["cat", "/proc/net/dev"], timeout=10)
    interfaces = [line.split(b":")[0].strip() for line in done.stdout.splitlines()[2:]]
    assert interfaces == [b"lo"]


def test_a_failing_program_raises_with_its_code_and_output() -> None:
    with pytest.raises(subprocess.CalledProcessError) as caught:
        run_program(["sh", "-c", "echo partial; exit 3"], timeout=10)
    assert caught.value.returncode == 3
    assert caught.value.output == b"partial\n"


def test_a_program_past_its_time_raises_promptly() -> None:
    started = time.perf_counter()
    with pytest.raises(subprocess.TimeoutExpired):
        run_program(["sleep", "30"], timeout=0.3)
    assert time.perf_counter() - started < 5


def test_run_program_lifts_the_memory_limit_for_the_program() -> None:
    hard = _address_space()[1]
    lifted = "unlimited" if hard == resource.RLIM_INFINITY else str(hard // 1024)

    def body() -> tuple[str, int]:
        limit_memory(1024)
        shown = run_program(["sh", "-c", "ulimit -S -v"], timeout=10).stdout.decode().strip()
        return shown, _address_space()[0]

    assert _in_fork(body) == (0, (lifted, 1024 * MB))


@pytest.fixture
def scratch_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """worker_scratch sets process-wide state: restored after the test."""
    monkeypatch.setattr(limits, "_scratch", [])
    monkeypatch.setattr(tempfile, "tempdir", tempfile.gettempdir())
    monkeypatch.setenv("TMPDIR", os.environ.get("TMPDIR", "/tmp"))


@pytest.mark.usefixtures("scratch_state")
def test_worker_scratch_becomes_the_temporary_folder(tmp_path: Path) -> None:
    scratch = worker_scratch(tmp_path / "run")
    assert scratch == tmp_path / "run" / f"worker-{os.getpid()}"
    assert scratch.is_dir()
    assert tempfile.gettempdir() == str(scratch)
    assert os.environ["TMPDIR"] == str(scratch)


@pytest.mark.usefixtures("scratch_state")
def test_a_finished_program_is_noted_then_forgotten(tmp_path: Path) -> None:
    scratch = worker_scratch(tmp_path / "run")
    run_program(["true"], timeout=10)
    assert (scratch / CHILDREN_FILE).read_text("ascii") == ""


@pytest.mark.usefixtures("scratch_state")
def test_the_children_file_lists_the_groups_still_running(tmp_path: Path) -> None:
    scratch = worker_scratch(tmp_path / "run")
    limits._note_child(101)
    limits._note_child(202)
    limits._note_child(303)
    limits._forget_child(202)
    assert (scratch / CHILDREN_FILE).read_text("ascii") == "101\n303\n"


def test_clear_scratch_ends_the_programs_listed_and_removes_the_folder(tmp_path: Path) -> None:
    scratch = tmp_path / "worker-1"
    scratch.mkdir()
    (scratch / "profile").mkdir()
    program = subprocess.Popen(["sleep", "30"], start_new_session=True)
    (scratch / CHILDREN_FILE).write_text(f"{program.pid}\n", "ascii")
    clear_scratch(scratch)
    assert program.wait(timeout=5) == -9
    assert not scratch.exists()


def test_clear_scratch_of_a_folder_that_is_gone(tmp_path: Path) -> None:
    clear_scratch(tmp_path / "never-made")
    assert not (tmp_path / "never-made").exists()
