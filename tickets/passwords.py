"""Query passwords (查询密码) for letters.

Cost choice: PBKDF2-SHA256 with ``settings.LETTER_PASSWORD_ITERATIONS`` (5,000 by default), about
1 ms a hash on this project's CPUs (Django's staff default of 1,000,000 costs ~0.22 s; this module
used 20,000, ~4 ms, until intake at a city's peak showed the hash as a sixth of each letter's CPU and
most of a lookup's). Why so much cheaper than a staff login:
- The password guards a letter whose content sits in the same database as the hash. Whoever can
  run an offline attack on the hash already has the letter, so the hash mainly protects the
  password itself, which a citizen may reuse elsewhere. Generated passwords carry ~40 bits
  (below), so even at 5,000 iterations an offline search of one costs ~2^52 HMAC-SHA256; the salt
  defeats precomputed tables. A weak password of the citizen's own choosing falls to a dictionary
  at 20,000 iterations as well as at 5,000: iterations were never what protected it.
- The real threat is online guessing, and that is stopped by throttling (5 wrong passwords per
  letter number and address in 15 minutes, 50 per letter from anywhere, per-address ceilings).
- Intake and lookup are hot paths: at 0.22 s a hash one core would verify ~4 lookups a second; at
  ~1 ms it verifies ~1,000, so the hash no longer decides how many letters a few cores carry.
Hashes written at another count keep verifying at their own count (it is part of the hash). Letter
numbers are sequential, so that a lookup of an older letter takes a few milliseconds longer than
one of an unknown number tells nothing a guesser could not already know.
Generated passwords are 8 characters from a 31-symbol alphabet without look-alikes (~40 bits).
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

GENERATED_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GENERATED_LENGTH = 8
MIN_LENGTH = 6
MAX_LENGTH = 64


class LetterPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_letter"
    iterations = settings.LETTER_PASSWORD_ITERATIONS


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
