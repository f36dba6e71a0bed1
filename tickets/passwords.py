"""Query passwords (查询密码) for letters.

Cost choice: PBKDF2-SHA256 with 20,000 iterations, about 4–5 ms a hash on this project's CPUs
(Django's staff default of 1,000,000 costs ~0.22 s). Why so much cheaper than a staff login:
- The password guards a letter whose content sits in the same database as the hash. Whoever can
  run an offline attack on the hash already has the letter, so the hash mainly protects the
  password itself, which a citizen may reuse elsewhere; 20,000 iterations still make each guess
  20,000 HMACs and salt defeats precomputed tables.
- The real threat is online guessing, and that is stopped by throttling (5 wrong passwords per
  letter number in 15 minutes, 30 failed lookups per address per hour).
- Intake and lookup are hot paths: at 0.22 s a hash one core would verify ~4 lookups a second; at
  ~5 ms it verifies ~200, so a few cores carry a city's peak without a queue.
Generated passwords are 8 characters from a 31-symbol alphabet without look-alikes (~40 bits).
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher

GENERATED_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GENERATED_LENGTH = 8
MIN_LENGTH = 6
MAX_LENGTH = 64


class LetterPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_letter"
    iterations = 20_000


_hasher = LetterPasswordHasher()


def generate_password() -> str:
    return "".join(secrets.choice(GENERATED_ALPHABET) for _ in range(GENERATED_LENGTH))


def hash_password(raw: str) -> str:
    return _hasher.encode(raw, _hasher.salt())


def check_password(raw: str, encoded: str) -> bool:
    if not raw or not encoded:
        return False
    try:
        return _hasher.verify(raw, encoded)
    except (ValueError, AssertionError):
        return False


# A valid hash to verify against when the letter number is unknown, so a miss costs the same time
# as a wrong password and the two cannot be told apart by timing.
DUMMY_HASH = hash_password("not-a-real-password")
