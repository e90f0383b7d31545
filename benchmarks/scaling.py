"""How the paths hostile input can reach grow: `python benchmarks/scaling.py`.

- `validate` of files whose every record is invalid (an impossible date), 2k → 8k records;
- a table holding one title of 0.25 → 2 MB without a space (wrapping was quadratic);
- `timeline --chart` over generated datasets (telling cut labels apart was quadratic);
- a first run of one funding flow with 2k → 8k donors (the funders' join was quadratic);
- `validate` of places nested 5k → 20k deep through `within` (loop checks were quadratic);
- `network --limit 3` over one event of 1k → 4k participants (every pair was made first).

Each case doubles its input; the report gives the median time of each size and the growth
per doubling (2.0 is linear; the target is at most 1.5× linear over the whole range, i.e. the
total growth at most 1.5 × the size ratio).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WPS = [str(Path(sys.executable).with_name("wps"))]
SOURCE = '[[source]]\nid = "s"\ntitle = "S"\nlanguage = "en"\nfile = "s.txt"\n\n'


def bad_records(n: int) -> str:
    return SOURCE + "".join(f'[[event]]\nid = "e{i}"\ntitle = "E"\ndate = "2020-02-30"\n'
                            f'sources = [{{source = "s", quote = "q"}}]\n\n' for i in range(n))


def long_title(megabytes: float) -> str:
    return SOURCE + (f'[[event]]\nid = "e"\ntitle = "{"x" * int(megabytes * 2**20)}"\ndate = "2020"\n'
                     'sources = [{source = "s", quote = "q"}]\n')


def many_donors(n: int) -> str:
    orgs = "".join(f'[[organization]]\nid = "o{i}"\nname = "O {i}"\nsources = [{{source = "s", quote = "q"}}]\n\n'
                   for i in range(n))
    donors = ", ".join(f'"o{i}"' for i in range(n))
    return SOURCE + orgs + f'[[funding]]\nid = "f"\ndonors = [{donors}]\nsources = [{{source = "s", quote = "q"}}]\n'


def one_big_event(n: int) -> str:
    orgs = "".join(f'[[organization]]\nid = "o{i}"\nname = "O {i}"\nsources = [{{source = "s", quote = "q"}}]\n\n'
                   for i in range(n))
    parts = ", ".join(f'{{org = "o{i}", role = "p"}}' for i in range(n))
    return SOURCE + orgs + f'[[event]]\nid = "e"\ntitle = "E"\nparticipants = [{parts}]\n' \
        'sources = [{source = "s", quote = "q"}]\n'


def nested_places(n: int) -> str:
    return SOURCE + "".join(f'[[place]]\nid = "p{i}"\nname = "P {i}"\n' + (f'within = "p{i - 1}"\n' if i else "")
                            + 'sources = [{source = "s", quote = "q"}]\n\n' for i in range(n))


def timed(cmd: list[str], env: dict, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chart-sizes", default="25000,50000,100000")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wps-scale-"))
    env = dict(os.environ, WPS_CACHE="off", NO_COLOR="1", WPS_FORCE_TTY="1", COLUMNS="80")
    env.pop("WPS_DATA", None)
    cases: dict[str, list[tuple[float, float]]] = {"validate, all records bad": [],
                                                   "list events, one long title (MB)": [],
                                                   "timeline --chart": [],
                                                   "list funding, one flow's donors": [],
                                                   "validate, places nested deep": [],
                                                   "network --limit 3, one event's participants": []}
    for n in (2000, 4000, 8000):
        path = work / f"bad{n}.toml"
        path.write_text(bad_records(n))
        cases["validate, all records bad"].append((n, timed([*WPS, "validate", str(path)], env, args.rounds)))
    for mb in (0.25, 0.5, 1, 2):
        path = work / f"title{mb}.toml"
        path.write_text(long_title(mb))
        cases["list events, one long title (MB)"].append(
            (mb, timed([*WPS, "--data", str(path), "list", "events"], env, args.rounds)))
    for n in (int(s) for s in args.chart_sizes.split(",")):
        path = work / f"gen{n}.toml"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True)
        cases["timeline --chart"].append(
            (n, timed([*WPS, "--data", str(path), "timeline", "--chart"], env, args.rounds)))
    for n in (2000, 4000, 8000):
        path = work / f"donors{n}.toml"
        path.write_text(many_donors(n))
        cases["list funding, one flow's donors"].append(
            (n, timed([*WPS, "--data", str(path), "list", "funding"], env, args.rounds)))
    for n in (5000, 10000, 20000):
        path = work / f"nested{n}.toml"
        path.write_text(nested_places(n))
        cases["validate, places nested deep"].append((n, timed([*WPS, "validate", str(path)], env, args.rounds)))
    for n in (1000, 2000, 4000):
        path = work / f"event{n}.toml"
        path.write_text(one_big_event(n))
        cases["network --limit 3, one event's participants"].append(
            (n, timed([*WPS, "--data", str(path), "network", "--limit", "3"], env, args.rounds)))
    print(f"# {time.strftime('%Y-%m-%d')} · {args.rounds} rounds, median, no cache\n")
    print("| case | sizes | seconds | growth / size growth |")
    print("|---|---|---|---|")
    over = []
    for name, points in cases.items():
        (lo, t_lo), (hi, t_hi) = points[0], points[-1]
        growth = (t_hi / t_lo) / (hi / lo)
        print(f"| {name} | {', '.join(f'{s:g}' for s, _ in points)} | "
              f"{', '.join(f'{t:.2f}' for _, t in points)} | {growth:.2f} |")
        if growth > MOST:
            over.append(name)
    if over:
        sys.exit(f"\ngrew faster than {MOST}× linear: {', '.join(over)}")


MOST = 1.5  # the growth over the whole range, against the size's: above it, a case is super-linear


if __name__ == "__main__":
    main()
