import os

# One BLAS/OpenMP thread per process, set before numpy is first imported (Django imports
# this package first in the web, the workers and manage.py). The engine's arrays are small
# and the scaling comes from processes (Celery workers, gunicorn workers): with a thread
# pool per process they fight over the cores — on 2 cores the recompute's risk stage
# took 43 s with two workers instead of 33 s (bench/recompute.py, docs/scaling.md).
# The engine's own threads (engine.indicators.WORKERS) likewise: one per process here; two
# engine threads in each of two worker processes made the risk stage 60 % slower.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OTBOR_ENGINE_THREADS"):
    os.environ.setdefault(_variable, "1")

from .celery import app as celery_app  # noqa: E402

__all__ = ("celery_app",)
