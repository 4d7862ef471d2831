"""Password-based key derivation for key slots (Argon2id).

Parameters are stored in each slot, so they can be raised later without breaking old
slots. The defaults take about 0.4 s on a 2-core machine (measured: t=3, m=192 MiB, p=2
gives 0.38 s), inside the 0.3–1.0 s target for an unlock.

`LIPANEL_TEST_KDF=fast` lowers the cost for the test suite only; slots made that way are
reported by `verify` as weak.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

MAX_PASSWORD_CHARS = 1024


@dataclass(frozen=True)
class Argon2Params:
    time_cost: int = 3
    memory_cost_kib: int = 196_608
    parallelism: int = 2

    def as_dict(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
        }

    @property
    def is_weak(self) -> bool:
        return self.memory_cost_kib < 65_536 or self.time_cost < 2


FAST_TEST_PARAMS = Argon2Params(time_cost=1, memory_cost_kib=8_192, parallelism=1)


def default_params() -> Argon2Params:
    if os.environ.get("LIPANEL_TEST_KDF") == "fast":
        return FAST_TEST_PARAMS
    return Argon2Params()


def password_bytes(password: str) -> bytes:
    """NFC-normalised UTF-8, so the same password typed on any keyboard gives the same key."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def derive_key(password: str, salt: bytes, params: Argon2Params) -> bytes:
    return hash_secret_raw(
        password_bytes(password),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )
