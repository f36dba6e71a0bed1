"""Abuse limits for the citizen doors (REST and portal), counted in the Django cache.

A letter is guarded only by its number and password, so guessing must be slow:
- looking up or rating: 5 wrong passwords for one letter number in 15 minutes, or 30 failed lookups
  from one client address in an hour, and further attempts get 429 until the window ends;
- submitting letters: a ceiling per client address and per phone number;
- staff login is counted by django-axes instead (user name + address), see `refuse_locked_out_login`.

Why a counter of our own instead of django-ratelimit's `get_usage`: a failure limit must hold against
parallel guessing, so every attempt *reserves* a slot with an atomic cache increment before the
password is checked and gives it back when the password was right ("count failures, not
successes"); check-then-count would let a burst of parallel requests all pass the check. The window
starts at the first failure and its end is stored, so `Retry-After` is exact. The cache is Redis when
REDIS_URL is set (shared by all processes) and in-process memory otherwise.

On Redis, all the counters of one request are checked and counted by one Lua script, atomically, in
one round trip (`_COUNT_SCRIPT`): with the cache's add/incr a letter cost six to eight round trips,
a sixth of its CPU at a city's peak. The script keeps the keys and values the cache API reads (an
integer count, the window's end in whole seconds), so lookups still read the counts with one
`get_many`, and while Redis is down (`config.cache`) the same counting runs on the ordinary cache
operations in this process's memory.
"""

from __future__ import annotations

import hashlib
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from hotline.clients import client_address
from tickets.errors import HotlineError, NotFound
from tickets.letter_rules import normalize_letter_number
from tickets.selectors import lookup_letter


class Throttled(HotlineError):
    code, status, default_message = "throttled", 429, "操作过于频繁，请稍后再试。"

    def __init__(self, message: str | None = None, *, retry_after: int, **extra):
        super().__init__(message, **extra)
        self.retry_after = max(1, int(retry_after))


class LoginFailed(HotlineError):
    code, status, default_message = "invalid_credentials", 400, "用户名或密码不正确。"


