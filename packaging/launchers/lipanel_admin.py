"""Entry point of the frozen `lipanel-admin` (a console program on every platform).
Like `lipanel`, it writes nothing into the program's own folder (no `__pycache__`)."""

import sys

sys.dont_write_bytecode = True

from lipanel_desktop.cli import main  # noqa: E402

sys.exit(main())
