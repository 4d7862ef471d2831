"""AES-256 password protection for PDFs, standard security handler revision 6.

ReportLab's `StandardEncryption(strength=256)` writes revision 5 (Adobe's deprecated
extension), pads its /UE, /OE and /Perms entries, and pads every encrypted stream twice;
strict readers (pypdf) reject the first and find junk after the second. Revision 5 also
checks passwords with a single SHA-256, cheap to guess at. So we keep ReportLab's
document machinery and write the security handler ourselves as ISO 32000-2 revision 6:
the hardened password hash (algorithm 2.B), unpadded AES-256 key wrapping, and AESV3
(AES-256-CBC, random IV, PKCS#7) for strings and streams.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from reportlab.lib.pdfencrypt import StandardEncryption, hexText
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFDictionary, PDFName, PDFObject

REVISION = 6
_MAX_PASSWORD_BYTES = 127


def _password_bytes(password: str) -> bytes:
    """ISO 32000-2 asks for SASLprep then UTF-8; NFKC is its normalisation step, and what
    Acrobat, PDFium (QtPdf) and poppler then compare."""
    return unicodedata.normalize("NFKC", password).encode("utf-8")[:_MAX_PASSWORD_BYTES]


def _aes_cbc_no_padding(key: bytes, data: bytes, iv: bytes = b"\0" * 16) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def hash_r6(password: bytes, salt: bytes, user_key: bytes = b"") -> bytes:
    """Algorithm 2.B of ISO 32000-2: the revision 6 password hash."""
    k = hashlib.sha256(password + salt + user_key).digest()
    rounds = 0
    while True:
        k1 = (password + k + user_key) * 64
        e = _aes_cbc_no_padding(k[:16], k1, iv=k[16:32])
        choice = sum(e[:16]) % 3
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[choice](e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


class Aes256Encryption(StandardEncryption):
    """Revision 6 AES-256: use as `encrypt=` on a document template."""

    def __init__(self, user_password: str, owner_password: str | None = None) -> None:
        if not user_password:
            raise ValueError("a PDF password must not be empty")
        # strength=256 makes ReportLab encrypt strings and streams with AES-256 (AESV3).
        super().__init__(user_password, owner_password or os.urandom(24).hex(), strength=256)

    def prepare(self, document, overrideID=None):  # type: ignore[no-untyped-def]
        if self.prepared:
            raise ValueError("encryption already prepared")
        document.ID()  # ReportLab needs the file identifier made before encryption
        self.P = int(self.permissionBits() - 2**31)
        user = _password_bytes(self.userPassword)
        owner = _password_bytes(self.ownerPassword)
        self.key = os.urandom(32)

        user_validation, user_key_salt = os.urandom(8), os.urandom(8)
        self.U = hash_r6(user, user_validation) + user_validation + user_key_salt
        self.UE = _aes_cbc_no_padding(hash_r6(user, user_key_salt), self.key)

        owner_validation, owner_key_salt = os.urandom(8), os.urandom(8)
        self.O = hash_r6(owner, owner_validation, self.U) + owner_validation + owner_key_salt
        self.OE = _aes_cbc_no_padding(hash_r6(owner, owner_key_salt, self.U), self.key)

        perms = (self.P & 0xFFFFFFFF).to_bytes(4, "little") + b"\xff\xff\xff\xff" + b"Tadb" + os.urandom(4)
        self.Perms = _aes_cbc_no_padding(self.key, perms)
        self.objnum = self.version = None
        self.prepared = 1

    def encode(self, t):  # type: ignore[no-untyped-def]
        """AES-256-CBC with a random IV and PKCS#7 padding (ReportLab pads twice, which
        leaves junk at the end of every decrypted stream)."""
        if not self.prepared or self.objnum is None:
            raise ValueError("encryption not prepared")
        data = t.encode("utf-8") if isinstance(t, str) else bytes(t)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(data) + padder.finalize()
        iv = os.urandom(16)
        return iv + _aes_cbc_no_padding(self.key, padded, iv=iv)

    def info(self):  # type: ignore[no-untyped-def]
        if not self.prepared:
            raise ValueError("encryption not prepared")
        return _Revision6Dictionary(self)


class _Revision6Dictionary(PDFObject):
    __RefOnly__ = 1

    def __init__(self, enc: Aes256Encryption) -> None:
        self.enc = enc

    def format(self, document):  # type: ignore[no-untyped-def]
        enc = self.enc
        crypt_filter = PDFDictionary({"Length": 32, "AuthEvent": PDFName("DocOpen"), "CFM": PDFName("AESV3")})
        entries = {
            "Filter": PDFName("Standard"),
            "V": 5,
            "R": REVISION,
            "Length": 256,
            "P": enc.P,
            "O": hexText(enc.O),
            "U": hexText(enc.U),
            "OE": hexText(enc.OE),
            "UE": hexText(enc.UE),
            "Perms": hexText(enc.Perms),
            "StrF": PDFName("StdCF"),
            "StmF": PDFName("StdCF"),
            "CF": PDFDictionary({"StdCF": crypt_filter}),
        }
        # A dummy document so the dictionary itself is not encrypted.
        return PDFDictionary(entries).format(DummyDoc())
