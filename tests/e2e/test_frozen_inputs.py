"""What the frozen build is made from, checked in every test run (no build needed):

- `requirements/build.lock` pins every dependency in `pyproject.toml` at a version the
  project accepts, each with SHA-256 hashes (else `pip --require-hashes` refuses it), so a
  dependency added to pyproject.toml without regenerating the lock fails here, not on the
  release machine;
- the file-list tool that tells two builds apart (`packaging/manifest.py`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.e2e.test_frozen_smoke import manifest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "build.lock"


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    current = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            pins[current] = (pin.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def test_the_lock_pins_every_dependency_at_an_accepted_version_with_hashes() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    locked = _locked()
    wrong = []
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name not in locked:
            wrong.append(f"{name} is not in the lock")
        elif not requirement.specifier.contains(locked[name][0], prereleases=True):
            wrong.append(f"{name}=={locked[name][0]} does not satisfy {requirement.specifier}")
    assert wrong == [], "requirements/build.lock is out of date (run `sh packaging/update-lock.sh`): " + "; ".join(wrong)
    assert "pyinstaller" in locked
    assert all(hashes > 0 for _, hashes in locked.values()), "every pinned package needs its hashes"


def test_the_lock_names_no_index_but_pypi() -> None:
    text = LOCK.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(--index-url|--extra-index-url|--find-links|-i |-f )", text, re.M)
    assert "file://" not in text and "git+" not in text


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return tmp_path


def test_manifest_lists_every_file_sorted_with_size_and_hash(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "app", {"b.txt": b"two", "a/z.bin": b"\0" * 10, "a/with space.txt": b""})

    entries = manifest.folder_manifest(folder)

    assert [e.path for e in entries] == ["a/with space.txt", "a/z.bin", "b.txt"]
    assert [e.size for e in entries] == [0, 10, 3]
    assert entries[2].sha256 == "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3"
    assert [manifest.Entry.parse(e.line()) for e in entries] == entries


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_manifest_records_a_link_as_a_link(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "app", {"lib/real.so": b"x" * 100})
    (folder / "real-link.so").symlink_to("lib/real.so")

    entries = {e.path: e for e in manifest.folder_manifest(folder)}

    assert entries["real-link.so"] == manifest.Entry("real-link.so", 0, "link:lib/real.so")


def test_compare_names_what_differs_and_exits_1_only_when_the_file_list_differs(tmp_path: Path) -> None:
    first = _folder(tmp_path / "one", {"same.txt": b"same", "changed.txt": b"old", "gone.txt": b"g"})
    second = _folder(tmp_path / "two", {"same.txt": b"same", "changed.txt": b"new", "new.txt": b"n"})
    lists = []
    for folder in (first, second):
        listing = tmp_path / f"{folder.name}.manifest"
        done = subprocess.run([sys.executable, str(ROOT / "packaging" / "manifest.py"), str(folder)], capture_output=True, text=True, check=True)
        listing.write_text(done.stdout)
        lists.append(listing)

    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "manifest.py"), "--compare", *map(str, lists)], capture_output=True, text=True)

    assert done.returncode == 1
    assert f"only in {lists[0]}: gone.txt" in done.stdout
    assert f"only in {lists[1]}: new.txt" in done.stdout
    assert "content differs: changed.txt" in done.stdout
    assert "same.txt" not in done.stdout

    lists[1].write_text(lists[0].read_text())
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "manifest.py"), "--compare", *map(str, lists)], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "identical: same files, sizes and contents")


def test_manifest_refuses_a_missing_folder_plainly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "manifest.py"), str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert done.returncode != 0
    assert "is not a folder" in done.stderr
