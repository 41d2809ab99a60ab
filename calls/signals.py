"""What the calls app announces to the layers above it (scoring listens).

Sent inside the service's transaction; receivers schedule their work on commit."""

from django.dispatch import Signal

# A call's macro scenario was replaced or edited; its version has been bumped.
# Arguments: ``call`` and ``scenario_version``.
scenario_changed = Signal()

# A call is about to open (inside calls.services.open_call's transaction). Receivers
# return a Russian refusal (a string) when the call lacks something their layer owns
# (the commission: a methodology), or None. Arguments: ``call``.
call_opening = Signal()
