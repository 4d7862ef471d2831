"""Opening the SQLCipher file safely.

Every connection is keyed with the raw 256-bit key before any other statement, then read at
once (a wrong key only shows at the first read), then checked to be really encrypted.
A plaintext SQLite file is refused without being touched, and a database is never created
on an open path (Signal Desktop once recreated its database unencrypted after an error).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlcipher3 import dbapi2

from lipanel_desktop.errors import DatabaseMissing, KnownError, NotALipanelDatabase

PLAINTEXT_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3.0

_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    # SQLCipher encrypts the journal but not temporary files: keep them in memory.
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = FULL",
    "PRAGMA trusted_schema = OFF",
)


def check_file_before_open(path: Path) -> None:
    """Refuse a missing file, a folder, or a plaintext SQLite file, without writing to it."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(f"There is no database at {path}. Check the path, or create one first.")
    if not path.is_file():
        raise NotALipanelDatabase(f"{path} is a folder, not a LIPanel database.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PLAINTEXT_HEADER))
    except OSError as exc:
        raise KnownError(f"{path} cannot be read ({exc.strerror}). Check you may open it.") from None
    if head == PLAINTEXT_HEADER:
        raise NotALipanelDatabase(
            f"{path.name} is an unencrypted SQLite file, not a LIPanel database. "
            "It has not been opened or changed."
        )
    if len(head) < len(PLAINTEXT_HEADER):
        raise NotALipanelDatabase(f"{path.name} is empty or truncated: it is not a LIPanel database.")


def _uri(path: Path, mode: str) -> str:
    return Path(os.path.abspath(path)).as_uri() + f"?mode={mode}"


def connect(
    path: Path,
    key: bytes | bytearray,
    *,
    read_only: bool = False,
    create: bool = False,
    timeout: float = BUSY_TIMEOUT_SECONDS,
) -> dbapi2.Connection:
    """A keyed, checked connection in autocommit mode (transactions are begun explicitly)."""
    if create:
        mode = "rwc"
    else:
        check_file_before_open(path)
        mode = "ro" if read_only else "rw"
    try:
        con = dbapi2.connect(
            _uri(path, mode), uri=True, isolation_level=None, check_same_thread=False, timeout=timeout
        )
    except dbapi2.OperationalError:
        raise KnownError(f"{Path(path).name} cannot be opened. Check the file and folder permissions.") from None
    try:
        # SQLCipher logs decryption failures to stderr by default; we report them ourselves.
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        con.execute("PRAGMA cipher_memory_security = ON")
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi2.DatabaseError:
            raise NotALipanelDatabase(
                f"{Path(path).name} cannot be read with its key: it is damaged, or it is not "
                "the database this key file belongs to. Run “lipanel-admin verify”, or restore a backup."
            ) from None
        row = con.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise NotALipanelDatabase("The database library has no encryption: refusing to open.")
        for pragma in _PRAGMAS:
            con.execute(pragma)
        if read_only:
            con.execute("PRAGMA query_only = ON")
    except BaseException:
        con.close()
        raise
    return con
