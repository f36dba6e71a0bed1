import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x9-" + "k" * 20 + "Q7!m2Zp4Lw8Rt6Yh3Nc5Vb1Xa0Sd-prod-test-secret"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    """Run `code` in a fresh process with these settings variables (nothing of this test process's)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "CTI_", "SMS_", "SECRET_KEY",
                                                                      "DEBUG", "ALLOWED_HOSTS"))}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run([sys.executable, "-c", "import django; django.setup();" + code], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120)
