"""Settings of the benchmark server: production settings (config.settings) with two
changes that do not touch page work:

* OTBOR_REQUIRE_STAFF_OTP follows the environment, so the benchmark can measure staff
  pages without the second factor of signing in (bench/web/run.py sets it to 0);
* static files use the plain storage: the benchmark fetches no static file, and the
  manifest storage's collectstatic currently fails on the vendored Bootstrap bundle's
  missing source map (``bootstrap.bundle.min.js.map``).
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES as _STORAGES
from config.settings import env_bool

OTBOR_REQUIRE_STAFF_OTP = env_bool(
    "OTBOR_REQUIRE_STAFF_OTP", globals().get("OTBOR_REQUIRE_STAFF_OTP", True)
)
STORAGES = {
    **_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
