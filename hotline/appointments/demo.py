"""Demo data for seed_demo: the service items a city's administrative-approval hall (行政审批局，
seed 000) opens for weekend appointments, with the materials each needs, and the hall's weekend
time ranges. Idempotent."""

from datetime import time

from hotline.appointments.models import Period, Service

SERVICES = [
    ("business-license", "个体工商户设立登记", "市行政审批局 市场准入窗口", [
        "经营者本人二代居民身份证原件及复印件",
        "个体工商户登记（备案）申请书",
        "经营场所使用证明（房产证复印件或租赁合同）",
        "近期一寸免冠照片1张",
    ], "委托代理人办理的，另需经营者签署的委托书及代理人身份证原件。"),
    ("company-change", "企业变更登记（名称、住所、法定代表人）", "市行政审批局 企业登记窗口", [
        "公司登记（备案）申请书",
        "股东会决议或决定",
        "修改后的公司章程或章程修正案",
        "营业执照正、副本原件",
        "新住所使用证明（变更住所的）",
    ], "需加盖公章的材料请提前盖章。"),
    ("food-license", "食品经营许可证新办", "市行政审批局 食品药品窗口", [
        "食品经营许可申请书",
        "营业执照复印件",
        "法定代表人（负责人）身份证明",
        "经营场所和设备布局、操作流程平面图",
        "食品安全管理制度文本",
    ], ""),
    ("construction-permit", "建筑工程施工许可证核发", "市行政审批局 建设工程窗口", [
        "建筑工程施工许可证申请表",
        "建设工程规划许可证",
        "施工合同及中标通知书",
        "施工图审查合格书",
        "建设资金已落实承诺书",
    ], "材料请按目录顺序装订。"),
    ("social-security", "灵活就业人员社会保险参保登记", "市政务服务大厅 人社窗口", [
        "本人二代居民身份证原件",
        "社会保障卡或银行卡（用于缴费）",
        "灵活就业人员参保登记表",
    ], ""),
    ("housing-fund", "住房公积金提取（购房、租房）", "市政务服务大厅 公积金窗口", [
        "本人二代居民身份证原件",
        "购房合同及发票或租赁合同及租金票据",
        "本人名下银行卡",
        "婚姻状况证明（配偶共同提取的）",
    ], ""),
]

PERIODS = [(time(9, 0), time(10, 30)), (time(10, 30), time(12, 0)), (time(13, 30), time(15, 0)),
           (time(15, 0), time(16, 30))]


def seed_appointments() -> int:
    for order, (code, name, department, materials, notes) in enumerate(SERVICES):
        Service.objects.update_or_create(code=code, defaults={
            "name": name, "department": department, "materials": "\n".join(materials), "notes": notes,
            "sort_order": order})
    for start, end in PERIODS:
        Period.objects.get_or_create(start=start, end=end)
    return Service.objects.count()
