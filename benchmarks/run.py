"""The performance harness: `make bench`, or `python -m benchmarks.run [names...]`.

Every figure is printed beside a *floor*: the same work done the plainest way (usually
plain SQLite through the raw DB-API: no encryption, no ORM, no checks), measured in the
same run on the same machine. The ratio is what travels between machines; the absolute
figure is what a user feels. A figure may also carry a *goal* (an issue's target), shown
as pass or miss; a missed goal makes the run exit 1.

Running
-------
    make bench                              every benchmarks/bench_*.py
    python -m benchmarks.run storage        only bench_storage.py (several names allowed)
    python -m benchmarks.run -k unlock      only figures whose name contains "unlock"
    python -m benchmarks.run --quick        one repetition, small sizes; writes nothing
                                            (unless --out is given): a smoke test

Results go to `benchmarks/results/latest.json` and a dated copy `results/YYYY-MM-DD.md`
(commit the markdown when you report figures). Both are merged by module: running one
module replaces that module's figures and keeps the others'.

The harness runs with the real key-derivation cost (`LIPANEL_TEST_KDF` is unset) and
with the data, log and settings folders pointed into its own temporary folder, removed at
the end.

Adding a bench module
---------------------
Create `benchmarks/bench_<area>.py` exposing `run(h: Harness) -> None`:

    from benchmarks.run import Harness, at_most, between, ratio_at_most

    def run(h: Harness) -> None:
        folder = h.folder("things")            # fresh temp folder, removed afterwards
        size = 200 if h.quick else 10_000      # keep --quick fast
        h.measure(
            f"load {size} things",             # the figure's name, unique in the module
            lambda prepared: load(prepared),   # the timed work; gets setup()'s result
            setup=lambda: prepare(folder),     # optional, untimed, run before every repeat
            floor=("plain sqlite3 load", lambda prepared: raw_load(prepared), prepare_raw),
            goal=ratio_at_most(3),             # or at_most(0.5), between(0.3, 1.0)
            repeat=5,                          # default 5 (1 with --quick)
            memory=True,                       # also measure peak extra memory (fn and floor)
        )
        h.record("file size", 1234, unit="bytes",
                 floor=("plain SQLite file", 1000), goal=ratio_at_most(1.1))

If `fn` returns an `Elapsed(seconds)`, that is taken as the time instead of the wall time
around the call: for work timed where it ran (say in a subprocess whose start-up should
not count). `floor` is `(name, fn)` or `(name, fn, setup)`; without a setup, `fn` takes no argument
(same for the measured `fn`). Each repetition runs the figure then its floor, interleaved,
so drift on a busy machine hits both alike; the median of the repetitions is reported.
`measure` returns a `Result` whose `.value` is the last return value of `fn`, for a later
figure that needs what an earlier one built. Use `h.record` for figures that are not a
time (sizes, counts) or that you timed yourself.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_REPEAT = 5


class Elapsed(float):
    """Returned by a measured function that timed its own work (see the docstring)."""


# -- goals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A target for the median (or, with `on_ratio`, for the ratio to the floor)."""

    low: float | None = None
    high: float | None = None
    on_ratio: bool = False

    def met(self, value: float, ratio: float | None) -> bool | None:
        subject = ratio if self.on_ratio else value
        if subject is None:
            return None
        if self.low is not None and subject < self.low:
            return False
        return not (self.high is not None and subject > self.high)

    def text(self, unit: str) -> str:
        show = _ratio_text if self.on_ratio else (lambda v: format_value(v, unit))
        prefix = "ratio " if self.on_ratio else ""
        if self.low is not None and self.high is not None:
            return f"{prefix}{show(self.low)}–{show(self.high)}"
        if self.high is not None:
            return f"{prefix}≤ {show(self.high)}"
        return f"{prefix}≥ {show(self.low)}"  # type: ignore[arg-type]


def at_most(value: float) -> Goal:
    return Goal(high=value)


def between(low: float, high: float) -> Goal:
    return Goal(low=low, high=high)


def ratio_at_most(ratio: float) -> Goal:
    return Goal(high=ratio, on_ratio=True)


# -- results ------------------------------------------------------------------------------


