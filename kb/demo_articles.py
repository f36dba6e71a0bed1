"""Demo knowledge-base entries, written from the documents in shared/seeds (service-hall notices,
the weekend appointment rules, the provincial service website's user guide, a community service
hall's checklists, the exit-entry service), in simplified Chinese, for Shijiazhuang; the other units'
citizen questions are in kb.demo_citizen_faq and appended here.

Each entry: slug (stable key, so seeding is idempotent), question, answer (safe HTML), department
and category codes (tickets.demo_data), keywords, synonyms (callers' wording), public or internal.
Loaded by kb.demo.seed_articles() from `manage.py seed_demo`.
"""

from kb.demo_citizen_faq import CITIZEN_FAQ

# Slugs an older release seeded and the demo no longer has: Beijing's district exit-entry halls,
# which named districts abolished in 2010 in a deployment that is otherwise Shijiazhuang. seed_demo
# archives them where no editor has touched them.
RETIRED_SLUGS = [f"exit-entry-hall-{district}" for district in (
    "dongcheng", "xicheng", "chaoyang", "haidian", "chongwen", "xuanwu", "fengtai", "tongzhou", "shunyi",
    "pinggu", "daxing", "shijingshan", "mentougou", "fangshan", "huairou", "miyun", "changping", "yanqing")]

