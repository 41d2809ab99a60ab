"""What the applications app announces to the layers above it (scoring listens).

Sent inside the service's transaction; receivers schedule their work on commit, so a
rolled-back change queues nothing."""

from django.dispatch import Signal

# A draft's inputs or a submitted case changed: the indicators are out of date.
# Arguments: ``application_id``.
case_changed = Signal()
