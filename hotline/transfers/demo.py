"""Demo platforms for seed_demo. Their URLs point at the local stub platform
(`python manage.py platform_stub`, port 8123); their secrets are demo values, refused outside DEBUG."""

from hotline.transfers.models import Platform, PlatformKind

DEMO_PLATFORMS = [
    ("police-110", "市公安局110报警服务台", PlatformKind.POLICE_110),
    ("fire-119", "市消防救援支队119指挥中心", PlatformKind.FIRE_119),
    ("ambulance-120", "市急救中心120", PlatformKind.AMBULANCE_120),
    ("traffic-122", "市公安局交警支队122", PlatformKind.TRAFFIC_122),
    ("province-12345", "省12345政务服务便民热线平台", PlatformKind.PROVINCIAL_12345),
    ("neighbour-12345", "邻市12345热线", PlatformKind.NEIGHBOUR_CITY),
]
STUB_URL = "http://127.0.0.1:8123/{code}/"


def seed_platforms() -> int:
    for order, (code, name, kind) in enumerate(DEMO_PLATFORMS):
        Platform.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "url": STUB_URL.format(code=code), "secret": f"demo-platform-secret-{code}",
            "sort_order": order})
    return Platform.objects.count()
