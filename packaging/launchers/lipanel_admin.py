"""Entry point of the frozen `lipanel-admin` (a console program on every platform)."""

import sys

from lipanel_desktop.cli import main

sys.exit(main())
