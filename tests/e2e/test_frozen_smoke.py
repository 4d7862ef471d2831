"""The frozen program in `dist/lipanel/` (built by `make package`) works on its own.

What a user's machine gets is not the source tree: a missing data file, Qt plugin or
hidden import only shows in the built folder. So these tests run the built executables,
with no Python environment behind them:

- `lipanel-admin init`, `seed-demo`, `verify`, `export-pack` (migrations from disk,
  SQLCipher, the fonts in the PDF), `backup` and `restore`; a wrong password and a missing
  database;
- `lipanel --demo` starts offscreen, paints its window and stays up; on a real X screen
  (Xvfb, where installed) it unlocks with the demo password and opens every section;
- nothing is written into the program's folder while it runs (it matches the manifest the
  build wrote), on Linux every Qt library resolves inside the folder, and no frozen process
  opens an internet socket (checked with strace where it is installed).

Marked `frozen`. Without a build, or with one older than the source tree, they are skipped
with the reason. On CI (`CI=true`), or with `LIPANEL_FROZEN_BUILD=1`, they build it first
(`packaging/build.py`, a few minutes; one worker builds while the other waits);
`LIPANEL_FROZEN_BUILD=0` stops CI from building (then they are skipped).
`make package` runs them right after its build with `LIPANEL_FROZEN_REQUIRED=1`: never skipped.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.frozen

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if sys.platform == "win32" else ""
PASSWORD = "Frozen-Fictional-Pass-1"
WINDOW_SHOWN = re.compile(r"^lipanel: window shown after (\d+) ms$", re.M)
BUILD_TIMEOUT = 45 * 60


def _packaging_module(name: str) -> ModuleType:
    """packaging/ is not a package (its name is taken by PyPA's `packaging`): load by path."""
    spec = importlib.util.spec_from_file_location(f"lipanel_packaging_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _packaging_module("build")
manifest = _packaging_module("manifest")


@contextlib.contextmanager
def _one_builder() -> Iterator[None]:
    """Test workers take turns: the first builds, the others wait and find it built."""
    build.BUILD.mkdir(exist_ok=True)
    with open(build.BUILD / "frozen-tests.lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: the build machine runs these tests in one process
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_state() -> str:
    if not (build.APP / f"lipanel-admin{EXE}").is_file() or not build.SOURCE_STAMP.is_file():
        return "missing"
    if build.SOURCE_STAMP.read_text(encoding="ascii").strip() != build.source_digest():
        return "stale"
    return "current"


def _build_now() -> None:
    # The build, unlike the program, needs PyPI: it runs outside the suite's no-network guard.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIPANEL_NETWORK_GUARD_REPORTS")}
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True, env=env, timeout=BUILD_TIMEOUT, cwd=ROOT)


@pytest.fixture(scope="session")
def app_dir() -> Path:
    choice = os.environ.get("LIPANEL_FROZEN_BUILD", "")
    wanted = choice == "1" or (os.environ.get("CI") == "true" and choice != "0")
    with _one_builder():
        state = _build_state()
        if state != "current" and wanted:
            _build_now()
            state = _build_state()
    if os.environ.get("LIPANEL_FROZEN_REQUIRED") == "1":  # `make package`, right after building
        if state == "missing":
            pytest.fail("no frozen build in dist/lipanel, though `make package` has just built it")
        return build.APP
    if state == "missing":
        pytest.skip("no frozen build in dist/lipanel: `make package` builds it and then runs these tests")
    if state == "stale":
        pytest.skip("dist/lipanel was built from an older source tree: run `make package` again")
    return build.APP


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The frozen programs' environment: this test's folders, offscreen Qt, fast test KDF."""
    folders = {name: tmp_path / name for name in ("data", "logs", "config", "tmp")}
    for folder in folders.values():
        folder.mkdir()
    return {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "LIPANEL_DATA_DIR": str(folders["data"]),
        "LIPANEL_LOG_DIR": str(folders["logs"]),
        "XDG_CONFIG_HOME": str(folders["config"]),
        "TMPDIR": str(folders["tmp"]),
        "TEMP": str(folders["tmp"]),
        "TMP": str(folders["tmp"]),
        "QT_QPA_PLATFORM": "offscreen",
        "LIPANEL_TEST_KDF": "fast",
    }


def _traced(command: list[str], trace: Path) -> list[str]:
    """Under strace (Linux, when installed) every socket the process tree makes is logged."""
    if sys.platform != "linux" or shutil.which("strace") is None:
        return command
    return ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=socket", "-o", str(trace), *command]


def _internet_sockets(trace: Path) -> list[str]:
    if not trace.exists():
        return []
    return [line for line in trace.read_text(errors="replace").splitlines() if re.search(r"socket\(AF_INET6?\b", line)]


def admin(app: Path, env: dict[str, str], tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    trace = tmp_path / f"strace-{time.monotonic_ns()}.txt"
    done = subprocess.run(
        _traced([str(app / f"lipanel-admin{EXE}"), *args], trace),
        input=stdin, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert _internet_sockets(trace) == [], f"lipanel-admin {args[0]} opened an internet socket"
    return done


def assert_folder_untouched(app: Path) -> None:
    """Running the program wrote nothing into its own folder (no __pycache__, no logs)."""
    result = manifest.compare(manifest.read_manifest(build.MANIFEST), manifest.folder_manifest(app))
    assert result.identical, f"the program's folder changed while it ran: {result}"


def _font_names(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def test_admin_reports_the_version_in_pyproject(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = admin(app_dir, env, tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"lipanel-admin {version}")


def test_admin_creates_fills_checks_prints_and_backs_up_a_database(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "panel.lipanel-db"
    done = admin(app_dir, env, tmp_path, "init", str(db), "--admin", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert not db.read_bytes()[:16].startswith(b"SQLite format 3"), "the database must be encrypted"
    assert Path(f"{db}.lipanel-keys").is_file()

    done = admin(app_dir, env, tmp_path, "seed-demo", str(db), "--user", "admin", "--referrals", "40", "--seed", "3", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "40 referrals" in done.stdout

    done = admin(app_dir, env, tmp_path, "verify", str(db), "--user", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Schema version: 0001" in done.stdout and "chain unbroken" in done.stdout

    pack = tmp_path / "meeting-pack.pdf"
    done = admin(app_dir, env, tmp_path, "export-pack", str(db), "--user", "admin", "--meeting", "1", "--out", str(pack), stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    reader = PdfReader(pack)
    assert len(reader.pages) >= 2
    fonts = _font_names(reader)
    assert any("DejaVuSans" in name for name in fonts), f"the bundled fonts were not used: {fonts}"
    assert "Panel" in reader.pages[0].extract_text()

    backup = tmp_path / "panel.lipanel-backup"
    done = admin(app_dir, env, tmp_path, "backup", str(db), str(backup), "--user", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    restored = tmp_path / "restored" / "panel.lipanel-db"
    restored.parent.mkdir()
    done = admin(app_dir, env, tmp_path, "restore", str(backup), str(restored), "--user", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    done = admin(app_dir, env, tmp_path, "verify", str(restored), "--user", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_folder_untouched(app_dir)


def test_admin_refuses_a_wrong_password_in_plain_words(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "panel.lipanel-db"
    assert admin(app_dir, env, tmp_path, "init", str(db), "--admin", "admin", stdin=PASSWORD + "\n").returncode == 0
    before = db.read_bytes()

    done = admin(app_dir, env, tmp_path, "verify", str(db), "--user", "admin", stdin="Not-The-Password-9\n")

    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert db.read_bytes() == before


def test_admin_says_plainly_when_the_database_is_missing(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "panel.lipanel-db"

    done = admin(app_dir, env, tmp_path, "verify", str(missing), "--user", "admin", stdin=PASSWORD + "\n")

    assert done.returncode == 2
    assert done.stderr.strip() and "Traceback" not in done.stderr
    assert not missing.parent.exists(), "nothing may be created on a failed open"


def test_desktop_program_shows_its_help_without_starting_qt(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run([str(app_dir / f"lipanel{EXE}"), "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0
    assert "--demo" in done.stdout


def test_desktop_demo_starts_offscreen_and_stays_up(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    trace = tmp_path / "strace-gui.txt"
    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        process = subprocess.Popen(
            _traced([str(app_dir / f"lipanel{EXE}"), "--demo", "--demo-referrals", "40"], trace),
            stdout=subprocess.DEVNULL, stderr=err, env={**env, "LIPANEL_REPORT_STARTUP": "1"}, cwd=tmp_path,
            start_new_session=sys.platform != "win32",  # strace and the program end together
        )
        try:
            deadline = time.monotonic() + 180
            while not WINDOW_SHOWN.search(log.read_text()) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert WINDOW_SHOWN.search(log.read_text()), f"no window within 180 s (exit {process.poll()}): {log.read_text()[-2000:]}"
            time.sleep(5)
            assert process.poll() is None, f"the program ended by itself: {log.read_text()[-2000:]}"
            assert list((tmp_path / "tmp").glob("lipanel-demo-*/demo.lipanel-db")), "the demo database is made in the temporary folder"
        finally:
            _end(process)
    errors = [line for line in log.read_text().splitlines() if re.search(r"Traceback|Error|[Cc]ould not|[Cc]annot|not found", line)]
    assert errors == []
    if sys.platform != "win32":  # SIGTERM (log-off) ends it cleanly; Windows' terminate() does not
        assert list((tmp_path / "tmp").glob("lipanel-demo-*")) == [], "the demo folder is removed when the program ends"
    assert _internet_sockets(trace) == [], "the desktop program opened an internet socket"
    assert_folder_untouched(app_dir)


@contextlib.contextmanager
def _virtual_screen() -> Iterator[str]:
    """An Xvfb display of its own (Xvfb picks a free number and tells it through a pipe)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as answer:
            number = answer.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _xdotool(display: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], capture_output=True, text=True, env={**os.environ, "DISPLAY": display}, timeout=60)
    return done.stdout.strip()


def _wait_for_title(display: str, window: str, wanted: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    title = ""
    while time.monotonic() < deadline:
        title = _xdotool(display, "getwindowname", window)
        if title == wanted:
            break
        time.sleep(0.3)
    return title


@pytest.mark.skipif(sys.platform != "linux" or not (shutil.which("Xvfb") and shutil.which("xdotool")),
                    reason="needs Linux with Xvfb and xdotool (a real X screen, driven by keystrokes)")
def test_desktop_demo_unlocks_and_opens_every_section_on_a_real_screen(app_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The xcb platform plugin, the unlock, and every page — pages are imported by name,
    which is exactly what a frozen build can miss."""
    from lipanel_desktop.app import DEMO_PASSWORD
    from lipanel_desktop.views.navigation import SECTIONS

    log = tmp_path / "stderr.txt"
    with _virtual_screen() as display, open(log, "w") as err:
        process = subprocess.Popen(
            [str(app_dir / "lipanel"), "--demo", "--demo-referrals", "40"], stdout=subprocess.DEVNULL, stderr=err,
            env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LIPANEL_REPORT_STARTUP": "1"}, cwd=tmp_path,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while not WINDOW_SHOWN.search(log.read_text()) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert WINDOW_SHOWN.search(log.read_text()), f"no window (exit {process.poll()}): {log.read_text()[-2000:]}"
            window = _xdotool(display, "search", "--onlyvisible", "--name", "LIPanel").splitlines()[0]
            _xdotool(display, "windowfocus", "--sync", window)
            _xdotool(display, "type", "--delay", "15", DEMO_PASSWORD)
            _xdotool(display, "key", "Return")
            assert _wait_for_title(display, window, f"{SECTIONS[0].title} — LIPanel") == f"{SECTIONS[0].title} — LIPanel", "not unlocked"
            for section in [*SECTIONS[1:], SECTIONS[0]]:
                if section.shortcut:
                    _xdotool(display, "key", section.shortcut.lower())
                    assert _wait_for_title(display, window, f"{section.title} — LIPanel") == f"{section.title} — LIPanel"
            assert process.poll() is None
        finally:
            _end(process)
    assert not (Path(env["LIPANEL_LOG_DIR"]) / "lipanel-errors.log").exists(), "a page failed to load"
    assert "Traceback" not in log.read_text()


def _end(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        process.terminate()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.skipif(sys.platform != "linux", reason="ldd is Linux's")
def test_every_qt_library_resolves_inside_the_folder(app_dir: Path) -> None:
    internal = app_dir / "_internal"
    unresolved: set[str] = set()
    for library in [*internal.rglob("*.so*"), app_dir / "lipanel", app_dir / "lipanel-admin"]:
        if library.is_symlink() or not library.is_file():
            continue
        done = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                              env={**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}"})
        unresolved |= {m for m in re.findall(r"^\s*(\S+) => not found", done.stdout, re.M) if re.match(r"lib(Qt6|pyside6|shiboken6|python3)", m)}
    assert unresolved == set()
