"""Entry point of the frozen desktop program `lipanel` (the same as `python -m lipanel_desktop`).

- On Windows the program is built without a console, and then Python has no standard
  output or error at all; argparse and the start-up messages write there, so they get a sink.
- Nothing is written into the program's own folder: Alembic runs the migration scripts from
  disk, and Python would otherwise leave `__pycache__` folders beside them.
- A program error that escapes the program's own handling (say, while the window is being
  built) gives one plain sentence and exit status 3, with its code locations — never record
  content — in the error log; never a traceback (PyInstaller's windowed traceback dialog is
  switched off in the spec).
- `LIPANEL_REPORT_STARTUP=1` prints one line on standard error when the first window has
  been painted, `lipanel: window shown after N ms` (time since this file started running).
  For IT measuring start-up on their own machines (antivirus scanning can slow it), and for
  the frozen smoke test. It creates the Qt application itself, before the program does.
"""

import os
import sys
import time

_started = time.perf_counter()
sys.dont_write_bytecode = True

_windowed = sys.stderr is None  # a Windows build without a console: speak in a message box
if sys.stdout is None or sys.stderr is None:
    _sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stdout or _sink
    sys.stderr = sys.stderr or _sink


def _report_first_window() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
                QApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, self.report)  # after this paint has finished
            return False

        def report(self) -> None:
            print(f"lipanel: window shown after {(time.perf_counter() - _started) * 1000:.0f} ms", file=sys.stderr, flush=True)

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lipanel"])
    app._lipanel_first_paint = FirstPaint(app)  # kept alive with the application
    app.installEventFilter(app._lipanel_first_paint)


def _start_failed(error: BaseException) -> int:
    where = None
    try:
        from lipanel_desktop.crash_log import log_bug

        where = log_bug(error)
    except Exception:  # noqa: BLE001 - the log is a courtesy; the message below must still go out
        pass
    message = "LIPanel stopped because of a program error. Nothing was changed. " + (
        f"Details without record content are in {where}." if where else "No error log could be written."
    )
    print(f"lipanel: {message}", file=sys.stderr, flush=True)
    if _windowed:
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            _app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lipanel"])
            QMessageBox.critical(None, "LIPanel", message)
        except Exception:  # noqa: BLE001 - nothing more can be shown
            pass
    return 3


def _run() -> int:
    if os.environ.get("LIPANEL_REPORT_STARTUP") == "1" and not {"-h", "--help"} & set(sys.argv[1:]):
        _report_first_window()
    from lipanel_desktop.app import main

    return main()


try:
    _code = _run()
except (SystemExit, KeyboardInterrupt):
    raise
except BaseException as _error:  # noqa: BLE001 - see the module docstring
    _code = _start_failed(_error)
sys.exit(_code)
