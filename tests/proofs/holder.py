"""A second LIPanel program, for the proofs: opens a database the way the GUI does
(exclusive), says "ready", and holds it until its standard input closes or it is killed.

    python -m tests.proofs.holder DB USER   (password on the first line of stdin)
"""

from __future__ import annotations

import sys
from pathlib import Path

from lipanel_desktop.services.database import open_database


def main() -> int:
    database, user = Path(sys.argv[1]), sys.argv[2]
    password = sys.stdin.readline().rstrip("\n")
    store = open_database(database, user, password, exclusive=True)
    print("ready", flush=True)
    sys.stdin.read()
    store.close()
    print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