@dataclass
class Result:
    module: str
    name: str
    unit: str
    median: float
    runs: list[float]
    floor_name: str | None = None
    floor_median: float | None = None
    floor_runs: list[float] = field(default_factory=list)
    ratio: float | None = None
    goal: str = ""
    passed: bool | None = None
    peak_memory: int | None = None
    floor_peak_memory: int | None = None
    note: str = ""
    value: Any = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("value")
        return data


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.001:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1000:.1f} ms"
        return f"{value:.2f} s"
    if unit == "bytes":
        return _bytes_text(value)
    return f"{value:,.4g} {unit}".strip()


def _bytes_text(value: float) -> str:
    if abs(value) >= 1 << 20:
        return f"{value / (1 << 20):.1f} MiB"
    if abs(value) >= 1 << 10:
        return f"{value / (1 << 10):.1f} KiB"
    return f"{value:.0f} B"


def _ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"×{ratio:.2f}" if ratio < 10 else f"×{ratio:,.0f}"


# -- memory -------------------------------------------------------------------------------


def _rss_now() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _peak_extra_memory(fn: Callable[..., Any], setup: Callable[[], Any] | None) -> int | None:
    """Peak resident memory above the starting point while `fn` runs, in a forked child
    (so nothing it allocates stays in the harness), sampled every few milliseconds (the
    kernel's own peak cannot always be reset). Linux only; None elsewhere."""
    if not hasattr(os, "fork") or _rss_now() is None:
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without cleanup handlers
        code = 0
        try:
            os.close(read_end)
            prepared = setup() if setup else None
            gc.collect()
            before = _rss_now() or 0
            peak = [before]
            done = threading.Event()

            def sample() -> None:
                while not done.wait(0.005):
                    peak[0] = max(peak[0], _rss_now() or 0)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            fn(prepared) if setup else fn()
            done.set()
            sampler.join()
            peak[0] = max(peak[0], _rss_now() or 0)
            os.write(write_end, str(max(0, peak[0] - before)).encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode() or ""
    _, status = os.waitpid(pid, 0)
    return int(text) if status == 0 and text else None


# -- the harness --------------------------------------------------------------------------

Floor = tuple[str, Callable[..., Any]] | tuple[str, Callable[..., Any], Callable[[], Any]]


class Harness:
    """What a bench module's `run(h)` is given."""

    def __init__(self, workdir: Path, *, quick: bool = False, repeat: int | None = None,
                 name_filter: str = "") -> None:
        self.workdir = workdir
        self.quick = quick
        self.repeat_override = 1 if quick and repeat is None else repeat
        self.name_filter = name_filter.lower()
        self.module = ""
        self.results: list[Result] = []
        self._folders = 0

    def folder(self, name: str = "work") -> Path:
        """A fresh, empty folder for this module's files (removed when the run ends)."""
        self._folders += 1
        path = self.workdir / f"{self.module}-{self._folders:03d}-{name}"
        path.mkdir(parents=True)
        return path

    def wanted(self, name: str) -> bool:
        return not self.name_filter or self.name_filter in name.lower()

    def measure(
        self,
        name: str,
        fn: Callable[..., Any],
        *,
        setup: Callable[[], Any] | None = None,
        floor: Floor | None = None,
        goal: Goal | None = None,
        repeat: int = DEFAULT_REPEAT,
        memory: bool = False,
        floor_memory: bool = True,
        note: str = "",
    ) -> Result | None:
        """Time `fn` (median of `repeat` runs) beside its floor; None if filtered out.
        `floor_memory=False` when the floor's work happens in another process."""
        if not self.wanted(name):
            return None
        repeat = max(1, self.repeat_override or repeat)
        floor_name, floor_fn, floor_setup = _split_floor(floor)
        runs: list[float] = []
        floor_runs: list[float] = []
        value: Any = None
        for _ in range(repeat):
            seconds, value = _timed(fn, setup)
            runs.append(seconds)
            if floor_fn is not None:
                floor_runs.append(_timed(floor_fn, floor_setup)[0])
        result = self._result(name, "s", statistics.median(runs), runs, floor_name,
                              statistics.median(floor_runs) if floor_runs else None, floor_runs, goal, note)
        result.value = value
        if memory:
            result.peak_memory = _peak_extra_memory(fn, setup)
            if floor_fn is not None and floor_memory:
                result.floor_peak_memory = _peak_extra_memory(floor_fn, floor_setup)
        self._report(result)
        return result

    def record(
        self,
        name: str,
        value: float,
        *,
        unit: str = "s",
        floor: tuple[str, float] | None = None,
        goal: Goal | None = None,
        note: str = "",
    ) -> Result | None:
        """A figure measured by the module itself (a size, a count, a one-off time)."""
        if not self.wanted(name):
            return None
        floor_name, floor_value = floor if floor else (None, None)
        result = self._result(name, unit, float(value), [float(value)], floor_name,
                              None if floor_value is None else float(floor_value),
                              [] if floor_value is None else [float(floor_value)], goal, note)
        self._report(result)
        return result

    def _result(self, name: str, unit: str, median: float, runs: list[float], floor_name: str | None,
                floor_median: float | None, floor_runs: list[float], goal: Goal | None, note: str) -> Result:
        ratio = median / floor_median if floor_median else None
        return Result(
            module=self.module, name=name, unit=unit, median=median, runs=runs,
            floor_name=floor_name, floor_median=floor_median, floor_runs=floor_runs, ratio=ratio,
            goal=goal.text(unit) if goal else "", passed=goal.met(median, ratio) if goal else None,
            note=note,
        )

    def _report(self, result: Result) -> None:
        self.results.append(result)
        print("  " + _row(result), flush=True)


def _split_floor(floor: Floor | None) -> tuple[str | None, Callable[..., Any] | None, Callable[[], Any] | None]:
    if floor is None:
        return None, None, None
    if len(floor) == 2:
        return floor[0], floor[1], None
    return floor[0], floor[1], floor[2]  # type: ignore[misc]


def _timed(fn: Callable[..., Any], setup: Callable[[], Any] | None) -> tuple[float, Any]:
    prepared = setup() if setup else None
    gc.collect()
    start = time.perf_counter()
    value = fn(prepared) if setup else fn()
    seconds = time.perf_counter() - start
    return (float(value) if isinstance(value, Elapsed) else seconds), value


# -- table and files ----------------------------------------------------------------------

_HEADINGS = ("figure", "median", "floor", "floor median", "ratio", "goal", "", "peak mem (floor)")


def _cells(r: Result) -> tuple[str, ...]:
    verdict = {True: "pass", False: "MISS", None: ""}[r.passed]
    memory = ""
    if r.peak_memory is not None:
        memory = _bytes_text(r.peak_memory)
        if r.floor_peak_memory is not None:
            memory += f" ({_bytes_text(r.floor_peak_memory)})"
    return (f"{r.module}: {r.name}", format_value(r.median, r.unit), r.floor_name or "",
            format_value(r.floor_median, r.unit) if r.floor_name else "", _ratio_text(r.ratio),
            r.goal, verdict, memory)


def _row(r: Result) -> str:
    return "  ".join(_cells(r))


def table(results: Sequence[Result]) -> str:
    rows = [_HEADINGS, *(_cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADINGS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from sqlcipher3 import dbapi2

        info["sqlite"] = dbapi2.sqlite_version
    except ImportError:
        pass
    return info


def _load_previous(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("modules"), dict) else {"modules": {}}
    except (OSError, ValueError):
        return {"modules": {}}


def write_results(
    out: Path, results: Sequence[Result], modules_run: Sequence[str], *, partial: bool = False
) -> tuple[Path, Path]:
    """Merge this run's modules into latest.json and write the dated markdown. With
    `partial` (a `-k` run) a module's figures not measured this time are kept."""
    out.mkdir(parents=True, exist_ok=True)
    latest = out / "latest.json"
    data = _load_previous(latest)
    now = datetime.now(timezone.utc)
    for module in modules_run:
        fresh = [r.as_json() for r in results if r.module == module]
        if partial:
            names = {r["name"] for r in fresh}
            kept = [r for r in data["modules"].get(module, {}).get("results", []) if r.get("name") not in names]
            fresh = kept + fresh
        data["modules"][module] = {
            "measured_at": now.isoformat(timespec="seconds"),
            "machine": machine(),
            "results": fresh,
        }
    data["updated_at"] = now.isoformat(timespec="seconds")
    tmp = latest.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, latest)
    markdown = out / f"{now:%Y-%m-%d}.md"
    markdown.write_text(_markdown(data), encoding="utf-8")
    return latest, markdown


def _from_json(raw: dict[str, Any]) -> Result:
    known = {k: raw.get(k) for k in Result.__dataclass_fields__ if k != "value"}
    for required in ("module", "name", "unit", "median"):
        if known[required] is None:
            raise KeyError(required)
    return Result(**{**known, "runs": raw.get("runs") or [], "floor_runs": raw.get("floor_runs") or [],
                     "goal": raw.get("goal") or "", "note": raw.get("note") or ""})


def _markdown(data: dict[str, Any]) -> str:
    lines = ["# Benchmark results", "",
             "Each figure beside its floor (the same work the plainest way), measured in the same run.", ""]
    for module, entry in sorted(data["modules"].items()):
        m = entry.get("machine", {})
        lines += [f"## {module}", "",
                  f"Measured {entry.get('measured_at', '?')} on {m.get('cpu', '?')} ({m.get('cpus', '?')} CPUs), "
                  f"Python {m.get('python', '?')}, SQLite {m.get('sqlite', '?')}.", "",
                  "| figure | median | floor | floor median | ratio | goal | | peak mem (floor) |",
                  "| --- | ---: | --- | ---: | ---: | --- | --- | ---: |"]
        for raw in entry.get("results", []):
            try:
                r = _from_json(raw)
                cells = _cells(r)
            except (TypeError, ValueError, KeyError):
                lines.append(f"| {raw.get('name', '?')} | (unreadable record) | | | | | | |")
                continue
            lines.append("| " + " | ".join([r.name, *cells[1:]]) + " |")
            if r.note:
                lines.append(f"| ↳ {r.note} | | | | | | | |")
        lines.append("")
    return "\n".join(lines)


# -- discovery and main -------------------------------------------------------------------


def discover(folder: Path = BENCH_DIR) -> dict[str, Path]:
    """Bench modules by short name: `bench_storage.py` is "storage"."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(folder.glob("bench_*.py"))}


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"benchmarks.bench_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="bench modules to run (default: all)")
    parser.add_argument("-k", dest="name_filter", default="", help="only figures whose name contains this")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions for every figure")
    parser.add_argument("--quick", action="store_true", help="one repetition, small sizes, write nothing")
    parser.add_argument("--out", type=Path, default=None, help=f"results folder (default {RESULTS_DIR})")
    parser.add_argument("--bench-dir", type=Path, default=BENCH_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    available = discover(args.bench_dir)
    unknown = [n for n in args.names if n not in available]
    if unknown:
        print(f"No bench module called {', '.join(unknown)}. Available: {', '.join(available) or 'none'}.",
              file=sys.stderr)
        return 2
    chosen = args.names or list(available)
    if not chosen:
        print("No benchmarks/bench_*.py modules found.", file=sys.stderr)
        return 2

    os.environ.pop("LIPANEL_TEST_KDF", None)  # real key-derivation cost
    workdir = Path(tempfile.mkdtemp(prefix="lipanel-bench-"))
    # The user's own settings (recent databases, window size) are never touched by a run.
    for variable, sub in (("LIPANEL_DATA_DIR", "data"), ("LIPANEL_LOG_DIR", "logs"), ("LIPANEL_CONFIG_DIR", "config")):
        (workdir / sub).mkdir()
        os.environ[variable] = str(workdir / sub)
    harness = Harness(workdir, quick=args.quick, repeat=args.repeat, name_filter=args.name_filter)
    failed: list[str] = []
    try:
        for name in chosen:
            harness.module = name
            print(f"{name}:", flush=True)
            try:
                _load(name, available[name]).run(harness)
            except Exception:
                failed.append(name)
                traceback.print_exc()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(table(harness.results))
    if args.out is not None or not args.quick:
        ran = [n for n in chosen if n not in failed]
        latest, markdown = write_results(args.out or RESULTS_DIR, harness.results, ran,
                                         partial=bool(args.name_filter))
        print(f"\nWritten: {latest} and {markdown}")
    missed = [r for r in harness.results if r.passed is False]
    if failed:
        print(f"Failed to run: {', '.join(failed)}", file=sys.stderr)
    if missed:
        print(f"Goals missed: {', '.join(f'{r.module}: {r.name}' for r in missed)}", file=sys.stderr)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
