"""The official account's words for citizen accounts: "绑定 <手机号>" sends an SMS code to that number,
"绑定 <验证码>" binds the follower (openid) to the number's account, "解绑" undoes it. Once bound,
查询 in WeChat lists the account's letters from every channel (selectors.letters_of_follower)."""

from __future__ import annotations

import re

from hotline.citizens import services
from hotline.citizens.selectors import account_of_follower
from tickets.phones import mask_phone

_BIND = re.compile(r"^绑定\s*(\S*)$")
UNBIND = ("解绑", "解除绑定")
USAGE = "发送“绑定 手机号”，我们会向该手机发送验证码；再发送“绑定 验证码”即可完成绑定。"


def is_account_command(text: str) -> bool:
    return bool(_BIND.match(text)) or text in UNBIND


def on_command(openid: str, text: str) -> str:
    """The passive reply; a refusal (bad number, too soon, wrong code) raises HotlineError, which the
    WeChat door words for the follower."""
    if text in UNBIND:
        if services.unbind_wechat(openid):
            return "已解除绑定。发送“查询”将只显示通过本公众号提交的信件。"
        return "您尚未绑定市民账号。" + USAGE
    argument = _BIND.match(text).group(1)
    if not argument:
        account = account_of_follower(openid)
        if account is not None:
            return f"已绑定手机号{mask_phone(account.phone)}。发送“解绑”可解除绑定。"
        return USAGE
    if len(argument) == services.rules()["CODE_LENGTH"] and argument.isdigit():
        account = services.confirm_wechat_binding(openid, argument)
        return f"绑定成功！发送“查询”即可查看手机号{mask_phone(account.phone)}通过电话、网站、微信、短信反映的全部信件。"
    code = services.request_wechat_binding(openid, argument)
    minutes = services.rules()["CODE_TTL_SECONDS"] // 60
    return f"验证码已发送至{mask_phone(code.phone)}，请在{minutes}分钟内发送“绑定 验证码”完成绑定。"
