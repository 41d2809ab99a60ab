# The production image: web (gunicorn), worker and beat (Celery) and the one-off migrate
# step all run it. docs/deploy.md; docker-compose.yml. Not built on the development machines.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OTBOR_VAR_DIR=/app/var \
    OTBOR_MEDIA_ROOT=/data/documents \
    NUMBA_CACHE_DIR=/app/var/numba

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged account runs everything; it owns only what it writes: the documents
# volume, its scratch directory and nothing of the code.
RUN groupadd --system --gid 10001 otbor \
    && useradd --system --uid 10001 --gid otbor --home-dir /app --no-create-home --shell /usr/sbin/nologin otbor

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

# Static files are built into the image (not at every start: several web replicas would
# race); the values below exist for this build step only, the real ones come at run time.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret DATABASE_URL=postgres://build@localhost/build \
        DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && python -m engine.warm \
    && mkdir -p /data/documents /app/var/tmp \
    && chown -R otbor:otbor /data/documents /app/var

USER otbor:otbor
EXPOSE 8000
# The web container's check; compose defines the worker's, beat's and the databases'.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py", "web"]
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
