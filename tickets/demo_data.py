"""Reference data that `seed_demo` loads: the city's units, the category tree, the holiday calendar.

Holidays 2026 follow the State Council General Office's notice on the 2026 holiday arrangement
（国办发明电〔2025〕7号）. For 2027 no official notice had been loaded when this was written: the
dates below follow the statutory holidays (《全国年节及纪念日放假办法》, 2024 revision) on the 2027
lunar calendar, with makeup days placed the way recent notices place them, and are marked 预排 so an
administrator checks them against the notice and corrects them in the admin.
"""

FIXED_DEPARTMENTS = [
    # (code, name, short name, kind, parent code, duty phone)
    ("housing", "市住房和城乡建设局", "市住建局", "bureau", None, "0311-86001001"),
    ("hrss", "市人力资源和社会保障局", "市人社局", "bureau", None, "0311-86001002"),
    ("market", "市市场监督管理局", "市市场监管局", "bureau", None, "0311-86001003"),
    ("urban", "市城市管理局", "市城管局", "bureau", None, "0311-86001004"),
]

MORE_DEPARTMENTS = [
    ("public_security", "市公安局", "市公安局", "bureau", None, "0311-86001005"),
    ("psb_exit_entry", "市公安局出入境管理支队", "出入境支队", "subunit", "public_security", "0311-86001006"),
    ("psb_household", "市公安局户政管理支队", "户政支队", "subunit", "public_security", "0311-86001007"),
    ("civil_affairs", "市民政局", "市民政局", "bureau", None, "0311-86001008"),
    ("healthcare_security", "市医疗保障局", "市医保局", "bureau", None, "0311-86001009"),
    ("health", "市卫生健康委员会", "市卫健委", "bureau", None, "0311-86001010"),
    ("education", "市教育局", "市教育局", "bureau", None, "0311-86001011"),
    ("transport", "市交通运输局", "市交通局", "bureau", None, "0311-86001012"),
    ("ecology", "市生态环境局", "市生态环境局", "bureau", None, "0311-86001013"),
    ("natural_resources", "市自然资源和规划局", "市自然资源局", "bureau", None, "0311-86001014"),
    ("water", "市水务局", "市水务局", "bureau", None, "0311-86001015"),
    ("admin_approval", "市行政审批局", "市审批局", "bureau", None, "0311-86001016"),
    ("housing_fund", "市住房公积金管理中心", "公积金中心", "bureau", None, "0311-86001017"),
    ("emergency", "市应急管理局", "市应急局", "bureau", None, "0311-86001018"),
    ("commerce", "市商务局", "市商务局", "bureau", None, "0311-86001019"),
    ("culture_tourism", "市文化广电和旅游局", "市文旅局", "bureau", None, "0311-86001020"),
    ("tax", "国家税务总局市税务局", "市税务局", "bureau", None, "0311-86001021"),
    ("veterans", "市退役军人事务局", "市退役军人局", "bureau", None, "0311-86001022"),
    ("hrss_social_insurance", "市社会保险事业服务中心", "社保中心", "subunit", "hrss", "0311-86001023"),
    ("urban_lighting", "市城市照明管理处", "路灯管理处", "subunit", "urban", "0311-86001024"),
    ("power_supply", "国网市供电公司", "供电公司", "enterprise", None, "95598"),
    ("gas_supply", "市燃气集团有限公司", "燃气集团", "enterprise", None, "0311-86001026"),
    ("water_supply", "市供水有限公司", "供水公司", "enterprise", None, "0311-86001027"),
    ("district_changan", "长安区人民政府", "长安区", "district", None, "0311-86002001"),
    ("district_qiaoxi", "桥西区人民政府", "桥西区", "district", None, "0311-86002002"),
    ("district_xinhua", "新华区人民政府", "新华区", "district", None, "0311-86002003"),
    ("district_yuhua", "裕华区人民政府", "裕华区", "district", None, "0311-86002004"),
    ("street_yuhua_yuhualu", "裕华区裕华路街道办事处", "裕华路街道", "street", "district_yuhua", "0311-86003001"),
    ("street_yuhua_dongyuan", "裕华区东苑街道办事处", "东苑街道", "street", "district_yuhua", "0311-86003002"),
    ("street_changan_jianbei", "长安区建北街道办事处", "建北街道", "street", "district_changan", "0311-86003003"),
    ("street_qiaoxi_dongli", "桥西区东里街道办事处", "东里街道", "street", "district_qiaoxi", "0311-86003004"),
    ("street_xinhua_gexin", "新华区革新街街道办事处", "革新街街道", "street", "district_xinhua", "0311-86003005"),
]

