"""Knowledge-base search at the scale of a large city (Beijing's knowledge base holds about 180,000
entries): index build time, search latency p50/p95 on the database backend in use (SQLite FTS5 or
PostgreSQL full text), and the evaluation score of the spoken query set (kb.evaluation) with the
demo entries hidden among the generated ones.

KB_BENCH_ENTRIES sets the number of generated entries (default 180000); KB_BENCH_WORKERS the
processes that segment text while the index is built (default: the CPU count).

The generated entries are written the way real ones are: a question on a government service item
("{district}{item}需要什么材料?"), an answer of a few sentences on materials, places, hours, steps,
fees and time limits, drawn from the same vocabulary as the demo content so that they compete with
it, about 250 characters on average.
"""

from __future__ import annotations

import os
import random
import time

from django.db import connection, transaction

from bench._util import emit, summary_ms

BENCH = "kb_search"

ITEMS = [
    "居住证办理", "居住证续签", "身份证换领", "临时身份证", "身份证挂失", "护照申请", "护照补办", "港澳通行证续签",
    "台湾通行证", "户口迁入", "户口迁出", "新生儿落户", "投靠落户", "人才引进落户", "户籍证明", "结婚登记", "离婚登记",
    "补领结婚证", "生育登记", "出生医学证明", "医保报销", "异地就医备案", "医保卡补办", "社保卡补办", "社保卡激活",
    "养老保险转移", "养老保险补缴", "失业保险金申领", "工伤认定", "工伤保险待遇", "生育津贴", "公积金提取",
    "公积金贷款", "公积金缴存", "公积金账户转移", "不动产登记", "房产证办理", "二手房过户", "抵押登记", "商品房网签",
    "营业执照", "个体户注册", "食品经营许可", "企业注销", "税务登记", "发票申领", "驾驶证换证", "驾驶证补办",
    "车辆年检", "交通违法处理", "公交卡办理", "老年优待卡", "残疾人证办理", "低保申请", "低保年审", "特困供养",
    "临时救助", "廉租房申请", "公租房申请", "公租房续租", "租房补贴", "义务教育入学", "学籍转移", "幼儿园报名",
    "燃气开户", "燃气过户", "水表更换", "电费缴纳", "取暖费缴纳", "物业费纠纷", "维修基金使用", "电梯维修",
    "欠薪投诉", "劳动合同备案", "劳动仲裁", "职称评审", "技能培训补贴", "创业担保贷款", "就业登记", "失业登记",
    "高龄津贴", "养老金资格认证", "退休手续办理", "遗属补助", "退役军人优待证", "献血证", "无犯罪记录证明",
    "死亡证明", "殡葬补贴", "婚育证明", "独生子女证", "大病救助", "医疗救助", "残疾人补贴", "环评审批",
    "排污许可", "建设工程规划许可", "施工许可", "占道施工审批", "户外广告审批", "犬只登记", "路灯报修",
    "井盖缺失", "噪音投诉", "占道经营", "违法建设", "垃圾清运", "政府信息公开申请", "双休日预约", "网上预约",
]
DISTRICTS = ["长安区", "桥西区", "新华区", "裕华区", "井陉矿区", "藁城区", "鹿泉区", "栾城区", "井陉县", "正定县",
             "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县", "平山县", "元氏县", "赵县", "辛集市",
             "晋州市", "新乐市", "高新区", "经开区", "循环化工园区", "正定新区"]
HALLS = ["政务服务中心", "政务服务大厅", "行政服务中心", "便民服务中心", "社区服务站", "派出所户籍窗口",
         "社保经办大厅", "公积金管理部", "不动产登记中心", "出入境接待大厅", "车管所", "税务服务厅"]
MATERIALS = ["本人身份证原件及复印件", "户口簿原件及复印件", "结婚证", "一寸免冠照片两张", "申请表",
             "单位出具的证明", "房屋产权证明", "租房合同", "劳动合同", "社保缴费证明", "出生医学证明",
             "医院诊断证明", "住院发票", "银行卡或存折", "居住证", "营业执照副本", "委托书和代办人身份证",
             "收入证明", "残疾人证", "学籍证明", "不动产权证书", "购房合同", "离婚协议", "体检报告"]
