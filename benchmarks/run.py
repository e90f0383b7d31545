"""Measure `wps` against its floors: `python benchmarks/run.py [--rounds N] [--sizes 1000,10000,100000]`.

Floors: the import floor (`import typer, rich.table, pydantic, tomli`) and, per dataset, the
parse floor (a bare `tomli.load` of the same file). Commands are run alternately, round after
round, so that machine noise hits them alike; the report gives medians, peak memory and the
ratios to the floors, which are what count on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def wps() -> list[str]:
    script = Path(PY).with_name("wps")
    return [str(script)] if script.exists() else [PY, "-m", "wpskosovo"]


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--query", default="Shtërpcë", help="the search text")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    env = dict(os.environ, NO_COLOR="1")
    env.pop("WPS_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: with compiled bytecode
    work = Path(tempfile.mkdtemp(prefix="wps-bench-"))
    env["XDG_CACHE_HOME"] = str(work / "cache")  # a cache, if any, starts empty and is ours
    cases: dict[str, list[str]] = {
        "import floor": [PY, "-c", "import typer, rich.table, pydantic, tomli"],
        # What the libraries load once actually used: `import pydantic` is lazy (no BaseModel),
        # and Typer imports its Pydantic adapters (and with them Pydantic's plugin loader) only
        # when it parses options. Any Typer CLI with Pydantic models pays this.
        "library runtime floor": [PY, "-c", "import typer, rich.table, pydantic, tomli; "
                                  "from pydantic import BaseModel; "
                                  "import typer.main, typer._adapters, pydantic.plugin._loader"],
        "stack floor (shipped)": [PY, str(HERE / "floor.py")],
        "wps list projects (shipped)": [*wps(), "list", "projects"],
        "search (shipped)": [*wps(), "search", args.query],
        "timeline (shipped)": [*wps(), "timeline", "--org", "KWN", "--limit", "50"],
        # A Tab: the shell runs wps for each one; its floor is Python itself.
        "python floor": [PY, "-c", "pass"],
        "tab: --org kw (shipped)": ["env", "_WPS_COMPLETE=complete_zsh", "_TYPER_COMPLETE_ARGS=wps timeline --org kw",
                                    *wps()],
    }
    for n in sizes:
        path = work / f"gen{n}.toml"
        subprocess.run([PY, str(HERE / "generate.py"), str(n), str(path)], check=True)
        cases[f"parse floor {n}"] = [PY, "-c", f"import tomli; tomli.load(open({str(path)!r}, 'rb'))"]
        cases[f"search {n}"] = [*wps(), "--data", str(path), "search", args.query]
        cases[f"timeline {n}"] = [*wps(), "--data", str(path), "timeline", "--org", "org-7", "--limit", "50"]
        cases[f"search --limit 50 {n}"] = [*wps(), "--data", str(path), "search", args.query, "--limit", "50"]
        cases[f"list events --limit 50 {n}"] = [*wps(), "--data", str(path), "list", "events", "--org", "org-7",
                                                "--limit", "50"]
        # The first run on new data: validate and build the database into an empty cache.
        first = " ".join(shlex.quote(a) for a in [*wps(), "--data", str(path), "search", args.query])
        cases[f"cold search {n}"] = ["sh", "-c", f'c=$(mktemp -d) && XDG_CACHE_HOME="$c" {first}; rm -rf "$c"']
        cases[f"no cache search {n}"] = ["sh", "-c", f"WPS_CACHE=off {first}"]
    for cmd in cases.values():  # warm the file cache (and any data cache) once
        measure(cmd, env)

    times: dict[str, list[float]] = {k: [] for k in cases}
    peaks: dict[str, float] = {k: 0.0 for k in cases}
    for _ in range(args.rounds):
        for name, cmd in cases.items():
            t, mem = measure(cmd, env)
            times[name].append(t)
            peaks[name] = max(peaks[name], mem)
    built = sorted(p.stat().st_size for p in (work / "cache").rglob("*.db"))
    shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {args.rounds} rounds, median\n")
    print(f"| {'case':<30} | {'time (s)':>9} | {'peak MiB':>8} | {'ratio to floor':>14} |")
    print(f"|{'-' * 32}|{'-' * 11}|{'-' * 10}|{'-' * 16}|")
    for name in cases:
        if name.startswith(("wps list", "library")):
            floor = med["import floor"]
        elif name.startswith("tab"):
            floor = med["python floor"]
        elif name.startswith(("search", "timeline", "cold", "no cache", "list events")) \
                and not name.endswith("(shipped)"):
            floor = med[f"parse floor {name.split()[-1]}"]
        else:
            floor = None
        ratio = f"{med[name] / floor:.2f}×" if floor else ""
        print(f"| {name:<30} | {med[name]:>9.3f} | {peaks[name]:>8.1f} | {ratio:>14} |")
    print(f"\nwps list projects / library runtime floor: "
          f"{med['wps list projects (shipped)'] / med['library runtime floor']:.2f}×; "
          f"/ stack floor: {med['wps list projects (shipped)'] / med['stack floor (shipped)']:.2f}×")
    for n in sizes:
        print(f"at {n}: search / search (shipped) {med[f'search {n}'] / med['search (shipped)']:.2f}×, "
              f"search --limit 50 / search (shipped) {med[f'search --limit 50 {n}'] / med['search (shipped)']:.2f}×, "
              f"timeline / timeline (shipped) {med[f'timeline {n}'] / med['timeline (shipped)']:.2f}×")
    print("cache files (MiB): " + ", ".join(f"{size / 2**20:.1f}" for size in built))
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        print(f"\ngrowth {lo} → {hi} records (×{hi // lo}): "
              + ", ".join(f"{c} ×{med[f'{c} {hi}'] / med[f'{c} {lo}']:.1f}"
                          for c in ("parse floor", "search", "timeline")))


if __name__ == "__main__":
    main()
