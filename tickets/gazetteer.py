"""Where in the city an address is: 石家庄市's districts and counties and their streets/towns.

``locate("裕华区东苑街道翟营大街12号")`` → ``Place("裕华区", "东苑街道")``. The address text is read
as citizens write it: with or without the city, "东苑街道" or "东苑街道办", a street named without
its district (the district follows from the street), or a well-known road or place that lies in
one district. Anything else gives an empty place — never a guess.

Names follow the city's administrative divisions (石家庄市行政区划, 2024); the street lists cover
the urban districts fully and the outer ones by their towns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CITY = "石家庄市"

DISTRICTS: dict[str, tuple[str, ...]] = {
    "长安区": ("建北街道", "青园街道", "广安街道", "育才街道", "跃进街道", "河东街道", "长丰街道", "谈固街道",
            "中山东路街道", "胜利北街街道", "西兴街道", "高营镇", "桃园镇", "西营镇", "南村镇", "大郭镇"),
    "桥西区": ("东里街道", "中山路街道", "南长街道", "维明路街道", "友谊街道", "红旗街道", "新石街道", "苑东街道",
            "西里街道", "振头街道", "留营街道", "长兴街道", "彭后街道", "东华路街道", "汇通街道", "休门街道"),
    "新华区": ("革新街街道", "新华路西街道", "西苑街道", "合作路街道", "联盟街道", "石岗街道", "天苑街道", "北苑街道",
            "赵陵铺路街道", "宁安街道", "东焦街道", "大马街道", "杜北街道", "西三庄街道"),
    "裕华区": ("裕华路街道", "裕兴街道", "裕强街道", "东苑街道", "建通街道", "槐底街道", "裕东街道", "方村镇",
            "建华南大街街道", "东风街道", "宋营镇"),
    "井陉矿区": ("矿市街道", "四微街道", "贾庄镇", "凤山镇", "横涧乡"),
    "藁城区": ("廉州镇", "兴安镇", "岗上镇", "梅花镇", "丘头镇", "南营镇", "增村镇"),
    "鹿泉区": ("获鹿镇", "铜冶镇", "寺家庄镇", "上庄镇", "李村镇", "宜安镇", "黄壁庄镇", "大河镇"),
    "栾城区": ("栾城镇", "冶河镇", "窦妪镇", "楼底镇", "南高乡", "柳林屯乡"),
    "高新区": ("长江街道", "郄马镇"),
    "正定县": ("正定镇", "诸福屯镇", "新城铺镇", "新安镇", "南牛乡", "南楼乡", "曲阳桥乡", "北早现乡"),
    "井陉县": ("微水镇", "上安镇", "天长镇", "秀林镇", "南峪镇", "威州镇", "小作镇", "南障城镇"),
    "行唐县": ("龙州镇", "南桥镇", "上碑镇", "口头镇"),
    "灵寿县": ("灵寿镇", "青同镇", "塔上镇", "陈庄镇"),
    "高邑县": ("高邑镇", "大营镇", "富村镇"),
    "深泽县": ("深泽镇", "铁杆镇", "赵八镇"),
    "赞皇县": ("赞皇镇", "院头镇", "南邢郭镇"),
    "无极县": ("无极镇", "七汲镇", "张段固镇"),
    "平山县": ("平山镇", "西柏坡镇", "温塘镇", "南甸镇"),
    "元氏县": ("槐阳镇", "殷村镇", "南佐镇", "宋曹镇"),
    "赵县": ("赵州镇", "范庄镇", "北王里镇", "新寨店镇"),
    "辛集市": ("辛集镇", "旧城镇", "张古庄镇", "位伯镇"),
    "晋州市": ("晋州镇", "总十庄镇", "营里镇", "桃园镇"),
    "新乐市": ("长寿街道", "化皮镇", "承安镇", "正莫镇"),
}

# Roads and places that lie wholly in one district and are often the only place named
# ("中华北大街和新华路交口", "北国商城门口"). Long roads crossing districts are left out.
LANDMARKS: dict[str, tuple[str, str]] = {
    "北国商城": ("长安区", ""), "勒泰中心": ("长安区", ""), "长安公园": ("长安区", ""),
    "建设北大街": ("长安区", "建北街道"), "谈固东街": ("长安区", "谈固街道"), "跃进路": ("长安区", "跃进街道"),
    "石家庄站": ("桥西区", ""), "火车站": ("桥西区", ""), "维明南大街": ("桥西区", "维明路街道"),
    "新石中路": ("桥西区", "新石街道"), "友谊公园": ("桥西区", "友谊街道"), "东里小区": ("桥西区", "东里街道"),
    "革新街": ("新华区", "革新街街道"), "合作路": ("新华区", "合作路街道"), "赵陵铺路": ("新华区", "赵陵铺路街道"),
    "水上公园": ("新华区", ""), "西三庄": ("新华区", "西三庄街道"),
    "翟营大街": ("裕华区", ""), "槐安东路": ("裕华区", ""), "东苑小区": ("裕华区", "东苑街道"),
    "万达广场": ("裕华区", ""), "槐底": ("裕华区", "槐底街道"), "裕彤体育中心": ("裕华区", ""),
    "正定古城": ("正定县", "正定镇"), "西柏坡": ("平山县", "西柏坡镇"), "赵州桥": ("赵县", "赵州镇"),
}


@dataclass(frozen=True)
class Place:
    district: str = ""
    street: str = ""

    @property
    def label(self) -> str:
        return f"{self.district}{self.street}"

    def __bool__(self) -> bool:
        return bool(self.district or self.street)


def _stem(name: str) -> str:
    """The part people say: 东苑街道 → 东苑, 革新街街道 → 革新街, 方村镇 → 方村."""
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _district_stem(name: str) -> str:
    for suffix in ("矿区", "区", "县", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _patterns():
    # Longest names first, so 新华路西街道 wins over a shorter name inside it.
    streets: list[tuple[str, str, str]] = []  # (pattern, district, street)
    for district, names in DISTRICTS.items():
        for street in names:
            streets.append((street, district, street))
            stem = _stem(street)
            if street.endswith("街道") and len(stem) >= 2:
                streets.append((stem + "街道办", district, street))
                streets.append((stem + "办事处", district, street))
    streets.sort(key=lambda item: -len(item[0]))
    districts = sorted(((d, d) for d in DISTRICTS), key=lambda item: -len(item[0]))
    short = sorted(((_district_stem(d), d) for d in DISTRICTS if len(_district_stem(d)) >= 2),
                   key=lambda item: -len(item[0]))
    landmarks = sorted(LANDMARKS.items(), key=lambda item: -len(item[0]))
    return streets, districts, short, landmarks


_SPACES = re.compile(r"\s+")


def locate(address: str) -> Place:
    """The district and street an address names (either may be empty)."""
    text = _SPACES.sub("", address or "")[:500]
    if not text:
        return Place()
    street_patterns, districts, short_districts, landmarks = _patterns()
    district = next((name for pattern, name in districts if pattern in text), "")
    if not district:
        # "裕华东苑街道", "长安建北街道": a district said without 区 counts only right before a street.
        for stem, name in short_districts:
            index = text.find(stem)
            if index >= 0 and any(text.startswith(s, index + len(stem)) for s in DISTRICTS[name]):
                district = name
                break
    street = ""
    for pattern, street_district, name in street_patterns:
        if pattern in text and (not district or street_district == district):
            street, district = name, district or street_district
            break
    if not district or not street:
        for pattern, (landmark_district, landmark_street) in landmarks:
            if pattern in text and (not district or landmark_district == district):
                district = district or landmark_district
                street = street or landmark_street
                break
    return Place(district, street)


def streets_of(district: str) -> tuple[str, ...]:
    return DISTRICTS.get(district, ())


__all__ = ["CITY", "DISTRICTS", "LANDMARKS", "Place", "locate", "streets_of"]
