"""The limits a batch worker and the programs it runs live under: the worker's memory
ceiling (lifted for LibreOffice and Chromium, which reserve far more than they use), a
worker's life tied to its parent's, and outside programs run with no network, in a process
group of their own that a time limit ends whole, writing only to the worker's own
temporary folder.

A worker caps its own address space (the soft limit), so that one pathological file
fails alone instead of taking the machine. The programs it starts to print a file for a
second reading (LibreOffice, Chromium) reserve far more address space than they use, and
Chromium will not start under a few GB; they get the limit lifted back to the hard one,
and a time limit instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# prctl(2): have the kernel send a signal when the parent dies (Linux).
PR_SET_PDEATHSIG = 1


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` (children may lift it)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def lift_memory_limit() -> None:
    """For a child process (``preexec_fn``): the address space up to the hard limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` does, however it ends (SIGKILL, the OOM killer, a
    scheduler): the kernel sends SIGKILL on the parent's death, where it can (Linux).
    A parent already gone by now ends this process at once."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


# --- outside programs (LibreOffice, Chromium) ---------------------------------------------

# Where a worker notes the process groups of the programs it runs, for its parent to end
# them if the worker itself is killed (a time limit): one number a line.
CHILDREN_FILE = "children"


@functools.cache
def _network_namespace() -> bool:
    """Whether a program can be started with no network at all (``unshare -n``)."""
    binary = shutil.which("unshare")
    if binary is None:
        return False
    try:
        done = subprocess.run([binary, "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def offline() -> bool:
    """Whether programs run by :func:`run_program` get no network (a namespace of their
    own, with no interface but a loopback that is down)."""
    return _network_namespace()


def run_program(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run an outside program on an untrusted file: with no network where the machine
    allows it (a network namespace), in a process group of its own that is killed whole
    when it runs past ``timeout`` seconds (its helpers too), with the address-space limit
    lifted (it reserves far more than it uses), dying with the worker that runs it.
    Raises subprocess.TimeoutExpired or CalledProcessError like subprocess.run."""
    command = (["unshare", "-n", *args]) if offline() else args
    parent = os.getpid()

    def start() -> None:
        lift_memory_limit()
        die_with_parent(parent)

    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=start,
        start_new_session=True,
    )
    _note_child(process.pid)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        process.communicate()
        raise
    finally:
        kill_group(process.pid)  # helpers it left behind (LibreOffice's soffice.bin)
        _forget_child(process.pid)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out, err)
    return subprocess.CompletedProcess(command, 0, out, err)


def kill_group(group: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(group, signal.SIGKILL)


# This process's own temporary folder, when it is a batch worker (worker_scratch).
_scratch: list[Path] = []


def _note_child(group: int) -> None:
    if not _scratch:
        return
    path = _scratch[0] / CHILDREN_FILE
    with contextlib.suppress(OSError), path.open("a", encoding="ascii") as handle:
        handle.write(f"{group}\n")


def _forget_child(group: int) -> None:
    if not _scratch:
        return
    path = _scratch[0] / CHILDREN_FILE
    with contextlib.suppress(OSError):
        kept = [line for line in path.read_text("ascii").split() if line != str(group)]
        path.write_text("".join(f"{g}\n" for g in kept), "ascii")


def worker_scratch(parent_scratch: Path) -> Path:
    """A temporary folder of this worker's own, made the default for everything it and its
    programs write (their profiles, the files they print), so that a killed worker's
    litter can be removed by its parent (:func:`clear_scratch`)."""
    scratch = parent_scratch / f"worker-{os.getpid()}"
    scratch.mkdir(parents=True, exist_ok=True)
    _scratch[:] = [scratch]
    tempfile.tempdir = str(scratch)
    os.environ["TMPDIR"] = str(scratch)
    return scratch


def clear_scratch(scratch: Path) -> None:
    """End the programs a killed worker was running and remove its temporary files."""
    with contextlib.suppress(OSError):
        for line in (scratch / CHILDREN_FILE).read_text("ascii").split():
            kill_group(int(line))
    shutil.rmtree(scratch, ignore_errors=True)
