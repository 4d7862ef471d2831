"""Opening the SQLCipher file safely.

Every connection is keyed with the raw 256-bit key before any other statement, then read at
once (a wrong key only shows at the first read), then checked to be really encrypted.
A plaintext SQLite file is refused without being touched, and a database is never created
on an open path (Signal Desktop once recreated its database unencrypted after an error).
"""

from __future__ import annotations

import os
import re
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
        if read_only and _hot_journal(Path(path)):
            _recover(Path(path), key, timeout)
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


def _hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    try:
        return journal.stat().st_size > 0
    except OSError:
        return False


def _recover(path: Path, key: bytes | bytearray, timeout: float) -> None:
    """A write was interrupted (a crash, a kill) and left its journal: a read-only
    connection cannot roll it back and would see the half-written pages. Open read-write
    once, which rolls the interrupted transaction back, as any normal open does. If
    another program is still writing (the journal is live, not hot), this only reads."""
    try:
        con = connect(path, key, timeout=timeout)
    except KnownError:
        return  # not writable here, or unreadable: the read-only open will say why
    con.close()


def diagnose(path: Path, key: bytes | bytearray) -> str | None:
    """Why a file cannot be read with `key`, in plain words; None when the key itself does
    not fit (its first page fails its check: a wrong key file, or page 1 is damaged).

    Opens read-only and reads nothing through the schema, so it works on a file too
    damaged to open normally. Scans every page: use it only once something has failed.
    """
    try:
        con = dbapi2.connect(_uri(Path(path), "ro"), uri=True, isolation_level=None, check_same_thread=False)
    except dbapi2.Error:
        return None
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        failures = [str(row[0]) for row in con.execute("PRAGMA cipher_integrity_check")]
        pages = sorted({int(n) for text in failures for n in re.findall(r"page (\d+)", text)})
        if 1 in pages:
            return None
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
        cut = truncation(Path(path), key, page_size)
        if cut:
            return cut
        if pages:
            shown = ", ".join(map(str, pages[:5])) + (" …" if len(pages) > 5 else "")
            return f"{len(pages)} page(s) fail their integrity check (page {shown}): the file was changed or corrupted"
        return "its internal structure is damaged although every page is intact"
    except dbapi2.Error:
        return None
    finally:
        con.close()


def truncation(path: Path, key: bytes | bytearray, page_size: int = 4096) -> str | None:
    """'cut short' in plain words if the file holds fewer pages than its header says."""
    actual = os.path.getsize(path)
    expected = _header_page_count(Path(path), bytes(key), page_size)
    if actual % page_size or (expected and actual < expected * page_size):
        return f"the file is cut short: it holds {actual // page_size} whole page(s)" + (
            f" of the {expected} it should" if expected else ""
        )
    return None


#: SQLCipher 4's page layout: a 16-byte salt at the start of page 1; at the end of every
#: page 80 reserved bytes, the first 16 of which are the page's AES-CBC IV.
_SALT, _RESERVE, _IV = 16, 80, 16


def _header_page_count(path: Path, key: bytes, page_size: int) -> int | None:
    """The page count SQLite wrote in the (encrypted) header, read by decrypting page 1
    ourselves, since SQLite cannot be asked once the file is too damaged to open. Only
    called after page 1 has passed its HMAC check, so what it decrypts is authentic."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    with open(path, "rb") as handle:
        page = handle.read(page_size)
    if len(page) < page_size or len(key) != 32:
        return None
    iv = page[page_size - _RESERVE : page_size - _RESERVE + _IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[_SALT : page_size - _RESERVE]) + decryptor.finalize()
    # SQLite header offsets 24 (change counter), 28 (page count), 92 (version-valid-for),
    # shifted by the salt that takes the place of the first 16 bytes.
    change_counter = int.from_bytes(plain[24 - _SALT : 28 - _SALT], "big")
    count = int.from_bytes(plain[28 - _SALT : 32 - _SALT], "big")
    valid_for = int.from_bytes(plain[92 - _SALT : 96 - _SALT], "big")
    return count if count and change_counter == valid_for else None
