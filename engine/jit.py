"""Compiling the engine's kernels with numba (ADR 0012).

``inline`` and ``helper`` mark functions that kernels call (never called from Python):
small ones compiled into each caller, large ones compiled once. ``kernel`` registers a
kernel with its one explicit signature; :func:`compiled` compiles it (or loads it from
numba's disk cache, see :func:`_cache_directory`) the first time a process calls it. The
signatures take read-only arrays of any layout (a row of a broadcast view has stride 0),
so one compiled version serves the batch, the Monte Carlo and the sensitivity alike, and
nothing is compiled again for a new mix of inputs.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numba
from numba import types

Function = TypeVar("Function", bound=Callable[..., Any])
# IEEE arithmetic (x/0 is ±inf or NaN, never an exception), the GIL released so that the
# engine's threads share the cores, the machine code kept on disk.
_OPTIONS: dict[str, Any] = {"nogil": True, "error_model": "numpy", "cache": True}


def inline(function: Function) -> Function:
    """A small helper compiled into every kernel that calls it (arrays passed to it cost
    no reference counting, which a call per case would pay)."""
    compiled_helper: Function = numba.njit(inline="always", **_OPTIONS)(function)
    return compiled_helper


def helper(function: Function) -> Function:
    """A large helper compiled once, called by the kernels (inlining it into each would
    multiply the compile time)."""
    compiled_helper: Function = numba.njit(**_OPTIONS)(function)
    return compiled_helper


def _array(dtype: Any, dimensions: int, readonly: bool = True) -> Any:
    return types.Array(dtype, dimensions, "A", readonly=readonly)


SCALAR, SERIES = _array(types.float64, 1), _array(types.float64, 2)
FLAGS, CODES = _array(types.boolean, 1), _array(types.int64, 1)
OUT_SCALAR, OUT_SERIES = _array(types.float64, 1, False), _array(types.float64, 2, False)
OUT_CODES = _array(types.int64, 1, False)
INTEGER = types.int64

# numba checks a cached kernel against its own file only, not the files of the helpers
# compiled into it: the cache lives in a directory named after every compiled source and
# numba's version, so that any change compiles afresh instead of loading stale code.
_SOURCES = ("financial.py", "irr_kernel.py", "isolation.py", "jit.py", "kernel.py", "layout.py")


def _cache_directory() -> str:
    digest = hashlib.sha256(numba.__version__.encode())
    for name in _SOURCES:
        digest.update((Path(__file__).with_name(name)).read_bytes())
    base = os.environ.get("NUMBA_CACHE_DIR") or str(Path(__file__).with_name("__pycache__") / "numba")
    return str(Path(base) / digest.hexdigest()[:16])


# numba reads its settings from the environment into attributes its stubs do not declare.
numba.config.CACHE_DIR = _cache_directory()  # type: ignore[attr-defined]

_KERNELS: dict[str, tuple[Callable[..., None], Any]] = {}
_COMPILED: dict[str, Callable[..., None]] = {}
_LOCK = threading.Lock()


def kernel(name: str, *argument_types: Any) -> Callable[[Function], Function]:
    """Register ``function`` as the kernel ``name`` taking ``argument_types``; compiled
    by :func:`compiled` on first use, the function itself is left as it is."""

    def register(function: Function) -> Function:
        _KERNELS[name] = (function, types.void(*argument_types))
        return function

    return register


def compiled(name: str) -> Callable[..., None]:
    """The kernel ``name``, compiled on the first call in the process; thread-safe."""
    from . import isolation, kernel  # noqa: F401  (importing them registers their kernels)

    with _LOCK:
        if name not in _COMPILED:
            function, signature = _KERNELS[name]
            _COMPILED[name] = numba.njit(signature, **_OPTIONS)(function)
        return _COMPILED[name]


def compile_all() -> list[str]:
    """Compile (or load from the disk cache) every kernel of the engine; their names.

    ``python -m engine.warm`` runs it: the image build and ``make`` do, so that no request,
    task or test pays the compilation (about fifteen seconds when nothing is cached)."""
    compiled("indicators")  # imports every module with kernels
    for name in sorted(_KERNELS):
        compiled(name)
    return sorted(_KERNELS)
