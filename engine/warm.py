"""``python -m engine.warm``: compile the engine's kernels into numba's disk cache.

The image build, ``make run`` and ``make test`` run it first, so that no request, task
or test worker pays the compilation (about twenty seconds with nothing cached)."""

from __future__ import annotations

import numba

from .jit import compile_all

if __name__ == "__main__":
    names = ", ".join(compile_all())
    print(f"engine kernels ready ({names}) in {numba.config.CACHE_DIR}")  # type: ignore[attr-defined]
