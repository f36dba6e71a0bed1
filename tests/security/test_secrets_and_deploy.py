"""Outside DEBUG no published demo secret is ever accepted (CONTRACT.md), and the production profile
passes `check --deploy`."""

import subprocess
import sys

import pytest
from django.test import override_settings

from tests.security.conftest import GOOD_SECRET, ROOT, run_django
from tests.telephony.cti import cti_body, post_cti

PROD = {"DEBUG": "false", "ALLOWED_HOSTS": "hotline.example", "SECRET_KEY": GOOD_SECRET, "SMS_BACKEND": "memory"}


def test_the_published_development_secret_key_stops_the_process_naming_it():
    result = run_django("", **{**PROD, "SECRET_KEY": "dev-insecure-secret-key-change-me-for-production-12345"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_missing_secret_key_stops_the_process_naming_it():
    env = dict(PROD)
    env.pop("SECRET_KEY")
    result = run_django("", **env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("name,demo", [("CTI_SHARED_SECRET", "demo-cti-secret"), ("WECHAT_TOKEN", "hotline12345demo"),
                                       ("SMS_INBOUND_SECRET", "demo-sms-inbound-secret")])
def test_a_channel_secret_set_to_its_demo_value_stops_the_process_naming_it(name, demo):
    result = run_django("", **PROD, **{name: demo})
    assert result.returncode != 0 and name in result.stderr


def test_unset_channel_secrets_outside_debug_are_empty_not_the_demo_values():
    result = run_django("from django.conf import settings as s; print(repr((s.CTI_SHARED_SECRET, s.WECHAT_TOKEN, "
                        "s.WECHAT_ENCODING_AES_KEY, s.SMS_INBOUND_SECRET, s.WECHAT_APP_ID)))", **PROD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(("", "", "", "", ""))


def test_the_file_sms_backend_is_refused_outside_debug():
    result = run_django("", **{**PROD, "SMS_BACKEND": "file"})
    assert result.returncode != 0 and "SMS_BACKEND" in result.stderr


@pytest.mark.django_db
@override_settings(CTI_SHARED_SECRET="")
def test_an_unconfigured_cti_channel_answers_503_even_to_the_demo_signature():
    response = post_cti(cti_body("ringing"), secret="demo-cti-secret")
    assert response.status_code == 503 and response.json()["error"]["code"] == "channel_not_configured"
    assert "Retry-After" in response


@pytest.mark.django_db
@override_settings(SMS_INBOUND_SECRET="")
def test_an_unconfigured_sms_inbound_channel_answers_503(client):
    from hotline.telephony.signing import sign

    body = b'{"from": "13812345678", "text": "20261201000001 3"}'
    response = client.post("/api/v1/sms/inbound/", data=body, content_type="application/json",
                           HTTP_X_HOTLINE_SIGNATURE=sign(body, "demo-sms-inbound-secret"))
    assert response.status_code == 503


@pytest.mark.django_db
@override_settings(WECHAT_TOKEN="")
def test_an_unconfigured_wechat_account_answers_503(client):
    response = client.post("/wechat/callback/?signature=x&timestamp=1&nonce=1", data="<xml/>", content_type="text/xml")
    assert response.status_code == 503


def test_the_production_profile_passes_check_deploy_without_warnings():
    env = {**{k: v for k, v in PROD.items()}, "DJANGO_SETTINGS_MODULE": "config.production"}
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"))}
    full.update(env)
    full.pop("HOTLINE_TESTING", None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=full, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
