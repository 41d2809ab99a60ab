"""The Celery app. Tasks live in each app's ``tasks.py`` and only call services."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

from config.logging_filters import install_on_handlers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("otbor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _mask_personal_data_in_worker_logs(logger, **_kwargs) -> None:
    # A worker replaces the root logger's handlers with its own; they mask too (152-FZ).
    install_on_handlers(logger)
