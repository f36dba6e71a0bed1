"""A fixed set of queries written the way callers speak (口语), each with the demo entry (or
entries, where two answer it equally) that should come back in the top three.

Used by the ranking tests on every backend and by bench/kb_search.py, which reports the score
with the demo entries hidden among 180,000 generated ones. Write new queries as a caller would
say them, not by copying words from the entry.
"""

from __future__ import annotations

from dataclasses import dataclass

QUERIES: list[tuple[str, tuple[str, ...]]] = [
    ("周末能不能去办事", ("weekend-appointment-what",)),
    ("孩子刚出生怎么上户口", ("newborn-hukou",)),
    ("星期六想去大厅办业务要怎么约", ("weekend-appointment-what", "weekend-appointment-steps")),
    ("预约了去不了怎么取消", ("weekend-appointment-cancel",)),
    ("约好了没去会不会被拉黑", ("weekend-appointment-blacklist",)),
    ("预约的到了现场要带什么证件", ("weekend-appointment-onsite",)),
    ("一个人能同时约好几个业务吗", ("weekend-appointment-rules",)),
    ("周五下午还能约这周六的吗", ("weekend-appointment-deadline", "weekend-appointment-what")),
    ("在政务服务网上怎么注册账号", ("web-register-person",)),
    ("网上办事非要实名认证吗", ("web-real-name",)),
    ("能不能用支付宝登录", ("web-alipay",)),
    ("网站的密码忘了咋办", ("web-forgot-password",)),
    ("我们公司想注册个法人账号", ("web-register-company",)),
    ("数字证书怎么绑定", ("web-ca-certificate",)),
    ("我写的信回复了没有在哪里查", ("letter-reply-lookup",)),
    ("匿名提交的投诉怎么看答复", ("letter-reply-lookup",)),
    ("网页显示不全是怎么回事", ("web-page-incomplete",)),
    ("网站要用什么浏览器", ("web-browser",)),
    ("怎么切换到县里的站点", ("web-switch-site",)),
    ("办低保要带哪些材料", ("dibao-urban-materials", "dibao-rural-process")),
    ("农村低保怎么申请", ("dibao-rural-process",)),
    ("住院花了好多钱能申请大病救助吗", ("major-illness-aid-rural", "major-illness-aid-urban")),
    ("申请廉租房要准备什么", ("low-rent-housing-materials",)),
    ("廉租房要公示几天", ("low-rent-housing-process",)),
    ("退休人员养老金认证什么时候去社区", ("pension-certification-retirees",)),
    ("失地农民的养老金认证", ("landless-farmer-pension-certification",)),
    ("失业了怎么办失业证", ("employment-registration-who", "employment-registration-how")),
    ("家里人都没工作有什么补助", ("zero-employment-family",)),
    ("重度残疾人每个月有补助吗", ("severe-disability-aid",)),
    ("五保户要什么条件", ("wubao",)),
    ("桥西区办护照去哪里", ("passport-where",)),
    ("外地户口在石家庄能办港澳通行证吗", ("passport-where",)),
    ("出入境大厅几点下班", ("exit-entry-saturday",)),
    ("第一次办护照要带什么", ("passport-first-time",)),
    ("护照办好了去哪拿", ("passport-collect",)),
    ("出入境大厅周六上班吗", ("exit-entry-saturday",)),
    ("政务大厅几点开门", ("service-hall-hours",)),
    ("政务服务大厅的投诉电话是多少", ("service-hall-address-phone",)),
    ("办完的证件能寄到家里吗", ("result-delivery",)),
    ("窗口让我交指南上没有的材料合理吗", ("no-extra-requirements",)),
    ("想领养个孩子要办什么手续", ("adoption-certificate",)),
    ("独生子女光荣证怎么办", ("only-child-certificate",)),
    ("户口迁到社区要什么手续", ("hukou-move-in",)),
    ("农村户口能转到镇上吗", ("small-town-hukou",)),
    ("社保补贴申报要哪些东西", ("social-insurance-subsidy",)),
    ("遗属补助认证是几月份", ("survivor-allowance-certification",)),
    ("打12345能帮我解决什么", ("hotline-what",)),
    ("自助机能办什么", ("self-service-terminal",)),
    ("开个小饭馆要跑几个部门", ("one-thing-service",)),
    ("材料没带齐会不会让我跑好几趟", ("incomplete-materials",)),
    ("建设项目环评在哪办", ("eia-approval",)),
    ("哪些事情可以在网上办", ("online-service-scope",)),
    ("公积金怎么提取", ("housing-fund-withdraw",)),
    ("路灯不亮找谁", ("streetlight-broken",)),
    ("家里一股煤气味咋办", ("gas-leak",)),
    ("突然停电了打哪个电话", ("power-outage",)),
    ("老板三个月不发工资去哪告", ("hrss-unpaid-wages",)),
    ("楼下天天有人摆摊卖菜", ("urban-street-vendors",)),
]


@dataclass
class Evaluation:
    total: int
    hits: int
    misses: list[tuple[str, tuple[str, ...], list[str]]]

    @property
    def score(self) -> float:
        return self.hits / self.total if self.total else 0.0


def evaluate(*, top: int = 3, include_internal: bool = False, search=None) -> Evaluation:
    """Run every query; a hit is any expected entry among the first ``top`` results."""
    from kb.search import search as default_search

    search = search or default_search
    hits, misses = 0, []
    for query, expected in QUERIES:
        result = search(query, include_internal=include_internal, limit=top)
        slugs = [hit.article.slug for hit in result.hits]
        if any(slug in expected for slug in slugs):
            hits += 1
        else:
            misses.append((query, expected, slugs))
    return Evaluation(total=len(QUERIES), hits=hits, misses=misses)
