"""What the calls app announces to the layers above it (scoring listens).

Sent inside the service's transaction; receivers schedule their work on commit."""

from django.dispatch import Signal

# A call's macro scenario was replaced or edited; its version has been bumped.
# Arguments: ``call`` and ``scenario_version``.
scenario_changed = Signal()
