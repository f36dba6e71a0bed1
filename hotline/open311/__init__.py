"""Open311 GeoReport v2: the hotline as a standard civic-request endpoint (http://wiki.open311.org/GeoReport_v2)."""
