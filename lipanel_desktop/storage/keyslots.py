"""The key-slot sidecar, `<database>.lipanel-keys`.

Format (JSON, UTF-8), version 1::

    {
      "format": "lipanel-keys",
      "version": 1,
      "database_id": "<32 hex>",          # ties the sidecar to its database
      "key_id": "<32 hex>",               # which database key is current
      "slots": {
        "<user name, lower case>": {
          "name": "<user name as typed>",
          "created": "<UTC ISO time>",
          "public_key": "<base64 X25519 public key>",
          "kdf": {"algorithm": "argon2id", "time_cost": 3, "memory_cost_kib": 196608,
                  "parallelism": 2, "salt": "<base64, 16 bytes>"},
          "private_key": {"nonce": "<base64>", "ciphertext": "<base64>"},
          "sealed_keys": [{"key_id": "<32 hex>", "ephemeral_public": "<base64>",
                           "nonce": "<base64>", "ciphertext": "<base64>"}],
          "must_change_password": false
        }
      }
    }

Each slot holds an X25519 key pair. The private key is wrapped with AES-256-GCM under a
key derived from the user's password (Argon2id, parameters in the slot). The 256-bit
database key is sealed to the public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM), so an
administrator can give the key to a new user, or reseal a new key to everyone, without
knowing anybody's password. During a key rotation a slot holds the old and the new key
together; `key_id` says which one is current.

The key id is HKDF(database key, info "lipanel key id")'s first 16 bytes: it names a key
without revealing it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lipanel_desktop.errors import KeyFileProblem, UnknownUser, WrongPassword
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.storage.kdf import Argon2Params, default_params, derive_key

FORMAT = "lipanel-keys"
VERSION = 1
SUFFIX = ".lipanel-keys"
_WRAP_AAD = b"lipanel slot v1|"
_SEAL_AAD = b"lipanel database key v1|"
_SEAL_INFO = b"lipanel seal v1"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def sidecar_path(database: Path) -> Path:
    database = Path(database)
    return database.with_name(database.name + SUFFIX)


def key_id_of(database_key: bytes | bytearray) -> str:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"lipanel key id")
    return hkdf.derive(bytes(database_key)).hex()


def new_database_key() -> bytearray:
    return bytearray(secrets.token_bytes(32))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _seal_key(ephemeral_public: bytes, recipient_public: bytes, shared: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=_SEAL_INFO + ephemeral_public + recipient_public,
    )
    return hkdf.derive(shared)


def seal(database_key: bytes | bytearray, public_key: bytes, user: str) -> dict[str, str]:
    """Encrypt the database key so only the holder of the matching private key can read it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = _seal_key(ephemeral_public, public_key, shared)
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, bytes(database_key), _SEAL_AAD + user.encode())
    return {
        "key_id": key_id_of(database_key),
        "ephemeral_public": _b64(ephemeral_public),
        "nonce": _b64(nonce),
        "ciphertext": _b64(ciphertext),
    }


