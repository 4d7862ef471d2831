"""`python -m lipanel_desktop`: the desktop program (same as `lipanel`)."""

import sys

from lipanel_desktop.app import main

sys.exit(main())