QUESTION_TEMPLATES = [
    "{item}需要什么材料?", "{item}在哪里办理?", "{district}{item}去哪里办?", "{item}多长时间能办好?",
    "{item}可以网上办理吗?", "{item}收费吗?", "{item}的办理流程是什么?", "外地户口能在本市{item}吗?",
    "{item}必须本人到场吗?", "{district}{hall}可以{item}吗?", "{item}周末能办吗?", "{item}需要预约吗?",
    "{item}办理条件有哪些?", "{item}有什么注意事项?", "{item}进度怎么查询?",
]
SENTENCES = [
    "办理{item}需要准备:{materials}。",
    "请携带{materials}到{district}{hall}办理。",
    "办理地点:{district}{hall}({district}{road}{number}号),工作时间周一至周五 9:00—12:00、13:00—17:00。",
    "材料齐全的,窗口当场受理,{days}个工作日内办结;材料不全的,窗口一次性告知需补正的材料。",
    "也可以登录政务服务网,实名认证后在线申请{item},审核通过后结果可免费邮寄。",
    "{item}不收取费用。",
    "委托他人代办的,需提供{materials}。",
    "咨询电话:0311-{phone},也可以拨打12345热线咨询。",
    "符合条件的,经审核公示{days}日无异议后予以办理。",
    "周六、周日可通过双休日预约服务提前预约,法定节假日不办理业务。",
    "办理进度可通过短信通知或在用户空间查询。",
    "外地户籍人员持有效居住证可在居住地办理。",
    "首次办理的,需由本人到窗口采集信息;再次办理可全程网办。",
    "逾期未办理的,请到{district}{hall}说明情况后补办。",
]
ROADS = ["中山路", "建设大街", "裕华路", "和平路", "胜利大街", "体育大街", "友谊大街", "槐安路", "平安大街", "光华路"]


def generated_entry(rng: random.Random) -> tuple[str, str, str]:
    """(question, answer html, keywords) of one realistic entry."""
    item = rng.choice(ITEMS)
    slots = {"item": item, "district": rng.choice(DISTRICTS), "hall": rng.choice(HALLS)}
    question = rng.choice(QUESTION_TEMPLATES).format(**slots)
    sentences = []
    for template in rng.sample(SENTENCES, rng.randint(3, 6)):
        sentences.append(template.format(
            materials="、".join(rng.sample(MATERIALS, rng.randint(2, 5))), road=rng.choice(ROADS),
            number=rng.randint(1, 300), days=rng.choice([3, 5, 7, 10, 15, 20]), phone=rng.randint(80000000, 89999999),
            **slots))
    answer = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    return question, answer, f"{item},{slots['district']}"


