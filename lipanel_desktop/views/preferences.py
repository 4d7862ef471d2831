"""Window preferences: one typed registry over an INI file (after Picard and KeePassXC).

Only paths and display choices live here — never anything from a record. The file is in
the user's configuration folder (`XDG_CONFIG_HOME` and friends, through platformdirs),
read afresh each time so tests and several profiles never share one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from platformdirs import PlatformDirs
from PySide6.QtCore import QByteArray, QSettings

from lipanel_desktop.settings import APP_AUTHOR, APP_NAME

T = TypeVar("T")
RECENT_LIMIT = 8
TEXT_SCALES = (100, 125, 150, 175, 200)


def config_file() -> Path:
    override = os.environ.get("LIPANEL_CONFIG_DIR")
    folder = Path(override) if override else Path(PlatformDirs(APP_NAME, APP_AUTHOR, roaming=False).user_config_dir)
    return folder / "lipanel.ini"


def _settings() -> QSettings:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


@dataclass(frozen=True)
class Preference(Generic[T]):
    key: str
    default: T

    def get(self) -> T:
        value = _settings().value(self.key, self.default)
        return _coerce(value, self.default)

    def set(self, value: T) -> None:
        settings = _settings()
        settings.setValue(self.key, value)
        settings.sync()


def _coerce(value: Any, default: Any) -> Any:
    """QSettings hands back strings from an INI file; give the default's type back."""
    if value is None:
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            return default
    if isinstance(default, list):
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else default
    if isinstance(default, QByteArray):
        return value if isinstance(value, QByteArray) else default
    return str(value)


WINDOW_GEOMETRY: Preference[QByteArray] = Preference("window/geometry", QByteArray())
TEXT_SCALE: Preference[int] = Preference("display/text_scale", 100)
HIGH_CONTRAST: Preference[bool] = Preference("display/high_contrast", False)
LAST_USER: Preference[str] = Preference("unlock/last_user", "")
_RECENT: Preference[list] = Preference("unlock/recent_databases", [])


def recent_databases() -> list[Path]:
    """Recently opened databases (paths only), most recent first, those still present."""
    seen: list[Path] = []
    for text in _RECENT.get():
        path = Path(text)
        if path not in seen:
            seen.append(path)
    return seen[:RECENT_LIMIT]


def remember_database(path: Path) -> None:
    path = Path(os.path.abspath(path))
    others = [p for p in recent_databases() if p != path]
    _RECENT.set([str(p) for p in [path, *others][:RECENT_LIMIT]])


def forget_database(path: Path) -> None:
    path = Path(os.path.abspath(path))
    _RECENT.set([str(p) for p in recent_databases() if p != path])


def text_scale() -> int:
    value = TEXT_SCALE.get()
    return value if value in TEXT_SCALES else 100
