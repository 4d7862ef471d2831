"""The file list of a built folder: one line per file, sorted, `SHA256  SIZE  PATH`
(a symbolic link, as PyInstaller makes on Linux, is `link:TARGET  0  PATH`).

    python packaging/manifest.py dist/lipanel > a.txt        print the list
    python packaging/manifest.py --compare A.txt B.txt       what differs between two lists

Used three ways: `make package` writes `dist/lipanel.manifest` beside the folder, so IT can
check an installed copy against the release (docs/deployment.md); two builds of one commit
are compared for reproducibility; and the frozen smoke test checks the folder matches it.
Standard library only, so it runs with any Python 3.11, Windows included.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    path: str  # relative, with forward slashes
    size: int
    sha256: str

    def line(self) -> str:
        return f"{self.sha256}  {self.size:>10}  {self.path}"

    @classmethod
    def parse(cls, line: str) -> Entry:
        digest, size, path = line.split(maxsplit=2)
        return cls(path=path, size=int(size), sha256=digest)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _entry(folder: Path, path: Path) -> Entry:
    name = path.relative_to(folder).as_posix()
    if path.is_symlink():
        return Entry(name, 0, "link:" + Path(os.readlink(path)).as_posix())
    return Entry(name, path.stat().st_size, _digest(path))


def folder_manifest(folder: Path) -> list[Entry]:
    """Every file and symbolic link under `folder`, by path; links are not followed."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    found: list[Path] = []
    for parent, dirs, files in os.walk(folder, followlinks=False):
        found += [Path(parent, name) for name in files]
        found += [Path(parent, name) for name in dirs if Path(parent, name).is_symlink()]
    return sorted((_entry(folder, p) for p in found), key=lambda e: e.path)


def read_manifest(path: Path) -> list[Entry]:
    return [Entry.parse(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class Comparison:
    only_first: list[str]
    only_second: list[str]
    changed: list[str]  # same path, different size or content

    @property
    def same_files(self) -> bool:
        return not self.only_first and not self.only_second

    @property
    def identical(self) -> bool:
        return self.same_files and not self.changed


def compare(first: list[Entry], second: list[Entry]) -> Comparison:
    a = {e.path: e for e in first}
    b = {e.path: e for e in second}
    return Comparison(
        only_first=sorted(a.keys() - b.keys()),
        only_second=sorted(b.keys() - a.keys()),
        changed=sorted(p for p in a.keys() & b.keys() if a[p] != b[p]),
    )


def _report(result: Comparison, first: str, second: str) -> str:
    lines = [f"only in {first}: {p}" for p in result.only_first]
    lines += [f"only in {second}: {p}" for p in result.only_second]
    lines += [f"content differs: {p}" for p in result.changed]
    if result.identical:
        lines.append("identical: same files, sizes and contents")
    elif result.same_files:
        lines.append(f"same file list; {len(result.changed)} file(s) differ in content")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="File list (SHA-256, size, path) of a built folder.")
    parser.add_argument("paths", nargs="+", type=Path, help="a folder; or, with --compare, two lists")
    parser.add_argument("--compare", action="store_true", help="compare two lists; exit 1 if the file lists differ")
    args = parser.parse_args(argv)
    try:
        if args.compare:
            if len(args.paths) != 2:
                parser.error("--compare takes two lists")
            result = compare(read_manifest(args.paths[0]), read_manifest(args.paths[1]))
            print(_report(result, str(args.paths[0]), str(args.paths[1])))
            return 0 if result.same_files else 1
        if len(args.paths) != 1:
            parser.error("give one folder")
        for entry in folder_manifest(args.paths[0]):
            print(entry.line())
    except (OSError, ValueError) as error:
        print(f"manifest: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