def _generate(count: int) -> None:
    """Insert ``count`` published entries with one executemany per batch (the ORM's bulk_create
    spends more time compiling SQL than the database spends storing 180,000 rows)."""
    from django.utils import timezone

    from kb.models import Article
    from tickets.models import Category, Department

    rng = random.Random(12345)
    departments = list(Department.objects.values_list("pk", flat=True))
    categories = list(Category.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    now = timezone.now()
    columns = ("question", "answer", "keywords", "synonyms", "is_public", "status", "version", "helpful_count",
               "outdated_count", "department_id", "category_id", "published_at", "created_at", "updated_at")
    sql = (f"INSERT INTO {Article._meta.db_table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, 5000):
            rows = []
            for _ in range(min(5000, count - start)):
                question, answer, keywords = generated_entry(rng)
                rows.append((question, answer, keywords, "", rng.random() > 0.1, "published", 1, 0, 0,
                             rng.choice(departments), rng.choice(categories), now, now, now))
            cursor.executemany(sql, rows)


def _segmentation_rate() -> None:
    """jieba's own speed on one core, without the cache of repeated phrases (generated entries
    repeat more than real ones, so the index build figure is the optimistic one)."""
    from kb.richtext import answer_text
    from kb.text import _block_terms, index_terms

    rng = random.Random(777)
    texts = [answer_text(generated_entry(rng)[1]) for _ in range(1000)]
    _block_terms.cache_clear()
    started = time.perf_counter()
    for text in texts:
        index_terms(text)
        _block_terms.cache_clear()
    elapsed = time.perf_counter() - started
    emit(BENCH, "segmentation_rate_uncached", round(sum(map(len, texts)) / elapsed), "chars/s",
         note="jieba search-mode segmentation on one core, phrase cache cleared after every entry")


def _queries(rng: random.Random, count: int) -> list[str]:
    """Spoken queries over the generated vocabulary, plus the evaluation set, plus short ones."""
    from kb.evaluation import QUERIES

    spoken = ["{district}{item}去哪里办", "{item}要带什么", "请问{item}能不能在网上办", "我想问一下{item}多久能好",
              "{item}周末可以办吗"]
    queries = [query for query, _ in QUERIES]
    for _ in range(count):
        queries.append(rng.choice(spoken).format(item=rng.choice(ITEMS), district=rng.choice(DISTRICTS)))
    return queries


def _timed(queries: list[str], **options) -> list[float]:
    from kb.search import search

    samples = []
    for query in queries:
        started = time.perf_counter()
        search(query, **options)
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    from kb.demo import seed_articles
    from kb.evaluation import evaluate
    from kb import indexing
    from kb.search import backend_name
    from kb.text import tokenizer
    from tickets.management.commands import seed_demo

    count = int(os.environ.get("KB_BENCH_ENTRIES", "180000"))
    workers = int(os.environ.get("KB_BENCH_WORKERS", str(os.cpu_count() or 1)))
    vendor = connection.vendor
    seed_demo.seed_departments()
    seed_demo.seed_categories()
    tokenizer()
    seed_articles()

    started = time.perf_counter()
    _generate(count)
    emit(BENCH, "generate_entries", round(time.perf_counter() - started, 2), "s", entries=count, database=vendor)

    _segmentation_rate()
    started = time.perf_counter()
    indexed = indexing.rebuild(workers=workers)
    build = time.perf_counter() - started
    emit(BENCH, "index_build_time", round(build, 2), "s", entries=indexed, workers=workers, database=vendor,
         rate=round(indexed / build, 1))

    rng = random.Random(54321)
    queries = _queries(rng, 150)
    _timed(queries[:10])  # warm caches and connections
    samples = _timed(queries)
    summary = summary_ms(samples)
    emit(BENCH, "search_latency_p50", summary["p50"], "ms", backend=backend_name(), database=vendor,
         entries=indexed, queries=len(queries))
    emit(BENCH, "search_latency_p95", summary["p95"], "ms", backend=backend_name(), database=vendor,
         entries=indexed, queries=len(queries))
    staff = summary_ms(_timed(queries, include_internal=True))
    emit(BENCH, "search_latency_staff_p95", staff["p95"], "ms", database=vendor, entries=indexed)
    short = summary_ms(_timed(["护照", "低保", "路灯", "环", "公积", "预约", "户口", "证"] * 5))
    emit(BENCH, "search_latency_short_query_p95", short["p95"], "ms", database=vendor, entries=indexed,
         note="one- and two-character queries: substring fallback")

    for top in (3, 1):
        result = evaluate(top=top)
        emit(BENCH, f"eval_top{top}", round(result.score, 3), "fraction", hits=result.hits, total=result.total,
             entries=indexed, database=vendor)

    _clean_up()


def _clean_up() -> None:
    """Leave the shared bench database as it was. Raw deletes: the ORM would send a signal per entry."""
    from kb.models import Article, ArticleFeedback, ArticleLog, ArticleVersion, SearchEntry, TermStat
    from tickets.models import Ticket

    with transaction.atomic():
        Ticket.objects.filter(kb_article__isnull=False).update(kb_article=None)
        with connection.cursor() as cursor:
            for model in (SearchEntry, TermStat, ArticleFeedback, ArticleVersion, ArticleLog, Article):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
