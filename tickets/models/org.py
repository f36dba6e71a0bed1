"""Who works the hotline and where requests go: users and roles, departments, subject categories."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    AGENT = "agent", "话务员"
    DISPATCHER = "dispatcher", "派单审核员"
    SUPERVISOR = "supervisor", "督办班长"
    HANDLER = "handler", "承办人"
    KB_EDITOR = "kb_editor", "知识库管理员"
    LEADER = "leader", "领导"


class User(AbstractUser):
    """A member of staff. Citizens never log in; they hold a letter number and password instead."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        "tickets.Department", verbose_name="所属单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    phone = models.CharField("联系电话", max_length=32, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles

    @property
    def is_handler(self) -> bool:
        return self.role == Role.HANDLER and self.department_id is not None

    @property
    def may_use_admin(self) -> bool:
        """Whether /admin/ would show this person anything: staff with at least one model permission."""
        return self.is_active and self.is_staff and (self.is_superuser or bool(self.get_all_permissions()))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class DepartmentKind(models.TextChoices):
    BUREAU = "bureau", "市直部门"
    SUBUNIT = "subunit", "内设/下属单位"
    DISTRICT = "district", "区县政府"
    STREET = "street", "街道/乡镇"
    ENTERPRISE = "enterprise", "公共服务企业"


class Department(models.Model):
    """A unit that can handle tickets. `code` is stable: integrations and the contract rely on it."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.BUREAU)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    duty_phone = models.CharField("值班电话", max_length=32, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Category(models.Model):
    """Subject category (诉求分类), a three-level tree with GB/T 39666-style 6-digit codes."""

    code = models.CharField("分类代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    default_department = models.ForeignKey(
        Department, verbose_name="默认承办单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "诉求分类"
        verbose_name_plural = "诉求分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        names, node, seen = [], self, 0
        while node is not None and seen < 5:
            names.append(node.name)
            node, seen = node.parent, seen + 1
        return " › ".join(reversed(names))
