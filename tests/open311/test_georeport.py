"""GeoReport v2 as the specification writes it: every response validated against the schemas, and
the XML checked to be the same document as the JSON."""

import pytest

from hotline.open311.models import ApiKey, ApiKeyUse, ServiceRequest
from tests.open311.conftest import BASE, as_xml_text, parse_xml, validate, xml_to_spark
from tickets.models import Channel, Status, Ticket
from tickets.services import transitions

pytestmark = pytest.mark.django_db


def both(client, path, **params):
    """GET the JSON and the XML of one resource and check the XML carries exactly the JSON."""
    as_json = client.get(f"{BASE}/{path}.json", params)
    as_xml = client.get(f"{BASE}/{path}.xml", params)
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_json.status_code == as_xml.status_code
    assert xml_to_spark(parse_xml(as_xml)) == as_xml_text(as_json.json())
    return as_json


def test_discovery_names_this_endpoint_and_both_formats(client):
    response = both(client, "discovery")
    body = response.json()
    validate("discovery", body)
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert parse_xml(client.get(f"{BASE}/discovery.xml")).tag == "discovery"


def test_categories_are_the_services(client, reference_data):
    response = both(client, "services")
    services = response.json()
    validate("services", services)
    lights = next(s for s in services if s["service_code"] == "300200")
    assert lights["service_name"] == "路灯照明"
    assert lights["group"] == "城市管理"
    assert lights["type"] == "realtime" and lights["metadata"] is True
    root = parse_xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and root[0].tag == "service"