ARTICLES = [
    # --- Weekend appointments (双休日预约服务) -----------------------------------------------------
    {
        "slug": "weekend-appointment-what",
        "question": "周末（双休日）能到政务服务中心办事吗？什么是双休日预约服务？",
        "answer": (
            "<p>可以，但需要提前预约。双休日预约服务是指申请人通过市行政审批局网站预约办理业务，"
            "工作人员收到系统提示后审核并合理安排预约时间，通过告知单告知申请人；"
            "预约成功后，申请人在约定时间到政务服务中心约定窗口办理相关业务。</p>"
            "<p>周一至周五上午12:00前可预约本周六、周日的服务。<strong>法定节假日不办理业务</strong>，请勿在节假日预约。</p>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "双休日预约，周末办事，周六，周日，预约服务",
        "synonyms": "周末能办事吗，星期六办业务，星期天上班吗，周末加班窗口",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-deadline",
        "question": "双休日预约最晚什么时候要约？节假日可以预约吗？",
        "answer": (
            "<p>周一至周五<strong>上午12:00前</strong>可以预约本周六、周日的服务，超过时间只能预约下一周。</p>"
            "<p>法定节假日不办理业务，请勿在节假日预约。</p>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "预约时间，截止时间，12点前，节假日",
        "synonyms": "几点前预约，什么时候约，放假能不能约",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-steps",
        "question": "双休日预约怎么操作？预约流程是什么？",
        "answer": (
            "<ol><li>进入预约页面，填写预约信息，包括申请事项、申请人姓名、身份证号、联系方式、预约时间范围等；</li>"
            "<li>工作人员审核；</li><li>确定预约时间和需要携带的材料；</li>"
            "<li>向申请人发送预约通知告知单；</li><li>申请人确认预约。</li></ol>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "预约流程，预约步骤，网上预约，告知单",
        "synonyms": "怎么预约，预约怎么弄，在哪预约",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-onsite",
        "question": "预约成功后到了大厅怎么确认？要带什么证件？",
        "answer": (
            "<p>请按预约的时间段到政务服务大厅预约窗口，<strong>凭二代身份证取号确认</strong>,"
            "然后到约定窗口办理。请同时带齐告知单上列明的办事材料。</p>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "现场确认，取号，二代身份证，预约窗口",
        "synonyms": "到了怎么取号，去了找哪个窗口，带身份证",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-cancel",
        "question": "预约了但去不了，怎么取消？迟到了怎么办？",
        "answer": (
            "<p>无法在预约时间前来办理的，需<strong>提前半天取消预约</strong>。"
            "超过预约时间半小时未到达且电话联系不到的，视作放弃预约。</p>"
            "<p>网上预约后经与工作人员沟通，发现资料不完备或不属于审批局业务范围的，由申请人或工作人员取消申请。</p>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "取消预约，迟到，放弃预约，提前半天",
        "synonyms": "去不了，来不了，改时间，临时有事",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-blacklist",
        "question": "预约了没去会怎么样？会被列入黑名单吗？",
        "answer": (
            "<p>预约成功后未履约次数<strong>超过两次</strong>的，将被系统列入黑名单，不再接受其预约服务。</p>"
            "<p>提前取消预约的，不算在未履约次数内。</p>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "黑名单，未履约，爽约，失约",
        "synonyms": "没去，放鸽子，拉黑，约了不去",
        "is_public": True,
    },
    {
        "slug": "weekend-appointment-rules",
        "question": "双休日预约有哪些注意事项？一个人能同时预约几项业务？",
        "answer": (
            "<ol><li>预约时填写的身份证号码必须与业务申请人之一的身份证号码一致，否则不予受理；</li>"
            "<li>请按预约时间段准时到政务服务中心办理；</li>"
            "<li>同一申请人同时只能有<strong>一个有效预约</strong>，业务办理完毕后可再预约其他业务；</li>"
            "<li>请事先按要求准备好所办事项的全部材料，在约定时间内到预约地点办理。</li></ol>"
        ),
        "department": "admin_approval", "category": "600200",
        "keywords": "注意事项，一个有效预约，身份证号一致，同时预约",
        "synonyms": "能约几个，约好几个业务，帮家人预约",
        "is_public": True,
    },
    # --- The service hall ---------------------------------------------------------------------------
    {
        "slug": "service-hall-hours",
        "question": "政务服务大厅几点上班？周末开门吗？",
        "answer": (
            "<p>政务服务大厅服务时间为<strong>周一至周五 上午 9:00—12:00，下午 13:00—17:00</strong>。</p>"
            "<p>周六、周日需通过双休日预约服务提前预约办理；法定节假日不办理业务。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "工作时间，上班时间，服务时间，政务服务大厅",
        "synonyms": "几点开门，几点下班，中午休息吗，开放时间",
        "is_public": True,
    },
    {
        "slug": "service-hall-address-phone",
        "question": "市政务服务大厅在哪里？有问题打什么电话咨询、投诉？",
        "answer": (
            "<p>市级审批服务事项在<strong>石家庄市政务服务中心</strong>集中办理，由市行政审批局负责；"
            "长安区、桥西区、新华区、裕华区等各县（市、区）也设有本级政务服务中心，办理本级事项。</p>"
            "<p>咨询办事流程、查询大厅位置，或者投诉窗口服务，都可以拨打 <strong>12345</strong> 热线，"
            "也可以拨打市行政审批局值班电话 0311-86001016。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "地址，咨询电话，投诉电话，政务服务大厅，政务服务中心，电话号码",
        "synonyms": "大厅在哪，大厅电话，怎么投诉窗口，市民中心在哪，政务大厅地址",
        "is_public": True,
    },
    {
        "slug": "one-window-service",
        "question": "什么是“一窗受理”综合窗口？办事要跑几个窗口？",
        "answer": (
            "<p>政务大厅实行“前台综合受理、后台分类审批、统一窗口出件”：在综合受理窗口提交申请，"
            "由工作人员把材料流转到各部门后台审批，办理结果在统一出件窗口领取，"
            "做到“进一扇门、到一个窗、办多个事”。</p>"
            "<p>综合受理窗口分为商事登记、工程建设项目、社会事务、专职受理（受理邮件、信函和网上提交的申请）"
            "以及应对高峰的“潮汐窗口”。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "一窗受理，综合受理窗口，统一出件，进一扇门",
        "synonyms": "跑几个窗口，去哪个窗口，窗口太多",
        "is_public": True,
    },
    {
        "slug": "incomplete-materials",
        "question": "材料不齐怎么办？会不会让我来回跑好几趟？",
        "answer": (
            "<p>申请材料不齐全或不符合要求的，窗口会按规定出具<strong>补齐补正通知</strong>,"
            "一次性告知需要补充的全部材料；网上提交的申请也有预审，需要补正的材料同样一次性告知。</p>"
            "<p>材料齐全、符合法定形式的，窗口当日受理并流转到部门审批。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "补齐补正，一次性告知，材料不全，预审",
        "synonyms": "来回跑，跑好几趟，缺材料，少带了材料",
        "is_public": True,
    },
    {
        "slug": "no-extra-requirements",
        "question": "窗口要我交办事指南上没有的材料，合理吗？",
        "answer": (
            "<p>办事指南列明了办理条件、流程时限、收费标准、注意事项以及需提交材料的名称、格式、份数等。"
            "<strong>除办事指南明确的条件外，不得自行增加办事要求。</strong></p>"
            "<p>遇到要求提交指南以外材料的情况，可向大厅投诉电话反映，或拨打 12345 投诉。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "办事指南，增加材料，额外要求，投诉窗口",
        "synonyms": "多要材料，乱要证明，指南上没有",
        "is_public": True,
    },
    {
        "slug": "result-delivery",
        "question": "办好的证照能邮寄吗？在哪里领取办理结果？",
        "answer": (
            "<p>证照、批文等办理结果统一返回政务大厅的统一出件窗口。根据申请人自愿选择，"
            "可以在出件窗口<strong>当场领取，也可以免费邮寄送达</strong>。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "邮寄，免费邮寄，统一出件窗口，领取结果",
        "synonyms": "寄到家，快递，不想再跑一趟，证件邮寄",
        "is_public": True,
    },
    {
        "slug": "tide-window",
        "question": "会计专业技术资格考试报名、高中毕业证书验印在哪里办？",
        "answer": (
            "<p>这类季节性强、办理时间集中的当场办结事项，在办件集中的时期由主管部门临时增派人员，"
            "到市政府政务大厅的<strong>“潮汐窗口”</strong>办理。其他时间请咨询主管部门或拨打 12345。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "潮汐窗口，会计考试报名，毕业证验印",
        "synonyms": "会计证报名，高中毕业证盖章",
        "is_public": True,
    },
    {
        "slug": "progress-notification",
        "question": "在大厅办的事怎么知道办到哪一步了？",
        "answer": (
            "<p>政务服务平台会通过短信推送、办理进度反馈等方式告知申请事项的办理动态；"
            "也可以登录政务服务网在“用户空间”查看办件进度，或拨打大厅咨询电话查询。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "办理进度，进度查询，短信推送",
        "synonyms": "办到哪了，什么时候办好，查进度",
        "is_public": True,
    },
    {
        "slug": "online-service-scope",
        "question": "哪些事情可以在网上办理？",
        "answer": (
            "<p>与群众和企业密切相关的事项正逐步实现网上受理、网上办理、网上反馈，包括："
            "企业注册登记、年度报告、变更注销、生产经营、资质认定、税费办理，"
            "以及教育医疗、户籍户政、社会保障、劳动就业、住房保障等。</p>"
            "<p>具体事项请在政务服务网按“服务主题”“服务部门”搜索，查看办事指南中是否提供“在线申请”。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "网上办理，互联网+政务服务，全程网办，在线申请",
        "synonyms": "不用跑腿，网上能办吗，手机上办",
        "is_public": True,
    },
    {
        "slug": "one-thing-service",
        "question": "开饭店、开便利店要跑好几个部门吗？什么是“一件事”套餐办理？",
        "answer": (
            "<p>围绕开办餐馆、幼儿园、便利店、诊所、二手房买卖等常见场景，实行“关联事项、一表申请、一链办理”："
            "在综合窗口填一张表、交一套材料，由后台各部门并联办理，不用再分别跑多个部门。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "一件事，一表申请，开办餐馆，便利店，诊所，二手房",
        "synonyms": "开小饭馆，开店手续，开超市，跑几个部门",
        "is_public": True,
    },
    {
        "slug": "self-service-terminal",
        "question": "政务自助终端（自助机）能办哪些事？",
        "answer": (
            "<p>24小时自助服务区的智慧政务自助终端，凭居民身份证可在全市任一台自助终端上跨区域办理"
            "<strong>咨询、查询、缴费、办证、打证</strong>等简单、需求量大的事项。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "自助终端，自助机，24小时，打证，缴费",
        "synonyms": "晚上能办吗，机器上办，自助打印",
        "is_public": True,
    },
    {
        "slug": "report-misconduct",
        "question": "办事时遇到窗口不作为、乱作为，可以在哪里反映？",
        "answer": (
            "<p>可以通过以下渠道反映，处理结果会及时反馈：</p>"
            "<ul><li>拨打 12345 政务服务便民热线，或在网上信箱“我要投诉”留言；</li>"
            "<li>政府门户网站“曝光纠错”栏目；</li><li>政务服务大厅投诉电话。</li></ul>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "不作为，乱作为，慢作为，曝光纠错，投诉",
        "synonyms": "窗口态度差，工作人员推诿，刁难",
        "is_public": True,
    },
    {
        "slug": "community-proxy-service",
        "question": "老人行动不便，社区能不能上门帮忙代办？",
        "answer": (
            "<p>乡镇（街道）便民服务中心和村（社区）便民服务站在劳动就业、社会保险、社会救助等领域"
            "开展<strong>上门办理、免费代办</strong>服务。请联系户籍所在地社区说明情况。</p>"
        ),
        "department": "civil_affairs", "category": "600100",
        "keywords": "上门服务，免费代办，便民服务站，行动不便",
        "synonyms": "老人办不了，帮忙代办，上门办理",
        "is_public": True,
    },
    # --- 12345 and letters ------------------------------------------------------------------------------------
    {
        "slug": "hotline-what",
        "question": "12345热线能帮我做什么？",
        "answer": (
            "<p>12345 政务服务便民热线整合了各部门的服务热线，受理<strong>咨询、求助、投诉、举报、建议</strong>"
            "以及表扬，7×24 小时接听。可通过电话、网上信箱、微信公众号等渠道提交，"
            "办理过程和结果可查询、可跟踪、可评价。</p>"
            "<p>遇到危及生命财产安全的紧急情况，请直接拨打 110、119、120 或 122。</p>"
        ),
        "department": "admin_approval", "category": "600000",
        "keywords": "12345，便民热线，市民热线，受理范围",
        "synonyms": "打12345有用吗，热线管什么，找政府反映",
        "is_public": True,
    },
    {
        "slug": "letter-reply-lookup",
        "question": "我在网上提交的咨询、投诉，怎么查看答复？",
        "answer": (
            "<p>有两种方式：</p>"
            "<ol><li>登录后提交的：进入“用户空间”，在“我的咨询”或“我的投诉”中查看；</li>"
            "<li>未登录（匿名）提交的：在“信件查询”页面直接输入<strong>信件编号和查询密码</strong>查看办理进度和答复。</li></ol>"
            "<p>信件编号和查询密码在提交成功时显示，请妥善保存。办结后还可以对办理结果进行评价。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "查看答复，信件查询，信件编号，查询密码，我的咨询，我的投诉",
        "synonyms": "回复了没有，查结果，写的信，留言回复，办理结果",
        "is_public": True,
    },
    {
        "slug": "letter-lost-password",
        "question": "信件编号或查询密码忘了，还能查信件吗？",
        "answer": (
            "<p>为保护来信人隐私，信件须凭信件编号和查询密码查询，工作人员不会在电话中透露他人信件内容。</p>"
            "<p>如遗失编号或密码，可拨打 12345，由话务员核实来电号码与登记信息一致后协助查询办理情况。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "查询密码，信件编号，遗失，找回",
        "synonyms": "密码忘了，编号丢了，查不到信",
        "is_public": True,
    },
    {
        "slug": "online-consult-complaint",
        "question": "怎么在网上咨询或者投诉？",
        "answer": (
            "<p>网站首页“我要问”中点击“我要咨询”或“我要投诉”，选择要咨询的部门或事项类别，填写问题后提交，"
            "相关部门会落实反馈。每个具体办事事项右侧也有“我要咨询”图标，点击即可在线咨询该事项。</p>"
            "<p>也可以拨打 12345 或通过微信公众号提交。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "我要咨询，我要投诉，网上咨询，在线咨询",
        "synonyms": "网上反映，留言，写信给政府",
        "is_public": True,
    },
    # --- The provincial service website (政务服务网) -------------------------------------------------------------
    {
        "slug": "web-browser",
        "question": "政务服务网用什么浏览器？分辨率有什么要求？",
        "answer": (
            "<p>政务服务网支持 IE9.0 以上版本的浏览器，最低分辨率 1024×768，建议分辨率 1366×768。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "浏览器，分辨率，ie9，兼容",
        "synonyms": "网站打不开用什么浏览器，电脑要求",
        "is_public": True,
    },
    {
        "slug": "web-switch-site",
        "question": "政务服务网怎么切换到市里或县里的站点？",
        "answer": (
            "<p>河北政务服务网设有省级主站和各市、县（市、区）分站。点击网页头部的站点名称即可切换到石家庄市或所在县（市、区）的站点。</p>"
            "<p>省级站点只列省级办理事项，市级站点只列市级事项，县（市、区）站点只列本级事项；"
            "知道事项在哪一级办理的，请先切换到相应分站再查找。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "切换站点，分站，主站，市级站点",
        "synonyms": "找不到本地事项，换地区",
        "is_public": True,
    },
    {
        "slug": "web-register-person",
        "question": "个人怎么在政务服务网注册账号？",
        "answer": (
            "<ol><li>在自然人用户登录页面点击“注册”；</li>"
            "<li>填写本人手机号码，设置登录密码（须由数字、字母或符号中两种以上组成）；</li>"
            "<li>输入图片验证码（不区分大小写，看不清可点击更换），点击“获取验证码”，把收到的短信验证码填入输入框"
            "（超时可点“重新发送”）；</li>"
            "<li>阅读并同意注册协议，点击“注册”，进入实名认证页面完成实名认证；也可先跳过，完成未实名注册。</li></ol>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "注册，自然人用户，手机号注册，短信验证码，图片验证码",
        "synonyms": "开账号，怎么注册，注册不了，收不到验证码",
        "is_public": True,
    },
    {
        "slug": "web-real-name",
        "question": "政务服务网为什么要实名认证？怎么认证？",
        "answer": (
            "<p>注册用户<strong>只有完成实名认证后，才能在政务服务网网上办事</strong>。认证后实名信息不能更改，"
            "隐私信息未经本人许可严格保密。</p>"
            "<p>认证方法：</p><ol><li>注册时在实名认证页面填写真实姓名和身份证号码，点击“实名认证”；</li>"
            "<li>或登录后进入“用户空间”，点击“认证等级”，选择<strong>身份证认证</strong>(先短信验证手机，"
            "再填写姓名和身份证号)或<strong>支付宝认证</strong>（跳转支付宝扫码或账号密码登录）。</li></ol>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "实名认证，身份证认证，支付宝认证，认证等级",
        "synonyms": "实名怎么弄，认证身份，不实名能办吗",
        "is_public": True,
    },
    {
        "slug": "web-alipay",
        "question": "能用支付宝注册和登录政务服务网吗？",
        "answer": (
            "<p>可以。在自然人用户登录页面点击“支付宝登录”，用支付宝扫码或账号密码登录认证，"
            "成功后自动完成实名注册并进入“用户空间”。</p>"
            "<p>以后想用注册支付宝时预留的手机号码登录，请先通过“忘记密码”设置登录密码。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "支付宝登录，支付宝注册，扫码登录",
        "synonyms": "用支付宝，手机扫码登录",
        "is_public": True,
    },
    {
        "slug": "web-forgot-password",
        "question": "政务服务网登录密码忘了怎么办？",
        "answer": (
            "<p>在自然人用户登录页面点击“忘记密码”，输入注册手机号码和图片验证码，点击“下一步”；"
            "点击“获取验证码”，填入短信验证码后点击“下一步”；设置新密码，完成。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "忘记密码，找回密码，重置密码，登录密码",
        "synonyms": "密码忘了，登不上去，改密码",
        "is_public": True,
    },
    {
        "slug": "web-login",
        "question": "政务服务网怎么登录？可以用身份证号登录吗？",
        "answer": (
            "<p><strong>个人：</strong>点击“登录”，选择自然人用户登录，输入手机号码或身份证号码和密码；也可以用支付宝登录。</p>"
            "<p><strong>法人：</strong>选择法人用户登录，输入统一社会信用代码和密码，或插入数字证书点击“证书登录”。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "登录，身份证号登录，手机号登录，证书登录",
        "synonyms": "怎么登陆，登不进去",
        "is_public": True,
    },
    {
        "slug": "web-register-company",
        "question": "企业（法人）怎么在政务服务网注册？",
        "answer": (
            "<p>法人用户注册前，<strong>法定代表人须先完成自然人实名注册</strong>。</p>"
            "<ol><li>在法人用户登录页面点击“注册”；</li>"
            "<li>选择法人类型（企业、农专社、个体、事业单位、社团/民非/基金会、政府机关），"
            "填写企业或机构名称、统一社会信用代码、法定代表人姓名和身份证号码，设置密码，点击“实名认证”；</li>"
            "<li>没有数字证书的可点击“跳过此步骤”完成注册；已有证书的可绑定证书。</li></ol>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "法人注册，企业注册账号，统一社会信用代码，法定代表人",
        "synonyms": "公司怎么注册，单位账号，企业账号",
        "is_public": True,
    },
    {
        "slug": "web-ca-certificate",
        "question": "法人用户怎么绑定数字证书（CA证书）？",
        "answer": (
            "<p>绑定前请先在电脑上安装好证书驱动程序。</p>"
            "<ol><li>注册时绑定：插入数字证书，在下拉框中选择企业或机构名称，点击“绑定证书”；</li>"
            "<li>注册后绑定：用统一社会信用代码和密码登录，在“用户空间”点击“认证等级”，选择高级认证中的“CA认证”，"
            "短信验证后插入证书，选择企业名称，点击“绑定证书”。</li></ol>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "数字证书，ca认证，绑定证书，证书驱动",
        "synonyms": "ukey，证书怎么绑，高级认证",
        "is_public": True,
    },
    {
        "slug": "web-how-to-apply",
        "question": "在政务服务网上怎么找到要办的事项并申请？",
        "answer": (
            "<p>先点击“自然人办事”或“法人办事”，再按“服务主题”“服务部门”或“生命周期”找到事项，"
            "点击办事指南查看办理条件和材料；提供“在线申请”的，点击即可进入办事界面。</p>"
            "<p>在本级站点找不到的，可使用“搜索”栏目查找，或切换到相应级别的分站。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "网上办事，在线申请，办事指南，服务主题，生命周期",
        "synonyms": "网上怎么办，找不到事项，怎么申请",
        "is_public": True,
    },
    {
        "slug": "web-page-incomplete",
        "question": "网页内容显示不全、链接打不开是怎么回事？",
        "answer": (
            "<ul><li>浏览器版本过低：请升级浏览器后再访问；</li>"
            "<li>浏览器或上网助手拦截了弹出窗口：网站部分内容以弹出窗口显示，请在拦截设置中允许本网站弹出窗口。</li></ul>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "显示不全，打不开，弹出窗口，拦截",
        "synonyms": "网页乱了，点了没反应，页面空白",
        "is_public": True,
    },
    {
        "slug": "web-safety",
        "question": "使用政务服务网要注意哪些账号安全问题？",
        "answer": (
            "<ul><li>尽量避免在网吧等公共场合登录办事系统；</li>"
            "<li>无论在什么场合登录，离开时一定要退出并关闭浏览器；</li>"
            "<li>不要把密码和短信验证码告诉他人。</li></ul>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "账号安全，网吧，关闭浏览器，信息安全",
        "synonyms": "账号被盗，怕泄露信息",
        "is_public": True,
    },
    {
        "slug": "web-unified-account",
        "question": "什么是统一用户账号？",
        "answer": (
            "<p>统一用户账号是登录政务服务网的统一身份。有了它，可以在众多政务服务中直接登录使用，"
            "免去重复注册、重复登录，做到“单点登录、全网通办”。个人以身份证号、法人以统一社会信用代码作为唯一标识。</p>"
        ),
        "department": "admin_approval", "category": "600300",
        "keywords": "统一用户账号，单点登录，统一身份认证",
        "synonyms": "要注册好几个账号吗，一个账号",
        "is_public": True,
    },
    # --- Household registration (户政) -------------------------------------------------------------------------
    {
        "slug": "newborn-hukou",
        "question": "婴儿出生后怎么上户口（婴儿入户）？需要什么材料？",
        "answer": (
            "<p>婴儿入户一般需要准备：</p>"
            "<ol><li>夫妻双方户口本；</li><li>夫妻双方身份证；</li><li>结婚证；</li>"
            "<li>婴儿的出生医学证明。</li></ol>"
            "<p>到父亲或母亲户籍所在地派出所户籍窗口办理。各地要求可能有差异，请以派出所《户政业务告知单》为准。</p>"
        ),
        "department": "psb_household", "category": "500101",
        "keywords": "婴儿入户，新生儿落户，出生医学证明，上户口",
        "synonyms": "孩子上户口，宝宝落户，报户口，小孩入户，新生儿办户口",
        "is_public": True,
    },
    {
        "slug": "hukou-move-in",
        "question": "户口迁入社区需要办什么手续？",
        "answer": (
            "<p>办理户口迁入本社区，须持有迁入户在本社区境内的房产证（不动产权证书），"
            "经社区审核签章后到派出所办理；落户不再要求提供计划生育情况的证明。</p>"
            "<p>开发商尚未与社区办理物业等手续的商品房，购房户户口社区暂不接收。具体要求请咨询社区和辖区派出所。</p>"
        ),
        "department": "psb_household", "category": "500100",
        "keywords": "户口迁入，迁户口，房产证，社区审核",
        "synonyms": "户口迁过来，把户口落到小区，买房落户",
        "is_public": True,
    },
    {
        "slug": "hukou-move-out",
        "question": "户口迁出要准备什么？",
        "answer": (
            "<p>户口迁出本社区的，需提供户口接收方出具的接收证明、结婚证（或房产证明）、户口本和身份证。</p>"
        ),
        "department": "psb_household", "category": "500100",
        "keywords": "户口迁出，接收证明，迁移",
        "synonyms": "把户口迁走，迁到外地",
        "is_public": True,
    },
    {
        "slug": "small-town-hukou",
        "question": "农村户口能办小城镇户口吗？要什么条件和材料？",
        "answer": (
            "<p>在小城镇有合法固定住所、稳定职业或生活来源的农业人口，以及与其共同居住生活的直系亲属，"
            "可申请小城镇常住户口。所需材料：</p>"
            "<ol><li>个人申请；</li><li>迁入人户籍证明（本县范围内可不提供）及亲属关系证明；</li>"
            "<li>《房屋产权证》或营业执照（须两年以上）、国家正式职工等有效用工证明，以及乡镇、村（居）民委员会意见。</li></ol>"
            "<p>未满十八周岁的居民不能单独立户。材料备齐后到派出所办理。</p>"
        ),
        "department": "psb_household", "category": "500100",
        "keywords": "小城镇户口，农转非，农业人口，单独立户",
        "synonyms": "农村户口转城镇，进城落户",
        "is_public": True,
    },
    # --- Exit and entry -------------------------------------------------------------------------------------------
    {
        "slug": "passport-where",
        "question": "石家庄办护照去哪里办？能就近办理吗？",
        "answer": (
            "<p>可以就近办理。市公安局出入境管理支队接待大厅和长安区、桥西区、新华区、裕华区等各县（市、区）"
            "公安局出入境接待窗口都受理护照、往来港澳通行证、往来台湾通行证及签注的申请。</p>"
            "<p>内地居民申请普通护照、出入境通行证和签注，已实行<strong>全国通办</strong>："
            "外地户籍在石家庄工作、生活的，也可以凭居民身份证在本市的出入境接待窗口申请，不用回户籍地。</p>"
            "<p>各窗口的位置和办公时间可拨打 12345 或出入境支队值班电话 0311-86001006 查询。</p>"
        ),
        "department": "psb_exit_entry", "category": "500200",
        "keywords": "办护照，出入境接待大厅，就近办理，网点，全国通办，地址，办公时间",
        "synonyms": "护照在哪办，护照哪里办，出国证件，办出国护照，出入境大厅在哪，外地户口办护照",
        "is_public": True,
    },
    {
        "slug": "passport-first-time",
        "question": "第一次办护照、第一次办港澳通行证要带什么？",
        "answer": (
            "<p>本人带<strong>居民身份证</strong>到出入境接待窗口，现场采集指纹和照片（多数窗口可现场拍照），填表提交即可；"
            "首次申请也可以在任一出入境接待窗口办理。</p>"
            "<p>未满 16 周岁的，由监护人陪同，带孩子的户口簿（或居民身份证）、出生医学证明等能证明监护关系的材料和监护人的身份证。"
            "国家工作人员等登记备案人员，还需按规定提交所在单位出具的意见。</p>"
        ),
        "department": "psb_exit_entry", "category": "500200",
        "keywords": "首次办理，首次申请护照，港澳通行证，港澳旅游签注，材料，未成年人",
        "synonyms": "头一次办护照，第一次出国，第一次去香港，孩子办护照，办护照带什么",
        "is_public": True,
    },
    {
        "slug": "passport-collect",
        "question": "护照办好了去哪里领？",
        "answer": (
            "<p>凭《取证凭单》上注明的取证日期，到<strong>递交申请的出入境接待窗口</strong>领取；"
            "申请时选择了邮寄送达的，证件会按填写的地址寄出，注意查收。</p>"
        ),
        "department": "psb_exit_entry", "category": "500200",
        "keywords": "领取护照，取证凭单，取证日期",
        "synonyms": "护照去哪拿，什么时候取，取护照",
        "is_public": True,
    },
    {
        "slug": "exit-entry-saturday",
        "question": "出入境接待大厅周末上班吗？几点办公？",
        "answer": (
            "<p>出入境接待窗口在工作日办公，法定节假日休息；部分窗口在周末或中午提供延时、预约服务，"
            "具体以窗口公布的时间为准。</p>"
            "<p>去之前可拨打 12345 或出入境支队值班电话 0311-86001006 问清楚，免得白跑。</p>"
        ),
        "department": "psb_exit_entry", "category": "500200",
        "keywords": "出入境，周六，周末，办公时间，节假日",
        "synonyms": "周末能办护照吗，星期六办签注，出入境几点下班",
        "is_public": True,
    },
    {
        "slug": "exit-entry-phone-internal",
        "question": "【坐席口径】出入境业务咨询如何答复和转接",
        "answer": (
            "<p>护照、港澳通行证、签注等出入境证件的一般咨询，可按知识库条目直接答复；"
            "涉及个人办证进度、加急办理的，派市公安局出入境管理支队，或告知市民拨打支队值班电话 0311-86001006、"
            "到受理窗口查询。</p>"
            "<p>普通护照和通行证已全国通办，外地户籍市民可在本市任一出入境接待窗口申请，答复时请提醒。</p>"
        ),
        "department": "psb_exit_entry", "category": "500200",
        "keywords": "坐席口径，出入境，转接，全国通办",
        "synonyms": "",
        "is_public": False,
    },
    # --- Social assistance (民政) -----------------------------------------------------------------------------------
    {
        "slug": "dibao-urban-materials",
        "question": "城镇居民申请低保（最低生活保障）需要什么材料？",
        "answer": (
            "<ol><li>个人书面申请；</li><li>户口簿及家庭成员身份证原件及复印件；</li><li>家庭收入证明；</li>"
            "<li>户籍证明；</li><li>残疾人提供残疾人证或县级以上医疗机构诊断证明；</li>"
            "<li>户主近期免冠一寸照片 4 张。</li></ol>"
            "<p>向户籍所在地社区提出申请。</p>"
        ),
        "department": "civil_affairs", "category": "100401",
        "keywords": "城镇低保，最低生活保障，低保材料，家庭收入证明",
        "synonyms": "吃低保，办低保，申请低保",
        "is_public": True,
    },
    {
        "slug": "dibao-rural-process",
        "question": "农村低保怎么申请？流程是什么？",
        "answer": (
            "<ol><li>个人提出申请；</li><li>入户调查；</li><li>提供户主及家庭成员户口簿及复印件、户主身份证及复印件；</li>"
            "<li>填写申请审批表、入户调查表、户主申请表；</li><li>社区出具家庭收入状况证明；</li>"
            "<li>填写承诺书；</li><li>提供残疾证、出院小结或病历诊断书等复印件（如有）。</li></ol>"
        ),
        "department": "civil_affairs", "category": "100401",
        "keywords": "农村低保，入户调查，承诺书，申请审批表",
        "synonyms": "农村吃低保，村里低保怎么办",
        "is_public": True,
    },
    {
        "slug": "wubao",
        "question": "什么人可以享受农村五保供养？怎么申请？",
        "answer": (
            "<p><strong>对象：</strong>老年、残疾或者未满16周岁的村民，无劳动能力、无生活来源又无法定赡养、抚养、扶养义务人，"
            "或者其法定义务人无赡养、抚养、扶养能力的。</p>"
            "<p><strong>申请：</strong>村民向社区（村）提出申请，经民主评议后在社区公告；无重大异议的，"
            "由社区委员会将评议意见和材料报乡镇人民政府审核。</p>"
        ),
        "department": "civil_affairs", "category": "100400",
        "keywords": "五保供养，五保户，特困供养，无劳动能力，民主评议，申请条件",
        "synonyms": "孤寡老人补助，没人养的老人，五保户条件，五保户怎么申请",
        "is_public": True,
    },
    {
        "slug": "severe-disability-aid",
        "question": "重度残疾人有生活救助吗？标准是多少？",
        "answer": (
            "<p><strong>对象：</strong>享受城乡低保待遇，持有《残疾人证》且残疾等级为二级以上（含二级）的残疾人。</p>"
            "<p><strong>程序：</strong>填写《贫困重度残疾人生活救助申请审批表》，通过村（居）委会向户口所在地乡镇政府申请；"
            "村（居）委会初审并公示，乡镇（街道）审核后由县（区）残联审批并公示 3 天，发放救助证。"
            "每年年初重新申请审核，低保待遇取消的随之取消。</p>"
            "<p><strong>标准：</strong>城镇每人每月 50 元，农村每人每月 30 元。</p>"
        ),
        "department": "civil_affairs", "category": "100400",
        "keywords": "重度残疾人，生活救助，残疾人证，二级以上",
        "synonyms": "残疾人补贴，残疾补助，重残补助",
        "is_public": True,
    },
    {
        "slug": "adoption-certificate",
        "question": "收养孩子要办什么手续？",
        "answer": (
            "<p>收养登记由民政部门的收养登记机关办理。收养人一般需要提交收养申请书、居民身份证、户口簿、"
            "婚姻状况证明和医疗机构出具的体检证明等，登记机关会按规定进行收养评估；不再需要计划生育部门签字。</p>"
            "<p>收养条件和所需材料因被收养人情况不同而有差别，请提前向市、区民政部门咨询，也可以拨打 12345。</p>"
        ),
        "department": "civil_affairs", "category": "100400",
        "keywords": "收养证，收养登记，领养",
        "synonyms": "领养小孩，抱养孩子",
        "is_public": True,
    },
    # --- Medical assistance ---------------------------------------------------------------------------------------------
    {
        "slug": "major-illness-aid-rural",
        "question": "住院花费大，怎么申请大病救助？需要哪些材料？",
        "answer": (
            "<ol><li>个人申请；</li><li>出院小结；</li><li>住院发票复印件（没有的，到县合管办出具证明）；</li>"
            "<li>户口簿、身份证复印件；</li><li>患者照片一张；</li>"
            "<li>医保经办机构证明（一般群众住院费用需在 2 万元以上，低保、五保对象条件相对宽松）；</li>"
            "<li>社区出具的证明。</li></ol>"
        ),
        "department": "healthcare_security", "category": "100402",
        "keywords": "大病救助，住院费用，出院小结，住院发票",
        "synonyms": "看病花钱多，重病补助，医疗费报不了，住院救助",
        "is_public": True,
    },
    {
        "slug": "major-illness-aid-urban",
        "question": "城镇居民申请大病救助要准备什么？",
        "answer": (
            "<ol><li>个人申请；</li><li>户主的户口本原件及复印件；</li><li>出院小结复印件；</li>"
            "<li>住院医疗费结算单复印件；</li><li>低保证复印件；</li><li>住院发票复印件；</li>"
            "<li>本人免冠一寸照片一张。</li></ol>"
        ),
        "department": "healthcare_security", "category": "100402",
        "keywords": "城镇居民大病救助，结算单，低保证",
        "synonyms": "城里人大病救助",
        "is_public": True,
    },
    # --- Pensions and social insurance (人社) -----------------------------------------------------------------------
    {
        "slug": "pension-certification-retirees",
        "question": "企业退休人员养老金资格认证什么时候办？过期了怎么补？",
        "answer": (
            "<p>本人携带<strong>身份证和养老金存折</strong>，于每年 <strong>11月15日至12月31日</strong>到社区登记认证。</p>"
            "<p>逾期的：到社区领取《企业离退休人员领取养老金资格认证表》一式两份，持身份证、存折和填好的认证表，"
            "经社区社会保障经办人签名认证并盖章后，由本人交至县退管服务中心。</p>"
        ),
        "department": "hrss_social_insurance", "category": "100101",
        "keywords": "养老金资格认证，离退休人员，退休认证，存折",
        "synonyms": "退休金认证，年审，生存认证，领养老金要认证",
        "is_public": True,
    },
    {
        "slug": "landless-farmer-pension-certification",
        "question": "失地农民领取养老金要做资格认证吗？什么时候去？",
        "answer": (
            "<p>需要。本人携带老保证及身份证，于每年 <strong>12月1日至12月31日</strong>到社区登记认证。</p>"
        ),
        "department": "hrss_social_insurance", "category": "100101",
        "keywords": "失地农民，养老金认证，老保证",
        "synonyms": "征地农民养老金，被征地认证",
        "is_public": True,
    },
    {
        "slug": "landless-farmer-pension-apply",
        "question": "失地农民到年龄了，申领养老保险金要什么材料？",
        "answer": "<p>老保证、本人一寸照片三张、身份证复印件。到社区社会保障工作站申报。</p>",
        "department": "hrss_social_insurance", "category": "100100",
        "keywords": "失地农民养老保险，申领，到龄",
        "synonyms": "征地养老金怎么领",
        "is_public": True,
    },
    {
        "slug": "survivor-allowance-certification",
        "question": "领取遗属补助的人什么时候做资格认证？",
        "answer": (
            "<p>领取遗属补助人员携带补助存折及本人身份证，于每年 <strong>7月15日至8月15日</strong>到社区领取"
            "《遗属补助资格认证表》，经社区社会保障经办人员签名认证并盖章后，由本人交至县退管服务中心。</p>"
        ),
        "department": "hrss_social_insurance", "category": "100101",
        "keywords": "遗属补助，资格认证，退管服务中心",
        "synonyms": "家属补助认证，抚恤补助",
        "is_public": True,
    },
    {
        "slug": "social-insurance-subsidy",
        "question": "申报社会保险补贴需要哪些材料？",
        "answer": (
            "<ol><li>再就业优惠证原件、复印件；</li><li>劳保卡首页、登记页原件及复印件；</li>"
            "<li>缴费发票原件及复印件；</li><li>存折原件及复印件。</li></ol>"
            "<p>首次申报的还需提供个人申请、身份证、结婚证原件及复印件。</p>"
        ),
        "department": "hrss", "category": "100300",
        "keywords": "社会保险补贴，再就业优惠证，缴费发票，灵活就业",
        "synonyms": "社保补贴，社保补助怎么领",
        "is_public": True,
    },
    {
        "slug": "employment-registration-who",
        "question": "哪些人可以领取《就业失业登记证》？",
        "answer": (
            "<p>在法定劳动年龄内、有劳动能力和就业愿望、处于无业状态的本社区常住人员，可以免费领取，包括：</p>"
            "<ol><li>年满16周岁，从各类学校毕业、肄业且未能继续升学的；</li><li>从机关、事业单位等用人单位失业的；</li>"
            "<li>个体工商户业主或私营企业主停止经营的；</li><li>承包土地被征用的；</li>"
            "<li>复员退伍军人及运动员退出现役自谋职业的；</li><li>刑满释放、假释、监外执行的；</li>"
            "<li>农村进城务工人员稳定就业满6个月后失业的。</li></ol>"
        ),
        "department": "hrss", "category": "100301",
        "keywords": "就业失业登记证，失业登记，就业登记，发放对象",
        "synonyms": "失业了，没工作，下岗了，失业证",
        "is_public": True,
    },
    {
        "slug": "employment-registration-how",
        "question": "《就业失业登记证》怎么申领？带什么材料？",
        "answer": (
            "<p>本人携带身份证、户口簿原件及复印件一份，到社区就业和社会保障工作站办理。另需：</p>"
            "<ul><li>失地农民：老保证、土地证原件及复印件；</li><li>复员军人、运动员：退出现役证原件及复印件；</li>"
            "<li>单位下岗人员：解除劳动合同书原件及复印件。</li></ul>"
        ),
        "department": "hrss", "category": "100301",
        "keywords": "就业失业登记证，申领，就业和社会保障工作站",
        "synonyms": "失业证怎么办，办就业登记",
        "is_public": True,
    },
    {
        "slug": "zero-employment-family",
        "question": "家里没有一个人有工作（零就业家庭），有什么帮扶？",
        "answer": (
            "<p><strong>条件：</strong>法定劳动年龄内有劳动能力和就业愿望的家庭成员均处于失业状态，且无经营性、投资性收入的城镇家庭。</p>"
            "<p><strong>程序：</strong>家庭申报、社区审核、县区认定、市级备案；认定后在社区公示。</p>"
            "<p><strong>帮扶：</strong>持《再就业优惠证》灵活就业的，基本养老保险每人每月补贴180元、基本医疗保险每人每月补助10元；"
            "就业满一年给予一次性1000元奖励；参加技能培训合格给予100—600元奖励；子女考入技师、技工院校的每人每年补贴1000元。"
            "吸纳其就业的用人单位也可享受补贴。</p>"
        ),
        "department": "hrss", "category": "100300",
        "keywords": "零就业家庭，就业援助，再就业优惠证，灵活就业补贴",
        "synonyms": "全家都没工作，一家人失业，家里没人上班",
        "is_public": True,
    },
    # --- Housing -------------------------------------------------------------------------------------------------------
    {
        "slug": "low-rent-housing-materials",
        "question": "申请廉租房需要什么材料？",
        "answer": (
            "<ol><li>申请家庭的申请书；</li><li>家庭成员身份证、户口本原件及复印件；</li>"
            "<li>最低生活保障金领取证原件及复印件；</li><li>家庭收入状况证明；</li><li>家庭住房状况证明；</li>"
            "<li>残疾人提供残疾证原件及复印件；</li><li>其他相关证明。</li></ol>"
        ),
        "department": "housing", "category": "200100",
        "keywords": "廉租房，住房保障，申请材料，住房状况证明",
        "synonyms": "申请保障房，租不起房，政府的房子",
        "is_public": True,
    },
    {
        "slug": "low-rent-housing-process",
        "question": "廉租房申请流程是怎样的？要公示多久？",
        "answer": (
            "<ol><li>申请家庭向户口所在社区提出申请；</li><li>社区审核、公示后报镇人民政府初审，送住房保障办；</li>"
            "<li>住房保障办审核住房状况后转民政部门；</li><li>民政部门审核家庭收入并反馈住房保障办；</li>"
            "<li>住房保障办对合格家庭公示，无异议的予以登记发放。</li></ol>"
            "<p>每期公示时间为 <strong>15 日</strong>。</p>"
        ),
        "department": "housing", "category": "200100",
        "keywords": "廉租房流程，公示，住房保障办，审核",
        "synonyms": "廉租房多久批下来，廉租房审批",
        "is_public": True,
    },
    # --- Family planning (卫健): birth registration replaced the permits of the old rules -------------------------
    {
        "slug": "only-child-certificate",
        "question": "独生子女父母光荣证现在还能办吗？丢了怎么补？",
        "answer": (
            "<p>国家实施全面两孩政策后，2016 年 1 月 1 日以后生育的家庭不再办理独生子女父母光荣证。"
            "此前依法领取了光荣证的家庭，继续按规定享受独生子女父母奖励和扶助。</p>"
            "<p>光荣证丢失需要补办或开具证明的，带夫妻双方身份证、户口簿，到户籍所在地的乡镇（街道）卫生健康部门咨询办理，"
            "具体以当地答复为准；也可以拨打 12345 咨询。</p>"
        ),
        "department": "health", "category": "900000",
        "keywords": "独生子女父母光荣证，光荣证，独生子女奖励，补办",
        "synonyms": "独生子女证，光荣证补办，独生子女证丢了",
        "is_public": True,
    },
    {
        "slug": "reproductive-health-certificate",
        "question": "怀孕了还要办准生证吗？生育登记怎么办？",
        "answer": (
            "<p>不用再办“准生证”（生殖保健服务证）。河北省实行<strong>生育登记</strong>服务：夫妻生育子女的，"
            "可以在“冀时办”等线上渠道，或到户籍地、现居住地的乡镇（街道）办理生育登记，一般凭夫妻双方身份证和结婚证，"
            "不收费。</p>"
            "<p>生育登记不是孩子上户口、入学的前提条件。有疑问可以拨打 12345 咨询。</p>"
        ),
        "department": "health", "category": "900000",
        "keywords": "生育登记，准生证，生殖保健服务证，怀孕登记",
        "synonyms": "准生证怎么办，怀孕了办什么证，生孩子要办什么手续",
        "is_public": True,
    },
    {
        "slug": "second-child-permit",
        "question": "生二孩、三孩还要审批吗？要办什么？",
        "answer": (
            "<p>不需要审批，也不用办二孩生育证。按照现行的人口与计划生育规定，生育二孩、三孩与生育一孩一样办理<strong>生育登记</strong>，"
            "凭夫妻双方身份证和结婚证在线上或到乡镇（街道）办理即可。</p>"
            "<p>孩子出生后凭出生医学证明等材料办理户口登记，不再与父母的生育情况挂钩。</p>"
        ),
        "department": "health", "category": "900000",
        "keywords": "二孩，三孩，生育登记，生育证，再生育",
        "synonyms": "生二胎办什么证，二胎准生证，生三胎要审批吗",
        "is_public": True,
    },
    {
        "slug": "iud-removal-certificate",
        "question": "取环需要开证明吗？",
        "answer": (
            "<p>不需要计划生育部门开具证明。带本人身份证，到有资质的医疗机构妇科就诊，医生检查评估后即可安排取环。</p>"
            "<p>患有妇科疾病、带环怀孕等情况的，请把以往的病历带上，便于医生判断。</p>"
        ),
        "department": "health", "category": "900000",
        "keywords": "取环，取节育环，证明，妇科",
        "synonyms": "取节育环要证明吗，取环去哪里",
        "is_public": True,
    },
    # --- Environment ------------------------------------------------------------------------------------------------------
    {
        "slug": "eia-approval",
        "question": "建设项目环评审批去哪里办？要多久？",
        "answer": (
            "<p>到市政府办事大厅生态环境部门窗口办理。材料不全的，工作人员一次性告知需补办的材料，补齐后当时办结；"
            "省、市重点项目可走绿色通道，符合规定的当天办结。部分项目已委托县（市、区）生态环境部门审批。</p>"
        ),
        "department": "ecology", "category": "800000",
        "keywords": "环评审批，建设项目，环境影响评价，绿色通道",
        "synonyms": "环评怎么办，项目环评，环保审批",
        "is_public": True,
    },
    {
        "slug": "government-information-request",
        "question": "想申请政府信息公开，去哪里提交？",
        "answer": (
            "<p>各部门在办事大厅设有依申请公开政府信息受理窗口，负责受理、审查、处理和答复。"
            "可到相应部门窗口提交申请，也可通过政府门户网站在线申请。</p>"
        ),
        "department": "admin_approval", "category": "600100",
        "keywords": "政府信息公开，依申请公开，信息公开申请",
        "synonyms": "查政府文件，申请公开",
        "is_public": True,
    },
    # --- Internal answering guidance for agents ----------------------------------------------------------------------------
    {
        "slug": "agent-streetlight-routing",
        "question": "【派单口径】路灯不亮、路灯损坏派给哪个单位？",
        "answer": (
            "<p>城市道路路灯不亮、灯杆损坏、亮灯时间异常等，派<strong>市城市照明管理处</strong>（城市管理 › 路灯照明）。"
            "小区内部路灯属物业管理范围，派所在区住建部门督促物业处理。登记时请记下最近的门牌号或路灯杆编号。</p>"
        ),
        "department": "urban_lighting", "category": "300200",
        "keywords": "路灯，路灯不亮，灯杆，派单，城市照明",
        "synonyms": "路灯坏了，灯不亮，街灯",
        "is_public": False,
    },
    {
        "slug": "agent-emergency-transfer",
        "question": "【坐席口径】哪些来电要立即转110、119、120、122?",
        "answer": (
            "<p>危及生命财产安全的紧急情况（治安警情、火灾、燃气泄漏着火、急症伤病、交通事故）须<strong>即时转接</strong>"
            "110、119、120、122，并在系统中登记“即时转”记录，不走普通派单流程。</p>"
        ),
        "department": "admin_approval", "category": "900000",
        "keywords": "即时转，110,119,120,122，紧急",
        "synonyms": "着火，出车祸，急救，报警",
        "is_public": False,
    },
    {
        "slug": "agent-confidential-callers",
        "question": "【坐席口径】来电人要求信息保密怎么处理？",
        "answer": (
            "<p>登记工单时勾选“信息保密”，承办单位将看不到来电人的姓名、电话和证件号。"
            "答复时提醒来电人：保密件的回访由热线负责，承办单位不直接联系来电人。</p>"
        ),
        "department": "admin_approval", "category": "900000",
        "keywords": "信息保密，保密件，匿名",
        "synonyms": "不想让单位知道我是谁，怕被报复",
        "is_public": False,
    },
    {
        "slug": "agent-power-outage",
        "question": "【派单口径】停电、供电故障怎么答复？",
        "answer": (
            "<p>停电、电压不稳等供电故障，先告知来电人可直接拨打供电服务热线 <strong>95598</strong> 报修；"
            "需要热线跟进的，派国网市供电公司（水电气暖 › 供电）。</p>"
        ),
        "department": "power_supply", "category": "850200",
        "keywords": "停电，供电故障，95598，电压",
        "synonyms": "没电了，跳闸，断电",
        "is_public": False,
    },
    {
        "slug": "agent-housing-fund-routing",
        "question": "【派单口径】住房公积金提取、贷款咨询派给谁？",
        "answer": (
            "<p>住房公积金缴存、提取、贷款等咨询，可先按公积金中心公布的办事指南答复；"
            "涉及个人账户情况或投诉的，派市住房公积金管理中心（住房城建 › 住房公积金）。</p>"
        ),
        "department": "housing_fund", "category": "200400",
        "keywords": "住房公积金，公积金提取，公积金贷款，派单",
        "synonyms": "取公积金，公积金怎么用",
        "is_public": False,
    },
]

ARTICLES += CITIZEN_FAQ
