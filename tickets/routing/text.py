"""Turning a letter into the words routing compares: jieba words plus character pairs.

Words carry meaning ("路灯", "公积金"); character pairs catch what segmentation splits differently
in a citizen's wording ("灯不亮" → 灯不/不亮) and typos. The knowledge base registers its tokenizer
(``hooks.register_segmenter``) so both segment with the project dictionary; without it jieba's
default dictionary is used.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from tickets.routing import hooks

MAX_CHARS = 3000  # a letter's first 3,000 characters say where it belongs; the rest costs time only
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORDISH = re.compile(r"[\w\u3400-\u9fff]")
_KEYWORD_SPLIT = re.compile(r"[,，、;；\n\r\t|/]+")
# Words every letter has: they tell nothing about where it goes.
STOPWORDS = frozenset("""
我 你 他 她 它 我们 你们 他们 的 了 是 在 有 和 与 及 或 就 都 也 还 又 很 太 没 没有 不 吗 呢 吧 啊 呀 哦 嗯
这个 那个 这 那 什么 怎么 怎么办 如何 为什么 请问 您好 你好 谢谢 麻烦 希望 要求 反映 反应 问题 情况 一下 一直
现在 目前 已经 今天 昨天 最近 时候 因为 所以 但是 可是 而且 如果 能否 能不能 可以 是否 需要 进行 相关 部门 有关
市民 本人 家里 我家 小区 附近 地方 这里 那里 那边 这边 处理 解决 帮忙 帮助 尽快 及时 一个 几个 多次 很多 非常
""".split())

_lock = threading.Lock()
_fallback = None


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")[:MAX_CHARS].lower()


def _segment(text: str) -> list[str]:
    registered = hooks.segmenter()
    if registered is not None:
        return registered(text)
    global _fallback
    if _fallback is None:
        with _lock:
            if _fallback is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _fallback = tokenizer
    return _fallback.lcut(text)


def words(text: str) -> list[str]:
    """The meaningful jieba words of a text, in order."""
    out = []
    for token in _segment(normalize(text)):
        token = token.strip()
        if not token or token in STOPWORDS or not _WORDISH.search(token):
            continue
        if len(token) == 1 and not token.isdigit():
            continue  # single characters are covered by the character pairs
        out.append(token)
    return out


def char_pairs(text: str) -> list[str]:
    pairs = []
    for run in _CJK_RUN.findall(normalize(text)):
        pairs.extend(run[i:i + 2] for i in range(len(run) - 1))
    return pairs


def features(text: str) -> list[str]:
    """What the vectorizers count: words as themselves, pairs marked so the two never collide.
    The catalogue and the learned model both read the same letter: it is segmented once."""
    return list(_features(text))


@lru_cache(maxsize=256)
def _features(text: str) -> tuple[str, ...]:
    return tuple(words(text) + ["#" + pair for pair in char_pairs(text)])


def split_keywords(text: str) -> list[str]:
    return [word.strip() for word in _KEYWORD_SPLIT.split(text or "") if word.strip()]


def has_meaning(text: str) -> bool:
    """False for text with no letter, digit or Chinese character (empty, emoji, punctuation)."""
    return bool(_WORDISH.search(normalize(text)))