def test_a_service_definition_lists_the_letter_attributes(client, reference_data):
    response = both(client, "services/300200")
    definition = response.json()
    validate("service_definition", definition)
    codes = [a["code"] for a in definition["attributes"]]
    assert codes[:3] == ["letter_type", "title", "confidential"]
    orders = [a["order"] for a in definition["attributes"]]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    root = parse_xml(client.get(f"{BASE}/services/300200.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None


def test_an_unknown_service_code_is_a_404_error_list(client, reference_data):
    response = both(client, "services/999999")
    assert response.status_code == 404
    validate("errors", response.json())
    assert response.json()[0]["code"] == 404
    assert parse_xml(client.get(f"{BASE}/services/999999.xml")).tag == "errors"


def test_a_posted_request_is_a_letter_registered_through_intake(post_request):
    response = post_request()
    assert response.status_code == 201
    body = response.json()
    validate("post_response", body)
    ticket = Ticket.objects.get(letter_number=body[0]["service_request_id"])
    assert ticket.channel == Channel.OPEN311
    assert ticket.status == Status.RECEIVED
    assert ticket.category.code == "300200"
    assert ticket.citizen_name == "张三" and ticket.citizen_phone == "13812345678"
    assert ticket.events.filter(kind="created").count() == 1
    origin = ServiceRequest.objects.get(ticket=ticket)
    assert origin.email == "zhang@example.com" and origin.device_id == "dev-1"
    assert body[0]["account_id"] == "acct-9"


def test_the_xml_answer_to_a_post_is_service_requests_request(post_request):
    response = post_request("xml")
    assert response.status_code == 201
    root = parse_xml(response)
    assert root.tag == "service_requests" and root[0].tag == "request"
    assert root.find("request/service_request_id").text.isdigit()
    assert root.find("request/token") is None


def test_a_batch_key_gets_a_token_that_resolves_to_the_request(post_request, client):
    ApiKey.objects.update(response_mode=ApiKey.ResponseMode.BATCH)
    body = post_request().json()
    validate("post_response", body)
    assert "service_request_id" not in body[0]
    response = both(client, f"tokens/{body[0]['token']}")
    validate("token_response", response.json())
    letter = ServiceRequest.objects.get(token=body[0]["token"]).ticket.letter_number
    assert response.json()[0] == {"service_request_id": letter, "token": body[0]["token"]}


def test_an_unknown_token_is_a_404(client):
    response = both(client, "tokens/nope")
    assert response.status_code == 404
    validate("errors", response.json())


@pytest.mark.parametrize("fields, fragment", [
    ({"service_code": None}, "service_code"),
    ({"lat": None, "long": None, "address_string": None}, "位置"),
    ({"long": None, "address_string": None}, "同时提供"),
    ({"lat": "north"}, "lat/long"),
    ({"lat": "91"}, "-90"),
    ({"description": "长" * 4001}, "4000"),
    ({"email": "not-an-email"}, "email"),
    ({"phone": "call me"}, "phone"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"attribute[colour]": "red"}, "attribute[colour]"),
    ({"attribute[letter_type]": "party"}, "attribute[letter_type]"),
    ({"attribute[confidential][]": ["true", "false"]}, "只能填一个值"),
])
def test_bad_input_is_a_400_error_list_and_no_letter(post_request, fields, fragment):
    before = Ticket.objects.count()
    response = post_request(**fields)
    assert response.status_code == 400, response.content
    validate("errors", response.json())
    assert any(fragment in error["description"] for error in response.json())
    assert Ticket.objects.count() == before


def test_an_unknown_service_code_on_post_is_a_404(post_request):
    response = post_request(service_code="999999")
    assert response.status_code == 404
    validate("errors", response.json())


@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_posting_needs_a_valid_api_key(post_request, key):
    response = post_request(api_key=key)
    assert response.status_code == 403
    validate("errors", response.json())
    assert response.json()[0]["code"] == 403
    assert not Ticket.objects.exists()


def test_a_revoked_key_is_refused(post_request):
    from hotline.open311.keys import revoke

    revoke(ApiKey.objects.all())
    assert post_request().status_code == 403


def test_each_key_has_its_own_hourly_limit_and_a_log_of_use(post_request):
    ApiKey.objects.update(rate_limit_per_hour=2)
    assert post_request().status_code == 201
    assert post_request(service_code="").status_code == 400
    refused = post_request()
    assert refused.status_code == 429
    validate("errors", refused.json())
    uses = list(ApiKeyUse.objects.order_by("id").values_list("status_code", flat=True))
    assert uses == [201, 400, 429]
    assert ApiKeyUse.objects.filter(status_code=201).first().ticket is not None
    assert ApiKey.objects.get().last_used_at is not None


def test_attributes_set_the_letter_type_title_and_confidentiality(post_request):
    body = post_request(**{"attribute[letter_type]": "complaint", "attribute[title]": "路灯坏了",
                           "attribute[confidential]": "true"}).json()
    ticket = Ticket.objects.get(letter_number=body[0]["service_request_id"])
    assert (ticket.type, ticket.title, ticket.confidential) == ("complaint", "路灯坏了", True)


def test_an_address_alone_is_a_location(post_request):
    response = post_request(lat=None, long=None)
    assert response.status_code == 201
    ticket = Ticket.objects.get(letter_number=response.json()[0]["service_request_id"])
    assert ticket.lat is None and ticket.citizen_address == "裕华路12号小区门口"


def test_a_jurisdiction_other_than_ours_is_a_404(client, post_request):
    assert post_request(jurisdiction_id="elsewhere.gov").status_code == 404
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "elsewhere.gov"}).status_code == 404
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "12345.example.gov.cn"}).status_code == 200


def test_get_requests_shows_no_personal_data(client, post_request):
    letter = post_request(description="请联系我13812345678，身份证130102199001011234").json()[0]["service_request_id"]
    response = both(client, "requests")
    body = response.json()
    validate("service_requests", body)
    mine = next(r for r in body if r["service_request_id"] == letter)
    text = response.content.decode()
    for secret in ("张三", "13812345678", "zhang@example.com", "dev-1", "acct-9", "130102199001011234"):
        assert secret not in text
    assert "138****5678" in mine["description"]
    assert mine["status"] == "open" and mine["address"] == "裕华路12号小区门口"
    assert mine["lat"] == pytest.approx(38.0423) and mine["long"] == pytest.approx(114.5143)


