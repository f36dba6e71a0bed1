"""The read side through an independent client: the `georeport` package from PyPI (a GeoReport v2
wrapper built for US city endpoints; it has no POST method, so posting uses plain `requests`) against
the hotline on a real socket, in JSON and in XML."""

import pytest
import requests
from georeport import GeoReport

from tests.open311.conftest import BASE, validate


@pytest.fixture
def posted(open311_server, reference_data, demo_key):
    """One request posted over HTTP, form-encoded, as a mobile app would."""
    response = requests.post(f"{open311_server}{BASE}/requests.json", data={
        "api_key": demo_key, "service_code": "300200", "lat": "38.0423", "long": "114.5143",
        "description": "路灯不亮", "first_name": "三", "last_name": "张"}, timeout=10)
    assert response.status_code == 201, response.text
    validate("post_response", response.json())
    return response.json()[0]["service_request_id"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_georeport_client_reads_services_definitions_and_requests(open311_server, posted, fmt):
    client = GeoReport(f"{open311_server}{BASE}", jurisdiction="12345.example.gov.cn", output_format=fmt)
    services = client.get_service_list()
    assert "300200" in {service["service_code"] for service in services}
    definition = client.get_service_definition("300200")
    assert definition["service_code"] == "300200"
    found = client.get_service_requests(service_request_id=posted)
    found = found if isinstance(found, list) else [found]  # xmltodict gives one item as a dict
    assert [r["service_request_id"] for r in found] == [posted]
    assert found[0]["status"] == "open"
    one = client.get_service_request(posted)
    one = one[0] if isinstance(one, list) else one
    assert one["service_request_id"] == posted
    if fmt == "json":
        validate("services", services)
        validate("service_definition", definition)
        validate("service_requests", found)

