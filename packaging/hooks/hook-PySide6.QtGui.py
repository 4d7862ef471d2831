"""QtGui as PyInstaller collects it, less the Qt plugins LIPanel never loads.

Filtering here, before PyInstaller looks for the plugins' own dependencies, keeps those
dependencies out too (GTK for the GTK theme, Qt Quick for the on-screen keyboard).
Kept: the platform plugins `offscreen` (tests, smoke test) and the desktop's own (`xcb`,
`windows`, `cocoa`), image formats, the SVG icon engine, input methods, the desktop portal.
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import get_qt_library_info

PLATFORMS = {"qoffscreen", "qxcb", "qwindows", "qcocoa"}
FOLDERS_DROPPED = {"egldeviceintegrations", "generic"}  # KMS/EGL screens, touch and tablet input


def wanted(source: str, dest: str) -> bool:
    folder = Path(dest).name
    stem = Path(source).name.split(".")[0].removeprefix("lib")
    if folder == "platforms":
        return stem in PLATFORMS
    if folder in FOLDERS_DROPPED or folder.startswith("wayland-"):
        return False
    if folder == "platformthemes":
        return "gtk" not in stem  # the GTK theme pulls in all of GTK
    if folder == "platforminputcontexts":
        return "virtualkeyboard" not in stem  # a keyboard made of QML and Qt Quick
    return True


hiddenimports, binaries, datas = get_qt_library_info("PySide6").collect_module("PySide6.QtGui")
binaries = [(source, dest) for source, dest in binaries if wanted(source, dest)]
