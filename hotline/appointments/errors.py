"""The rules of the seed as errors: each names its rule in `code` (CONTRACT.md) and says it in Chinese."""

from tickets.errors import HotlineError


class BookingClosed(HotlineError):
    code, status, default_message = "booking_closed", 409, "当前不在预约时间内：周一至周五12:00前可预约本周六、日的服务。"


class HolidayClosed(HotlineError):
    code, status, default_message = "holiday", 409, "该日为法定节假日，政务服务大厅不办理业务，请勿在节假日预约。"


class InvalidIdNumber(HotlineError):
    code, status, default_message = "invalid_id_number", 400, "请填写有效的18位居民身份证号码。"


class ActiveBookingExists(HotlineError):
    code, status, default_message = ("active_booking_exists", 409,
                                     "该身份证号已有一个有效的预约，办理完毕或取消后才能再次预约。")


class Blacklisted(HotlineError):
    code, status, default_message = ("blacklisted", 409,
                                     "该身份证号预约成功后未履约超过两次，已被列入黑名单，不再接受预约。")


class TooLateToCancel(HotlineError):
    code, status, default_message = ("too_late_to_cancel", 409,
                                     "距预约时间已不足半天，不能取消预约。")


class NotAllowedNow(HotlineError):
    code, status, default_message = "transition_not_allowed", 409, "预约当前状态不允许此操作。"