# (code, name, parent code, default department code)
CATEGORIES = [
    ("100000", "社会保障", None, "hrss"),
    ("100100", "养老保险", "100000", "hrss_social_insurance"),
    ("100101", "养老金资格认证", "100100", "hrss_social_insurance"),
    ("100200", "医疗保险", "100000", "healthcare_security"),
    ("100300", "就业创业", "100000", "hrss"),
    ("100301", "就业登记", "100300", "hrss"),
    ("100302", "劳动权益与欠薪", "100300", "hrss"),
    ("100400", "社会救助", "100000", "civil_affairs"),
    ("100401", "最低生活保障", "100400", "civil_affairs"),
    ("100402", "大病救助", "100400", "healthcare_security"),
    ("200000", "住房城建", None, "housing"),
    ("200100", "住房保障（廉租房、公租房）", "200000", "housing"),
    ("200200", "物业管理", "200000", "housing"),
    ("200300", "房屋质量与安全", "200000", "housing"),
    ("200400", "住房公积金", "200000", "housing_fund"),
    ("300000", "城市管理", None, "urban"),
    ("300100", "市容环境卫生", "300000", "urban"),
    ("300200", "路灯照明", "300000", "urban_lighting"),
    ("300300", "占道经营", "300000", "urban"),
    ("300400", "违法建设", "300000", "urban"),
    ("400000", "市场监管", None, "market"),
    ("400100", "食品安全", "400000", "market"),
    ("400200", "消费维权", "400000", "market"),
    ("400300", "价格监管", "400000", "market"),
    ("500000", "公安户政", None, "public_security"),
    ("500100", "户籍办理", "500000", "psb_household"),
    ("500101", "新生儿入户", "500100", "psb_household"),
    ("500200", "出入境证件", "500000", "psb_exit_entry"),
    ("600000", "政务服务", None, "admin_approval"),
    ("600100", "办事指南", "600000", "admin_approval"),
    ("600200", "预约服务", "600000", "admin_approval"),
    ("600300", "网上办事大厅", "600000", "admin_approval"),
    ("700000", "交通出行", None, "transport"),
    ("700100", "公共交通", "700000", "transport"),
    ("700200", "道路设施", "700000", "transport"),
    ("800000", "生态环境", None, "ecology"),
    ("800100", "噪声污染", "800000", "ecology"),
    ("800200", "大气污染", "800000", "ecology"),
    ("850000", "水电气暖", None, None),
    ("850100", "供水", "850000", "water_supply"),
    ("850200", "供电", "850000", "power_supply"),
    ("850300", "燃气", "850000", "gas_supply"),
    ("900000", "其他", None, None),
]


def _days(start: str, end: str):
    from datetime import date, timedelta

    first, last = date.fromisoformat(start), date.fromisoformat(end)
    while first <= last:
        yield first
        first += timedelta(days=1)


# (first day, last day, name) for holidays; (day, name) for makeup working days.
HOLIDAYS = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
    ("2027-01-01", "2027-01-03", "元旦（预排）"),
    ("2027-02-05", "2027-02-12", "春节（预排）"),
    ("2027-04-03", "2027-04-05", "清明节（预排）"),
    ("2027-05-01", "2027-05-05", "劳动节（预排）"),
    ("2027-06-09", "2027-06-09", "端午节（预排）"),
    ("2027-09-15", "2027-09-15", "中秋节（预排）"),
    ("2027-10-01", "2027-10-07", "国庆节（预排）"),
]
MAKEUP_WORKDAYS = [
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
    ("2027-02-20", "春节调休上班（预排）"),
    ("2027-04-25", "劳动节调休上班（预排）"),
    ("2027-05-08", "劳动节调休上班（预排）"),
    ("2027-09-26", "国庆节调休上班（预排）"),
    ("2027-10-09", "国庆节调休上班（预排）"),
]


def holiday_days():
    for start, end, name in HOLIDAYS:
        for day in _days(start, end):
            yield day, name


DEMO_USERS = [
    # (username, display name, role, department code, is_superuser)
    ("agent1", "王晓燕", "agent", None, False),
    ("agent2", "李志强", "agent", None, False),
    ("dispatcher1", "张敏", "dispatcher", None, False),
    ("supervisor1", "刘建国", "supervisor", None, False),
    ("kbeditor1", "陈静", "kb_editor", None, False),
    ("leader1", "黄志远（热线办主任）", "leader", None, False),
    ("housing1", "赵磊", "handler", "housing", False),
    ("hrss1", "孙丽", "handler", "hrss", False),
    ("market1", "周涛", "handler", "market", False),
    ("urban1", "吴刚", "handler", "urban", False),
    ("admin", "系统管理员", "", None, True),
]
DEMO_PASSWORD = "demo-pass-12345"
