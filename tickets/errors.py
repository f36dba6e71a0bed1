"""Domain errors. Each carries a machine-readable `code`, a Chinese `message` for people, and the HTTP
status a door should answer with, so every door turns them into the same response."""


class HotlineError(Exception):
    code = "error"
    status = 400
    default_message = "请求无法处理。"

    def __init__(self, message: str | None = None, *, fields: dict | None = None, **extra):
        self.message = message or self.default_message
        self.fields = fields or {}
        self.extra = extra
        super().__init__(self.message)


class InvalidInput(HotlineError):
    code, status, default_message = "invalid", 400, "提交的内容有误，请检查后重试。"


class NotFound(HotlineError):
    code, status, default_message = "not_found", 404, "未找到相应记录。"


class PermissionDenied(HotlineError):
    code, status, default_message = "forbidden", 403, "您无权执行此操作。"


class TransitionNotAllowed(HotlineError):
    """The ticket's state (or a rule such as the return window) does not allow this step now."""

    code, status, default_message = "transition_not_allowed", 409, "工单当前状态不允许此操作。"

    def __init__(self, message: str | None = None, *, available: list[str] | None = None, **extra):
        super().__init__(message, **extra)
        self.available = available or []


class Conflict(HotlineError):
    """Someone else changed the ticket first; the caller should reload and decide again."""

    code, status, default_message = "conflict", 409, "工单已被他人处理，请刷新后重试。"


class AlreadyRated(HotlineError):
    code, status, default_message = "already_rated", 409, "该信件本次办理结果已评价，不能重复评价。"
