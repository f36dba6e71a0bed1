"""Settings for the test suite and the benchmarks: the product's own settings, configured the way
tests need them — through the same environment variables an operator would set, plus a fast staff
password hasher. The product never asks whether it is under test.

Used by pytest (pytest.ini), by the servers tests start in subprocesses, and by `python -m bench`.
"""

import os

# Messages stay in memory (tests read them back) and WeChat API calls are recorded, not sent, and
# not written to a log file.
os.environ.setdefault("SMS_BACKEND", "memory")
os.environ.setdefault("WECHAT_API_TRANSPORT", "record")
os.environ.setdefault("WECHAT_RECORD_LOG", "")
os.environ.setdefault("HOTLINE_DEV_WARNING", "false")

from config.settings import *  # noqa: E402,F403

# Staff passwords in tests need no strength; letter passwords keep their own hasher (tickets.passwords).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