def _wait_text(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{minutes}分钟" if minutes > 1 else "1分钟"


@dataclass(frozen=True)
class Counter:
    """Attempts of one kind (`name`) per value (a letter number, an address, a phone number)."""

    name: str

    @property
    def limit(self) -> tuple[int, int]:
        attempts, seconds = settings.HOTLINE_THROTTLES[self.name]
        return attempts, seconds

    def _key(self, value: str) -> str:
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return f"guard:{self.name}:{digest}"

    def reserve(self, value: str) -> bool:
        """Count one attempt; False when it is over the limit (the caller then releases it)."""
        attempts, seconds = self.limit
        key = self._key(value)
        if cache.add(key, 0, seconds):
            cache.set(f"{key}:end", time.time() + seconds, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, seconds)
            cache.set(f"{key}:end", time.time() + seconds, seconds)
            count = 1
        return count <= attempts

    def count_failure(self, value: str) -> int:
        """Count one failure after the fact (nothing was reserved); the count now."""
        attempts, seconds = self.limit
        key = self._key(value)
        if cache.add(key, 1, seconds):
            cache.set(f"{key}:end", time.time() + seconds, seconds)
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            cache.set(key, 1, seconds)
            return 1

    def release(self, value: str) -> None:
        try:
            cache.decr(self._key(value))
        except ValueError:
            pass  # the window has ended meanwhile: nothing left to give back

    def retry_after(self, value: str) -> int:
        end = cache.get(f"{self._key(value)}:end")
        return math.ceil(end - time.time()) if end else self.limit[1]


# KEYS: each counter's key and its ":end" key. ARGV: now (whole seconds), "1" to refuse (and count
# nothing) when a counter is full or "0" to count regardless, then each counter's limit and window.
# Returns {index of the full counter, seconds until it opens} or {0, 0, count after this attempt…}.
_COUNT_SCRIPT = """
local now, check, n = tonumber(ARGV[1]), ARGV[2] == '1', #KEYS / 2
if check then
  for i = 1, n do
    local limit, window = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
    if tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0') >= limit then
      local ends = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
      if ends > now then return {i, ends - now} end
      return {i, window}
    end
  end
end
local result = {0, 0}
for i = 1, n do
  local window = tonumber(ARGV[2 + 2 * i])
  local count = redis.call('INCR', KEYS[2 * i - 1])
  if count == 1 or redis.call('TTL', KEYS[2 * i - 1]) < 0 then
    redis.call('EXPIRE', KEYS[2 * i - 1], window)
    redis.call('SET', KEYS[2 * i], now + window, 'EX', window)
  end
  result[#result + 1] = count
end
return result
"""
_RELEASE_SCRIPT = """
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECR', KEYS[i]) end
end
return 0
"""


def _run_script(source: str, keys: list[str], args: list):
    """The script's result from Redis, or None when the cache is not Redis or Redis is down."""
    run = getattr(cache, "run_script", None)
    return run(source, keys, args) if run is not None else None


def _count_in_one_trip(pairs: list[tuple[Counter, str]], *, check: bool):
    keys, args = [], [int(time.time()), "1" if check else "0"]
    for counter, value in pairs:
        key = counter._key(value)
        keys += [key, f"{key}:end"]
        args += list(counter.limit)
    return _run_script(_COUNT_SCRIPT, keys, args)


def _reserve_all(pairs: list[tuple[Counter, str]]) -> int | None:
    """Count one attempt in every counter; when one is full, count none and return the seconds
    until it opens."""
    result = _count_in_one_trip(pairs, check=True)
    if result is not None:
        return max(1, int(result[1])) if result[0] else None
    reserved = []
    for counter, value in pairs:
        ok = counter.reserve(value)
        reserved.append((counter, value))
        if not ok:
            wait = counter.retry_after(value)
            _release(reserved)
            return wait
    return None


def _count_failures(pairs: list[tuple[Counter, str]]) -> list[int]:
    """Count one failure in every counter (nothing was reserved); the counts now."""
    result = _count_in_one_trip(pairs, check=False)
    if result is not None:
        return [int(count) for count in result[2:]]
    return [counter.count_failure(value) for counter, value in pairs]


def _release(reserved: list[tuple[Counter, str]]) -> None:
    if _run_script(_RELEASE_SCRIPT, [counter._key(value) for counter, value in reserved], []) is None:
        for counter, value in reserved:
            counter.release(value)


@contextmanager
def _attempt(pairs: list[tuple[Counter, str]], message: str, *, count_success: bool, count_errors=()):
    """Reserve a slot in every counter, or raise Throttled (taking nothing) when one is full.

    After the body: an exception in `count_errors` keeps the slots (a failure that counts); any other
    exception gives them back; success keeps them only when `count_success`.
    """
    wait = _reserve_all(pairs)
    if wait is not None:
        raise Throttled(message.format(wait=_wait_text(wait)), retry_after=wait)
    try:
        yield
    except count_errors:
        raise
    except BaseException:
        _release(pairs)
        raise
    if not count_success:
        _release(pairs)


LOOKUP_PER_LETTER_AND_ADDRESS = Counter("lookup_failures_per_letter")
LOOKUP_PER_LETTER_ANYWHERE = Counter("lookup_failures_per_letter_global")
LOOKUP_PER_ADDRESS = Counter("lookup_failures_per_address")
LETTERS_PER_ADDRESS = Counter("letters_per_address")
LETTERS_PER_PHONE = Counter("letters_per_phone")


def guarded_lookup(request, letter_number, password):
    """The letter for this number and password. Failures are counted per letter *and* address (so
    others' guessing never locks a citizen out of their own letter), per letter anywhere (a global
    cap against guessing from many addresses) and per address (guessing many numbers). Nothing is
    reserved before the password is checked: a correct password is never refused because other
    requests are in flight. Unknown number and wrong password stay indistinguishable."""
    # Read out, copied from an SMS or typed with a Chinese input method: spaces, hyphens and
    # full-width digits carry nothing.
    number = normalize_letter_number(letter_number if isinstance(letter_number, str) else str(letter_number))
    address = client_address(request)
    pairs = [(LOOKUP_PER_LETTER_AND_ADDRESS, f"{number}|{address}"), (LOOKUP_PER_LETTER_ANYWHERE, number),
             (LOOKUP_PER_ADDRESS, address)]
    counts = cache.get_many([counter._key(value) for counter, value in pairs])  # one round trip
    for counter, value in pairs:
        if (counts.get(counter._key(value)) or 0) >= counter.limit[0]:
            raise _lookup_locked(counter, value)
    try:
        return lookup_letter(number, password)
    except NotFound as exc:
        left = min(counter.limit[0] - count for (counter, _), count in zip(pairs, _count_failures(pairs)))
        if left <= 0:
            locked = _lookup_locked(*pairs[0])
            raise NotFound(f"{exc.message}{locked.message}", tries_left=0) from None
        raise NotFound(f"{exc.message}还可尝试{left}次，超过后将暂停查询一段时间。", tries_left=left) from None


def _lookup_locked(counter: Counter, value: str) -> Throttled:
    wait = counter.retry_after(value)
    opens = timezone.localtime(timezone.now() + timedelta(seconds=wait))
    return Throttled(f"查询失败次数过多，请{_wait_text(wait)}后（约{opens:%H:%M}）再试；"
                     "如忘记编号或密码，请拨打12345热线，话务员可以帮您查询。", retry_after=wait,
                     opens_at=opens.isoformat())


def submission_allowed(request, phone: str):
    """Count one letter against the client address and the phone number. A submission the domain
    refuses (bad input) gives its slot back, so correcting a form never locks a citizen out."""
    pairs = [(LETTERS_PER_ADDRESS, client_address(request))]
    if phone:
        pairs.append((LETTERS_PER_PHONE, phone))
    return _attempt(pairs, "提交过于频繁，请{wait}后再试；紧急情况请直接拨打12345。", count_success=True)


def refuse_locked_out_login(request) -> None:
    """After `authenticate()`: raise Throttled when django-axes refused it because this user name is
    locked out at this address (axes answers the HTML doors itself, through its middleware)."""
    if getattr(request, "axes_locked_out", False):
        wait = int(settings.AXES_COOLOFF_TIME * 3600)
        raise Throttled(f"登录失败次数过多，请{_wait_text(wait)}后再试。", retry_after=wait)
