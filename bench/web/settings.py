"""Settings of the benchmark server: production settings (config.settings) with one change
that does not touch page work: OTBOR_REQUIRE_STAFF_OTP follows the environment, so the
benchmark can measure staff pages without the second factor of signing in
(bench/web/run.py sets it to 0).
"""

from config.settings import *  # noqa: F403
from config.settings import env_bool

OTBOR_REQUIRE_STAFF_OTP = env_bool("OTBOR_REQUIRE_STAFF_OTP", globals().get("OTBOR_REQUIRE_STAFF_OTP", True))
