"""QtCore as PyInstaller collects it, less Qt's own translations: the program's words are
English and UK English needs none of Qt's (about 15 MB of .qm files for other languages)."""

from pathlib import Path

from PyInstaller.utils.hooks.qt import get_qt_library_info

hiddenimports, binaries, datas = get_qt_library_info("PySide6").collect_module("PySide6.QtCore")
datas = [(source, dest) for source, dest in datas if Path(dest).name != "translations"]