def test_a_letter_from_another_channel_shows_only_its_street(client, make_ticket):
    from tickets.models import Ticket as T

    ticket = make_ticket(address="裕华路12号3单元501").ticket
    T.objects.filter(pk=ticket.pk).update(district="裕华区", street="裕兴街道")
    view = both(client, f"requests/{ticket.letter_number}").json()[0]
    assert view["address"] == "裕华区 裕兴街道" and view["lat"] is None


def test_status_notes_carry_the_public_reply_once_resolved(client, post_request, users):
    letter = post_request().json()[0]["service_request_id"]
    ticket = Ticket.objects.get(letter_number=letter)
    transitions.resolve_directly(ticket.pk, by=users["agent1"], answer="已安排维修，今晚恢复照明。")
    response = both(client, f"requests/{letter}")
    validate("service_requests", response.json())
    view = response.json()[0]
    assert view["status"] == "closed"
    assert view["status_notes"] == "已安排维修，今晚恢复照明。"


def test_get_requests_filters_by_ids_code_status_and_dates(client, post_request, make_ticket, users):
    first = post_request().json()[0]["service_request_id"]
    second = post_request(service_code="200200").json()[0]["service_request_id"]
    closed = Ticket.objects.get(letter_number=second)
    transitions.resolve_directly(closed.pk, by=users["agent1"], answer="已答复")

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        validate("service_requests", response.json())
        return {r["service_request_id"] for r in response.json()}

    assert ids(service_request_id=f"{first},{second},999") == {first, second}
    assert ids(service_code="300200") == {first}
    assert ids(status="closed") == {second}
    assert ids(status="open,closed") >= {first, second}
    assert ids(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z") == set()
    opened = Ticket.objects.get(letter_number=first).created_at.replace(microsecond=0)
    assert {first, second} <= ids(start_date=opened.isoformat())
    # A "+" left unencoded in the query arrives as a space; the offset is still understood.
    raw = client.get(f"{BASE}/requests.json?start_date={opened.isoformat()}")
    assert raw.status_code == 200 and first in {r["service_request_id"] for r in raw.json()}


@pytest.mark.parametrize("params", [
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"start_date": "yesterday"},
    {"status": "pending"},
])
def test_a_bad_query_is_a_400_never_a_500(client, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    validate("errors", response.json())


def test_a_confidential_letter_is_followed_by_number_but_not_listed(client, post_request):
    letter = post_request(**{"attribute[confidential]": "true"}).json()[0]["service_request_id"]
    assert letter not in {r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()}
    view = client.get(f"{BASE}/requests/{letter}.json").json()[0]
    assert view["description"] is None


def test_extensions_add_the_letter_number_and_status_label(client, post_request):
    letter = post_request().json()[0]["service_request_id"]
    response = client.get(f"{BASE}/requests/{letter}.json", {"extensions": "true"})
    validate("service_requests", response.json())
    extended = response.json()[0]["extended_attributes"]
    assert extended["letter_number"] == letter and extended["status_label"] == "已受理"
    assert "extended_attributes" not in client.get(f"{BASE}/requests/{letter}.json").json()[0]


def test_an_unknown_request_or_path_is_a_404_in_the_asked_format(client):
    response = both(client, "requests/123456789012345")
    assert response.status_code == 404
    validate("errors", response.json())
    assert client.get("/open311/v2/nothing.json").status_code == 404
    assert parse_xml(client.get("/open311/v2/nothing")).tag == "errors"


def test_a_wrong_method_is_answered_in_the_error_format(client, reference_data):
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405
    validate("errors", response.json())


def test_datetimes_carry_the_time_zone(client, post_request):
    post_request()
    view = client.get(f"{BASE}/requests.json").json()[0]
    assert view["requested_datetime"].endswith("+08:00")
    assert view["expected_datetime"] is None  # not dispatched yet: no reply deadline


def test_seed_demo_issues_the_demo_key(db):
    from django.core.management import call_command

    from hotline.open311.keys import DEMO_KEY, check_key

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert check_key(DEMO_KEY).name == "演示客户端"
    assert ApiKey.objects.count() == 1
