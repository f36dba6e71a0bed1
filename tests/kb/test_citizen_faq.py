"""The public FAQ answers what citizens type, for every seeded unit, in the seeded city."""

import re

import pytest

from kb.demo_articles import ARTICLES
from kb.search import search
from tickets.demo_data import FIXED_DEPARTMENTS, MORE_DEPARTMENTS

pytestmark = pytest.mark.django_db

SEEDED_UNITS = [row[0] for row in FIXED_DEPARTMENTS + MORE_DEPARTMENTS]

# (what a citizen types, the unit whose public entry should answer it)
TYPICAL_QUESTIONS = [
    ("公积金怎么提取", "housing_fund"),
    ("路灯不亮找谁", "urban_lighting"),
    ("公积金贷款能贷多少钱", "housing_fund"),
    ("物业不管事找谁投诉", "housing"),
    ("老板拖欠工资找谁", "hrss"),
    ("社保卡丢了怎么补办", "hrss_social_insurance"),
    ("买到假货商家不退怎么投诉", "market"),
    ("办营业执照多少钱", "market"),
    ("门口有人摆摊占道经营", "urban"),
    ("无犯罪记录证明去哪里开", "public_security"),
    ("石家庄办护照去哪里办", "psb_exit_entry"),
    ("身份证丢了补办多少钱", "psb_household"),
    ("领结婚证要带什么", "civil_affairs"),
    ("去外地看病异地就医怎么备案", "healthcare_security"),
    ("孩子打疫苗去哪里", "health"),
    ("孩子上小学怎么报名", "education"),
    ("出租车绕路怎么投诉", "transport"),
    ("工厂偷排污水怎么举报", "ecology"),
    ("房产证在哪里办", "natural_resources"),
    ("下雨路上积水找谁", "water"),
    ("办事要带什么材料哪里查", "admin_approval"),
    ("路边有人卖烟花爆竹找谁", "emergency"),
    ("电动车被偷了怎么报警", "public_security"),
    ("买二手房契税谁交", "tax"),
    ("健身卡办了店跑路了找谁", "commerce"),
    ("旅行社强制购物怎么投诉", "culture_tourism"),
    ("个税怎么退", "tax"),
    ("退役军人优待证怎么办", "veterans"),
    ("家里停电了找谁", "power_supply"),
    ("闻到燃气味怎么办", "gas_supply"),
    ("家里停水了找谁", "water_supply"),
    ("长安区政务大厅在哪", "district_changan"),
    ("桥西区政务服务中心能办什么", "district_qiaoxi"),
    ("住在新华区小区的问题找谁", "district_xinhua"),
    ("裕华区政务大厅在哪", "district_yuhua"),
    ("裕华路街道办事处能办什么", "street_yuhua_yuhualu"),
    ("东苑街道老旧小区没有物业找谁", "street_yuhua_dongyuan"),
    ("建北街道楼道灯坏了", "street_changan_jianbei"),
    ("东里街道办事处电话", "street_qiaoxi_dongli"),
    ("革新街街道老旧小区屋顶漏水", "street_xinhua_gexin"),
]


def test_every_seeded_unit_has_typical_questions_in_the_table():
    assert {unit for _q, unit in TYPICAL_QUESTIONS} == set(SEEDED_UNITS)


def test_every_seeded_unit_owns_at_least_two_public_entries():
    public = [article["department"] for article in ARTICLES if article["is_public"]]
    assert {unit: public.count(unit) for unit in SEEDED_UNITS if public.count(unit) < 2} == {}


@pytest.mark.parametrize(("question", "unit"), TYPICAL_QUESTIONS, ids=[q for q, _u in TYPICAL_QUESTIONS])
def test_public_search_answers_a_typical_question(demo_articles, question, unit):
    hits = search(question, limit=3).hits
    assert hits, f"“{question}” found nothing"
    assert all(hit.article.is_public for hit in hits)
    assert unit in [hit.article.department.code for hit in hits], [hit.article.question for hit in hits]


@pytest.mark.parametrize(("question", "slug"), [("公积金怎么提取", "housing-fund-withdraw"),
                                              ("路灯不亮找谁", "streetlight-broken")])
def test_the_faq_page_answers_the_issue_questions(client, demo_articles, question, slug):
    page = re.sub("</?mark>", "", client.get("/faq/", {"q": question}).content.decode())
    assert re.search(r"找到 \d+ 条与", page)
    assert demo_articles[slug].question in page
    assert "派单口径" not in page


OTHER_CITIES = re.compile("北京|宣武|崇文|朝阳区|海淀|东城区|西城区|丰台|小街桥|钟山区|0858-|湖北|84020101")


def test_no_demo_entry_names_another_city():
    offenders = [article["slug"] for article in ARTICLES
                 if OTHER_CITIES.search(" ".join(str(article[field]) for field in (
                     "question", "answer", "keywords", "synonyms")))]
    assert offenders == []