@dataclass
class Slot:
    name: str
    created: str
    public_key: bytes
    params: Argon2Params
    salt: bytes
    private_nonce: bytes
    private_ciphertext: bytes
    sealed_keys: list[dict[str, str]] = field(default_factory=list)
    must_change_password: bool = False

    @classmethod
    def create(
        cls,
        name: str,
        password: str,
        database_key: bytes | bytearray,
        params: Argon2Params | None = None,
    ) -> "Slot":
        params = params or default_params()
        private = X25519PrivateKey.generate()
        slot = cls(
            name=name,
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            public_key=_raw_public(private.public_key()),
            params=params,
            salt=b"",
            private_nonce=b"",
            private_ciphertext=b"",
        )
        slot._wrap(private, password)
        slot.sealed_keys = [seal(database_key, slot.public_key, slot.name)]
        return slot

    def _wrap(self, private: X25519PrivateKey, password: str) -> None:
        self.salt = os.urandom(16)
        wrapping = derive_key(password, self.salt, self.params)
        raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        self.private_nonce = os.urandom(12)
        self.private_ciphertext = AESGCM(wrapping).encrypt(
            self.private_nonce, raw, _WRAP_AAD + self.name.lower().encode()
        )

    def unwrap_private(self, password: str) -> X25519PrivateKey:
        wrapping = derive_key(password, self.salt, self.params)
        try:
            raw = AESGCM(wrapping).decrypt(
                self.private_nonce, self.private_ciphertext, _WRAP_AAD + self.name.lower().encode()
            )
        except InvalidTag:
            raise WrongPassword("The password is not right for this user. Check it and try again.") from None
        return X25519PrivateKey.from_private_bytes(raw)

    def open_key(self, private: X25519PrivateKey, key_id: str) -> bytearray | None:
        """The sealed database key with this id, or None if the slot has none."""
        for sealed in self.sealed_keys:
            if sealed.get("key_id") != key_id:
                continue
            ephemeral_public = _unb64(sealed["ephemeral_public"])
            shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
            key = _seal_key(ephemeral_public, self.public_key, shared)
            try:
                plain = AESGCM(key).decrypt(
                    _unb64(sealed["nonce"]),
                    _unb64(sealed["ciphertext"]),
                    _SEAL_AAD + self.name.encode(),
                )
            except InvalidTag:
                raise KeyFileProblem(
                    f"The key file entry for {self.name} is damaged. Restore the key file from a backup."
                ) from None
            return bytearray(plain)
        return None

    def key_ids(self) -> list[str]:
        return [sealed.get("key_id", "") for sealed in self.sealed_keys]

    def add_sealed(self, database_key: bytes | bytearray) -> None:
        kid = key_id_of(database_key)
        self.sealed_keys = [s for s in self.sealed_keys if s.get("key_id") != kid]
        self.sealed_keys.append(seal(database_key, self.public_key, self.name))

    def keep_only(self, key_id: str) -> None:
        self.sealed_keys = [s for s in self.sealed_keys if s.get("key_id") == key_id]

    def change_password(self, old_password: str, new_password: str) -> None:
        private = self.unwrap_private(old_password)
        self.params = default_params()
        self._wrap(private, new_password)
        self.must_change_password = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "created": self.created,
            "public_key": _b64(self.public_key),
            "kdf": {**self.params.as_dict(), "salt": _b64(self.salt)},
            "private_key": {"nonce": _b64(self.private_nonce), "ciphertext": _b64(self.private_ciphertext)},
            "sealed_keys": list(self.sealed_keys),
            "must_change_password": self.must_change_password,
        }

    @classmethod
    def from_json(cls, data: Any) -> "Slot":
        kdf = data["kdf"]
        if kdf["algorithm"] != "argon2id":
            raise ValueError("unknown key derivation")
        params = Argon2Params(
            time_cost=int(kdf["time_cost"]),
            memory_cost_kib=int(kdf["memory_cost_kib"]),
            parallelism=int(kdf["parallelism"]),
        )
        sealed = data["sealed_keys"]
        if not isinstance(sealed, list) or not all(isinstance(s, dict) for s in sealed):
            raise ValueError("sealed keys")
        public_key = _unb64(data["public_key"])
        if len(public_key) != 32:
            raise ValueError("public key length")
        return cls(
            name=str(data["name"]),
            created=str(data["created"]),
            public_key=public_key,
            params=params,
            salt=_unb64(kdf["salt"]),
            private_nonce=_unb64(data["private_key"]["nonce"]),
            private_ciphertext=_unb64(data["private_key"]["ciphertext"]),
            sealed_keys=[{str(k): str(v) for k, v in s.items()} for s in sealed],
            must_change_password=bool(data.get("must_change_password", False)),
        )


@dataclass
class KeyFile:
    """The whole sidecar: which key is current and every user's slot."""

    database_id: str
    key_id: str
    slots: dict[str, Slot] = field(default_factory=dict)

    @classmethod
    def new(cls, database_key: bytes | bytearray) -> "KeyFile":
        return cls(database_id=secrets.token_hex(16), key_id=key_id_of(database_key))

    def slot(self, user: str) -> Slot:
        try:
            return self.slots[user.lower()]
        except KeyError:
            raise UnknownUser(f"There is no user called “{user}” in this database.") from None

    def has(self, user: str) -> bool:
        return user.lower() in self.slots

    def put(self, slot: Slot) -> None:
        self.slots[slot.name.lower()] = slot

    def remove(self, user: str) -> None:
        self.slots.pop(user.lower(), None)

    def to_bytes(self) -> bytes:
        body = {
            "format": FORMAT,
            "version": VERSION,
            "database_id": self.database_id,
            "key_id": self.key_id,
            "slots": {key: slot.to_json() for key, slot in sorted(self.slots.items())},
        }
        return json.dumps(body, indent=1, ensure_ascii=True).encode("ascii") + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "The key file") -> "KeyFile":
        damaged = KeyFileProblem(
            f"{where} is damaged and cannot be read. Restore it from a backup "
            "(backups carry the key file with the database)."
        )
        try:
            body = json.loads(data.decode("utf-8"))
            if not isinstance(body, dict) or body.get("format") != FORMAT:
                raise damaged
            if body.get("version") != VERSION:
                raise KeyFileProblem(
                    f"{where} was written by a newer version of LIPanel (format "
                    f"{body.get('version')}). Use that version to open this database."
                )
            if not _HEX32.match(str(body["database_id"])) or not _HEX32.match(str(body["key_id"])):
                raise damaged
            slots = {str(k): Slot.from_json(v) for k, v in dict(body["slots"]).items()}
        except KeyFileProblem:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
            raise damaged from None
        return cls(database_id=body["database_id"], key_id=body["key_id"], slots=slots)

    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise KeyFileProblem(
                f"The key file {Path(path).name} is missing. It must sit beside the database; "
                "restore it from a backup."
            ) from None
        except OSError as exc:
            raise KeyFileProblem(f"The key file {Path(path).name} cannot be read ({exc.strerror}).") from None
        return cls.from_bytes(data, where=f"The key file {Path(path).name}")

    def save(self, path: Path) -> None:
        replace_atomically(Path(path), self.to_bytes())
