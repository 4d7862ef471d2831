"""The benchmark harness (benchmarks/run.py): discovery, figures beside their floors,
goals, merged results files; and the storage bench still runs (quick mode)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOY = '''
import time
from benchmarks.run import at_most, ratio_at_most

def run(h):
    h.measure("sleepy", lambda: time.sleep(0.002), floor=("sleepier", lambda: time.sleep(0.001)),
              goal=ratio_at_most(100), repeat=3, memory=True)
    h.measure("with setup", lambda n: sum(range(n)), setup=lambda: 1000, goal=at_most(5.0))
    h.record("size", 2048, unit="bytes", floor=("plain", 1024), goal=ratio_at_most({limit}))
'''


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "benchmarks.run", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def _toy(folder: Path, limit: float) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "bench_toy.py").write_text(TOY.replace("{limit}", str(limit)))
    return folder


def test_figures_floors_ratios_goals_and_files(tmp_path: Path) -> None:
    bench = _toy(tmp_path / "bench", limit=3)
    out = tmp_path / "results"
    result = _run("--bench-dir", str(bench), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "toy: sleepy" in result.stdout and "sleepier" in result.stdout and "pass" in result.stdout
    data = json.loads((out / "latest.json").read_text())
    figures = {r["name"]: r for r in data["modules"]["toy"]["results"]}
    sleepy = figures["sleepy"]
    assert len(sleepy["runs"]) == 3 and sleepy["floor_median"] > 0
    assert sleepy["ratio"] == pytest.approx(sleepy["median"] / sleepy["floor_median"])
    assert figures["size"]["ratio"] == 2.0 and figures["size"]["passed"] is True
    markdown = next(out.glob("*.md")).read_text()
    assert "| sleepy |" in markdown and "×2.00" in markdown


def test_a_missed_goal_fails_the_run_and_results_merge_by_module(tmp_path: Path) -> None:
    out = tmp_path / "results"
    (out).mkdir()
    (out / "latest.json").write_text(json.dumps({"modules": {"other": {"results": [{"name": "kept"}]}}}))
    bench = _toy(tmp_path / "bench", limit=1.5)
    result = _run("--bench-dir", str(bench), "--out", str(out), "-k", "size")
    assert result.returncode == 1
    assert "Goals missed: toy: size" in result.stderr
    data = json.loads((out / "latest.json").read_text())
    assert set(data["modules"]) == {"other", "toy"}
    assert [r["name"] for r in data["modules"]["toy"]["results"]] == ["size"]


def test_unknown_module_is_one_clear_line(tmp_path: Path) -> None:
    result = _run("nonesuch", "--bench-dir", str(_toy(tmp_path / "bench", 3)))
    assert result.returncode == 2
    assert result.stderr.strip() == "No bench module called nonesuch. Available: toy."


@pytest.mark.slow
def test_the_storage_bench_runs_in_quick_mode(tmp_path: Path) -> None:
    result = _run("storage", "--quick", "--out", str(tmp_path))
    assert result.returncode in (0, 1), result.stdout + result.stderr  # a missed goal on a busy machine is not a bug
    assert "Traceback" not in result.stderr
    names = [r["name"] for r in json.loads((tmp_path / "latest.json").read_text())["modules"]["storage"]["results"]]
    assert any(n.startswith("unlock") for n in names)
    assert any(n.startswith("seed-demo") for n in names) and any(n.startswith("verify") for n in names)
    assert any(n.startswith("file size") for n in names)
