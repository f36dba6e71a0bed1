"""Removing personal data from a letter before anyone edits it for publication (来信选登).

What goes (DOMAIN.md, issue 13): names, phone numbers, ID numbers, plate numbers, and house numbers
more precise than the community — "裕华路12号翠苑小区3号楼2单元501室" keeps "裕华路××翠苑小区××".
E-mail addresses and long digit runs (bank cards, account numbers) go too. Every kind is replaced by
a marker, and `redact` says what it removed so the editor knows where to look.

Names can only be found by their context (the citizen's own name, "我叫…", "张先生", "联系人：…"):
the editor confirms every text, and `personal_data_left` refuses to publish one that still carries a
number-shaped identifier or the citizen's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MASK = "××"
NAME_MASK = "×××"

# The hundred-odd most common surnames: enough to tell "张先生" (a person) from "的先生".
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_HAN = "\u4e00-\u9fa5"
_NUM = r"[0-9一二三四五六七八九十百零〇两]+"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    # 18-digit (and old 15-digit) resident ID numbers.
    ("id_number", re.compile(r"(?<![0-9A-Za-z])(?:[1-9]\d{16}[0-9Xx]|[1-9]\d{14})(?![0-9A-Za-z])")),
    # Mobiles, with or without +86 and separators; landlines with an area code; local numbers after a cue.
    ("phone", re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")),
    ("phone", re.compile(r"(?<!\d)[(（]?0\d{2,3}[)）]?[\s-]?\d{7,8}(?!\d)")),
    ("phone", re.compile(r"(?<=电话|手机|号码|联系|座机)(?:[:：是为]?\s*)\d{7,8}(?!\d)")),
    ("plate", re.compile(rf"[{PROVINCES}][A-HJ-NP-Z][\s·•.]?[A-HJ-NP-Z0-9]{{5,6}}(?:挂|学|警)?(?![A-Za-z0-9])")),
    ("account_number", re.compile(r"(?<!\d)\d{12,}(?!\d)")),
    # Below the community: building, unit, floor, room — "3号楼2单元501室", "5栋1202", "3-2-501".
    ("house_number", re.compile(r"(?<!\d)\d{1,4}(?:-\d{1,4}){1,3}(?:室|号|房)?(?!\d)")),
    ("house_number", re.compile(
        rf"(?<!月)(?<![0-9一二三四五六七八九十]){_NUM}\s*(?:号楼|号院|栋|幢|座|单元|层|楼|室|户|号(?![线文令码]))"
        rf"(?:\s*{_NUM}\s*(?:号楼|栋|幢|座|单元|层|楼|室|户|号(?![线文令码])))*(?:\s*\d{{3,4}}(?:室|房)?(?!\d))?")),
]

# After a cue, a common surname and one or two more characters ("联系人：赵建国都知道" → 赵建国).
NAME_CUES = re.compile(rf"(?P<cue>我叫|我是|本人|姓名[:：]?|联系人[:：]?|名叫)\s*(?P<name>[{''.join(sorted(SURNAMES))}][{_HAN}]{{1,2}})")
HONORIFIC = re.compile(rf"(?P<surname>[{_HAN}])(?=(?:先生|女士|小姐|师傅|阿姨|大爷|大妈|大姐|大哥|老人)[^{_HAN}]?)")

LABELS = {"email": "邮箱", "id_number": "身份证号", "phone": "电话号码", "plate": "车牌号", "account_number": "账号",
          "house_number": "详细门牌", "name": "姓名"}


@dataclass
class Redacted:
    text: str
    found: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return "、".join(f"{LABELS[kind]}{count}处" for kind, count in self.found.items())


def redact(text: str, *, names: tuple[str, ...] = ()) -> Redacted:
    """The text with personal data replaced by markers, and a count of what was removed by kind."""
    found: dict[str, int] = {}

    def count(kind: str, n: int) -> None:
        if n:
            found[kind] = found.get(kind, 0) + n

    text = text or ""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text, n = re.subn(re.escape(name), NAME_MASK, text)
        count("name", n)
    for kind, pattern in PATTERNS:
        text, n = pattern.subn(MASK, text)
        count(kind, n)
    text, n = NAME_CUES.subn(lambda m: m.group("cue") + NAME_MASK, text)
    count("name", n)
    surnames = []

    def surname(match: re.Match) -> str:
        if match.group("surname") not in SURNAMES:
            return match.group("surname")
        surnames.append(match.group("surname"))
        return "×"

    text = HONORIFIC.sub(surname, text)
    count("name", len(surnames))
    return Redacted(text=text, found=found)


STRONG_KINDS = ("email", "id_number", "phone", "plate", "account_number")


def personal_data_left(text: str, *, names: tuple[str, ...] = ()) -> list[str]:
    """The kinds of personal data a text about to be published still carries: identifiers with a
    shape (numbers, plates, addresses) and the citizen's own name. Empty when it may go out."""
    left = [LABELS[kind] for kind, pattern in PATTERNS if kind in STRONG_KINDS and pattern.search(text or "")]
    if any(name and len(name.strip()) >= 2 and name.strip() in (text or "") for name in names):
        left.append(LABELS["name"])
    return list(dict.fromkeys(left))
