"""Entry point of the frozen desktop program `lipanel` (the same as `python -m lipanel_desktop`).

On Windows the program is built without a console, and then Python has no standard output
or error at all; argparse and the start-up messages write there, so they get a sink.
"""

import os
import sys

if sys.stdout is None or sys.stderr is None:
    _sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stdout or _sink
    sys.stderr = sys.stderr or _sink

from lipanel_desktop.app import main  # noqa: E402

sys.exit(main())
