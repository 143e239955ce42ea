"""The memory ceiling of a batch worker, and its release for the programs a reader runs;
and a worker's life tied to its parent's.

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
import os
import resource
import signal

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
