"""`make screenshots` replaces only the pictures it makes: the documents' pictures
(`print-*.png`, made by tools/document_screenshots.py) and anything else already in
docs/screenshots stay, and its temporary folder goes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from tools import screenshots


def test_only_its_own_pictures_are_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "screenshots"
    (out / "200").mkdir(parents=True)
    kept = {out / "print-form-a.png": b"document picture", out / "panel-calendar.png": b"another section",
            out / "200" / "notes.txt": b"someone's notes"}
    for path, data in kept.items():
        path.write_bytes(data)
    (out / "unlock.png").write_bytes(b"an old picture")
    for name in ("LIPANEL_DATA_DIR", "LIPANEL_LOG_DIR", "LIPANEL_CONFIG_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))  # put back after the tool changes them
    monkeypatch.setenv("LIPANEL_TEST_KDF", "fast")
    work_folders: list[Path] = []
    made: list[Path] = []

    def fake_database(work: Path) -> Path:
        work_folders.append(work)
        return work / "demo.lipanel-db"

    def fake_pictures(_app: Any, _path: Path, folder: Path, suffix: str = "") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "unlock.png").write_bytes(b"new picture")
        made.append(folder)

    monkeypatch.setattr(screenshots, "OUT", out)
    monkeypatch.setattr(screenshots, "_demo_database", fake_database)
    monkeypatch.setattr(screenshots, "_pictures", fake_pictures)
    assert screenshots.main() == 0
    assert made == [out, out / "200", out / "high-contrast"]
    for path, data in kept.items():
        assert path.read_bytes() == data, path
    assert (out / "unlock.png").read_bytes() == b"new picture"
    assert work_folders and not work_folders[0].exists()
    assert Path(tempfile.gettempdir()) in work_folders[0].parents
