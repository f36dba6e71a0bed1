"""Hot topics and early warning (热点与预警): clustering, spike alerts, 每月一题."""
