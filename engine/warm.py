"""``python -m engine.warm``: compile the engine's kernels into numba's disk cache.

The image build, ``make run`` and ``make test`` run it first, so that no request, task
or test worker pays the compilation (about fifteen seconds with nothing cached). The
caches of earlier versions of the kernels (sibling directories named by another digest,
see :func:`engine.jit._cache_directory`) are removed: nothing can load them any more.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numba

from .jit import compile_all

DIGEST = re.compile(r"^[0-9a-f]{16}$")


def remove_stale_caches(current: Path) -> list[Path]:
    """Delete the sibling cache directories of ``current`` left by other versions."""
    stale = [
        path
        for path in current.parent.iterdir()
        if path.is_dir() and path != current and DIGEST.match(path.name)
    ]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


if __name__ == "__main__":
    names = ", ".join(compile_all())
    directory = Path(numba.config.CACHE_DIR)  # type: ignore[attr-defined]
    removed = remove_stale_caches(directory)
    print(f"engine kernels ready ({names}) in {directory}; {len(removed)} stale cache(s) removed")
