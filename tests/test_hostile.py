"""Hostile data and hostile paths: clear errors, nothing run, no hang (issue 18)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE

WPS = Path(sys.executable).with_name("wps")


def _wps(*args: str, env_extra=None, timeout: float = 20) -> subprocess.CompletedProcess:
    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if k != "WPS_DATA"} | dict(env_extra or {})
    return subprocess.run([str(WPS), *args], env=env, capture_output=True, text=True, timeout=timeout)


SHELL_CODE = BASE + """
[[organization]]
id = "c-1"
name = 'first\\'
sources = [{source = "src-a", quote = "q"}]

[[organization]]
id = "c-2"
name = ') ; touch /tmp/pwned ; ws=('
acronyms = ['$(touch x)', "[/]"]
sources = [{source = "src-a", quote = "q"}]

[[organization]]
id = "c-3"
name = 'third\\'
sources = [{source = "src-a", quote = "q"}]
"""


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_completion_offers_nothing_a_shell_would_run(write, shell):
    path = write(SHELL_CODE)
    line = f"wps --data {path} show c-"
    out = _wps(env_extra={"_WPS_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line,
                          "_TYPER_COMPLETE_FISH_ACTION": "get-args", "COMP_WORDS": line,
                          "COMP_CWORD": "4"}).stdout
    assert "c-1" in out and "c-2" in out
    payload = out.replace("_arguments '*: :((", "").replace("))'", "")
    for bad in ("\\", ";", "$", "`", "[/]", "(", "internal error"):
        assert bad not in payload, (bad, out)


def test_csv_cells_never_become_formulas(run, write, tmp_path):
    path = write(BASE.replace('name = "Government of the Kingdom of Bee"', 'name = "=HYPERLINK(\\"x\\")"')
                 .replace('acronyms = ["OA"]', 'acronyms = ["@SUM(A1)", "+cmd", "-2+3"]')
                 .replace('name = "Organization Ä of Shtërpcë"', 'name = "＝1+1"\naliases = ["  =2+2"]'))
    code, out, _ = run("list", "orgs", "--csv", "--data", path)
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert code == 0 and "'=HYPERLINK(\"x\")" in cells and "'@SUM(A1), +cmd, -2+3" in cells
    assert "'＝1+1" in cells
    assert not any(c.lstrip(" ")[:1] in "=+-@＝＋－＠" for c in cells if c)
    target = tmp_path / "orgs.csv"
    assert run("list", "orgs", "--data", path, "--export", target)[0] == 0
    assert "'=HYPERLINK" in target.read_text()


@pytest.mark.parametrize("command", [["validate"], ["list", "orgs", "--data"]])
def test_a_fifo_or_a_device_is_refused_not_read(tmp_path, command):
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        result = _wps(*command, str(target), timeout=10)
        assert result.returncode == 1 and "not a regular file" in result.stderr + result.stdout
        assert "Traceback" not in result.stderr


def test_a_document_outside_the_sources_folder_is_not_read(run, write, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("/etc/passwd", "../outside.txt"):
        path = write(BASE.replace('file = "a.txt"', f'file = "{name}"'))
        code, out, _ = run("validate", path, "--sources", docs)
        assert code == 1 and f"document {name!r} is outside" in out


def test_an_id_listed_twice_is_a_problem(run, write):
    path = write(BASE + """
        [[funding]]
        id = "f"
        donors = ["donor-b", "donor-b"]
        amount = "100"
        currency = "EUR"
        sources = [{source = "src-a", quote = "q"}]
    """)
    code, out, _ = run("validate", path)
    assert code == 1 and "f: donors 2: 'donor-b' is listed twice" in out


def test_a_place_within_itself_is_a_problem(run, write):
    path = write(BASE + """
        [[place]]
        id = "p1"
        name = "One"
        within = "p2"

        [[place]]
        id = "p2"
        name = "Two"
        within = "p1"
    """)
    code, out, _ = run("validate", path)
    assert code == 1 and "'within' leads back to 'p1'" in out


@pytest.mark.parametrize("value", ["", ":data/records.toml", "data/records.toml:"])
def test_an_empty_data_path_is_a_usage_error(value, tmp_path):
    result = _wps("list", "orgs", env_extra={"WPS_DATA": value}, timeout=10) if value else \
        _wps("list", "orgs", "--data", value, timeout=10)
    assert result.returncode == 2 and "empty path" in result.stderr


def test_a_file_named_twice_is_read_once(run, write):
    path = write(BASE)
    code, out, _ = run("validate", path.parent, path)
    assert code == 0 and "duplicate" not in out


def test_a_full_disk_is_a_clear_error_not_a_bug():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([str(WPS), "list", "orgs"], stdout=full, stderr=subprocess.PIPE, text=True,
                                timeout=20) if WPS.exists() else pytest.skip("no wps script")
    assert result.returncode == 74 and "No space left" in result.stderr and "Traceback" not in result.stderr


# From 0.1 s: before that the interpreter itself may still be starting (its own site import),
# which no code of ours can reach; from there on, imports, loading and printing.
@pytest.mark.parametrize("delay", [0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5])
def test_ctrl_c_at_any_moment_ends_quietly(delay):
    import signal
    import time

    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    proc = subprocess.Popen([str(WPS), "timeline"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err and proc.returncode in (0, 130, -signal.SIGINT)


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
@pytest.mark.parametrize("line", ["wps timeline --org kw", "wps timeline --org KW", "wps show kwn-z",
                                  "wps list events --place Štr", "wps funding --donor Neth", "wps show zzzz"])
def test_the_fast_completion_answers_as_typer_would(shell, line, tmp_path):
    """Names are completed before Typer is imported (a Tab must be quick): the answer is the
    one Typer's own completion gives, in each shell's form."""
    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    words = line.split(" ")
    env = dict(os.environ, _WPS_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=line,
               _TYPER_COMPLETE_FISH_ACTION="get-args", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    fast = subprocess.run([str(WPS)], env=env, capture_output=True, text=True, timeout=30)
    typer_ = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['wps']; from wpskosovo.cli.main import main; main()"],
                            env=env, capture_output=True, text=True, timeout=30)
    assert fast.returncode == typer_.returncode == 0
    # (Typer wraps a long description across lines; the fast path keeps it on one)
    assert " ".join(fast.stdout.split()) == " ".join(typer_.stdout.split())
    assert "Traceback" not in fast.stderr


def test_a_tab_does_not_import_typer_or_pydantic(tmp_path):
    env = dict(os.environ, _WPS_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="wps timeline --org kw",
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = ("import sys, runpy; sys.argv = ['wps']; from wpskosovo.__main__ import main; main(); "
            "print('\\nLOADED', 'typer' in sys.modules, 'pydantic' in sys.modules)")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # builds the index
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert '"kwn"' in out and out.rstrip().endswith("LOADED False False")


def test_an_export_beside_a_long_name_or_through_a_link_to_another_file_system(run, tmp_path):
    name = "p" * 245 + ".json"  # 250 bytes: the longest a file system takes, with room for nothing more
    code, _, err = run("list", "projects", "--export", tmp_path / name)
    assert code == 0 and (tmp_path / name).exists(), err
    other = Path("/dev/shm") if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None
    if other is None:
        pytest.skip("no second file system to link to")
    target = other / f"wps-test-{os.getpid()}.csv"
    target.write_text("old")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    try:
        code, _, err = run("list", "projects", "--export", link, "--force")
        assert code == 0, err
        assert "wssi-plus" in link.read_text() and not link.is_symlink()
        assert not list(tmp_path.glob(".wps-*"))
    finally:
        target.unlink()


@pytest.mark.parametrize("char", ["\\u200b", "\\u200f", "\\u061c", "\\U000E0041", "\\u202e", "\\u009b"])
def test_invisible_and_control_characters_are_refused_and_never_printed(run, write, char):
    path = write(BASE.replace('name = "Government of the Kingdom of Bee"', f'name = "Bee{char}"'))
    code, out, _ = run("validate", path, "--json")
    assert code == 1 and "control character" in out
    raw = char.encode().decode("unicode_escape")
    assert raw not in out
    key = write(BASE + f'\n[[organization]]\nid = "x"\nname = "X"\n"k{char}" = 1\n'
                       'sources = [{source = "src-a", quote = "q"}]\n', "key.toml")
    code, out, _ = run("validate", key, "--json")
    assert code == 1 and raw not in out


def test_hostile_numbers_and_dates_are_problems_not_crashes(run, write):
    huge = write(BASE + '\n[[funding]]\nid = "f"\ndonors = ["donor-b"]\namount = ' + "9" * 5000
                 + '\ncurrency = "EUR"\nsources = [{source = "src-a", quote = "q"}]\n')
    code, out, _ = run("validate", huge)
    assert code == 1 and "thousands of digits" in out
    many = write(BASE + '\n[[funding]]\nid = "f"\ndonors = ["donor-b"]\namount = ' + "9" * 40
                 + '\ncurrency = "EUR"\nsources = [{source = "src-a", quote = "q"}]\n', "many.toml")
    code, out, _ = run("validate", many)
    assert code == 1 and "too many digits" in out
    early = write(BASE.replace('file = "a.txt"', 'file = "a.txt"\ndate = 0001-01-01'), "early.toml")
    code, out, _ = run("validate", early)
    assert code == 1 and "years run from 1000 to 9999" in out


def test_an_escape_sequence_in_a_path_is_shown_not_sent(run):
    code, out, err = run("validate", "--sources", "/nonexistent/\x1b]0;X\x07")
    assert code == 1 and "\x1b" not in out + err and "\\x1b]0;X\\x07" in err


CORPUS = sorted((Path(__file__).parent / "hostile").glob("*.toml"))
CONTROL_BYTES = [b"\x1b", b"\x07", "\u009b".encode(), "\u202e".encode(), "\u200b".encode()]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_the_hostile_corpus_gets_clear_errors_and_nothing_else(run, path, tmp_path, monkeypatch):
    """In process (an exception would fail the test) for the commands, and as a real process for
    the shell's Tab."""
    monkeypatch.chdir(tmp_path)
    runs = [["validate", path], ["validate", path, "--json"], ["validate", path, "--sources", tmp_path],
            ["list", "orgs", "--data", path], ["search", "a", "--data", path, "--csv"],
            ["timeline", "--chart", "--data", path]]
    expected = [line.removeprefix("# expect: ") for line in path.read_text(encoding="utf-8", errors="replace")
                .splitlines() if line.startswith("# expect: ")]
    if expected:  # what the file's own header says validate reports, at its line
        code, out, _ = run("validate", path)
        assert code == 1 and all(e in out for e in expected), out
    for args in runs:
        code, out, err = run(*args)
        assert code in (0, 1, 2), (args, code, err[-500:])
        assert not any(c.decode() in out + err for c in CONTROL_BYTES), (args, (out + err)[-300:])
        if code:
            assert path.name in out + err or "rror" in out + err, (args, (out + err)[-300:])
    if not WPS.exists():
        return
    env = {k: v for k, v in os.environ.items() if k != "WPS_DATA"} | {"XDG_CACHE_HOME": str(tmp_path / "c")}
    completion = subprocess.run([str(WPS)], capture_output=True, timeout=20, cwd=tmp_path, env=env | {
        "_WPS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"wps --data {path} show o-"})
    assert completion.returncode == 0 and b"Traceback" not in completion.stderr
    assert not any(c in completion.stdout for c in (b"\\", b";", b"$", b"`", *CONTROL_BYTES))
    assert not (tmp_path / "pwned").exists() and not Path("/tmp/pwned").exists()


def test_a_folder_scan_reports_what_it_skips(run, write, tmp_path):
    path = write(BASE, "data/a.toml")
    (path.parent / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (path.parent / "loop.toml").symlink_to(path.parent / "loop.toml")
    (path.parent / "sub").mkdir()
    (path.parent / "sub" / "up").symlink_to(path.parent)  # a linked folder is not followed
    code, out, _ = run("validate", path.parent)
    assert code == 1 and out.count("skipped: not a regular file") == 2 and "duplicate" not in out


@pytest.mark.parametrize("signum, command", [("SIGINT", "timeline"), ("SIGTERM", "timeline"),
                                             ("SIGHUP", "csv"), ("SIGQUIT", "csv")])
def test_a_signal_during_an_export_leaves_no_temporary_file(tmp_path, signum, command):
    """Whenever it comes (start-up, loading, building the cache, writing), a signal ends the run
    quietly and leaves no temporary file, journal or half-written CSV folder."""
    import signal
    import time

    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    data = tmp_path / "big.toml"
    subprocess.run([sys.executable, str(Path(__file__).parents[1] / "benchmarks" / "generate.py"), "3000",
                    str(data)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "WPS_DATA"} | {"XDG_CACHE_HOME": str(tmp_path / "c")}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5):
        target = tmp_path / f"t{delay}.json"
        args = ["timeline", "--export", str(target)] if command == "timeline" else \
            ["export", str(tmp_path / f"csv{delay}"), "--csv"]
        proc = subprocess.Popen([str(WPS), "--data", str(data), *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(getattr(signal, signum))
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err
        assert not list(tmp_path.glob(".wps-*")), delay
        assert not list((tmp_path / "c").glob("wpskosovo/.wps-*")), delay
        assert not list(tmp_path.glob("**/*-journal")), delay
    whole = tmp_path / "whole"
    subprocess.run([str(WPS), "--data", str(data), "export", str(whole), "--csv"], env=env, check=True,
                   capture_output=True)
    for folder in tmp_path.glob("csv*"):  # whole or not at all
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in whole.iterdir()), folder


def test_wps_data_keeps_spaces_and_joins_paths_with_the_path_separator(tmp_path):
    folder = tmp_path / "my data"
    folder.mkdir()
    (folder / "a.toml").write_text(BASE, encoding="utf-8")
    result = _wps("list", "orgs", env_extra={"WPS_DATA": f"{folder / 'a.toml'}{os.pathsep}{folder}"})
    assert result.returncode == 0 and "org-a" in result.stdout and "kwn" not in result.stdout


def test_no_output_overwrites_the_data_being_read(run, write, tmp_path):
    """Compared by identity, --force or not: the data file, a hard link to it, a file of a data
    folder; a file beside the data that is not read may be written."""
    data = write(BASE, "data/self.toml")
    before = data.read_bytes()
    os.link(data, tmp_path / "hard.md")
    os.link(data, tmp_path / "hard.db")  # a data file may have any name when --data names it
    for args in (["--data", tmp_path / "hard.db", "export", tmp_path / "hard.db", "--force"],
                 ["--data", tmp_path / "data", "export", tmp_path / "data", "--csv", "--force"],
                 ["--data", data, "list", "orgs", "--export", tmp_path / "hard.md", "--force"],
                 ["--data", tmp_path / "data", "list", "orgs", "--export", tmp_path / "hard.md", "--force"]):
        code, _, err = run(*args)
        assert code in (1, 2) and ("the data being read" in err or "not a folder" in err), (args, err)
    assert data.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["self.toml"]
    assert (tmp_path / "hard.db").read_bytes() == before
    code, _, err = run("--data", data, "export", data, "--force")  # not a database's name either
    assert code == 2 and data.read_bytes() == before
    code, _, _ = run("--data", data, "list", "orgs", "--export", tmp_path / "data" / "beside.md")
    assert code == 0


@pytest.mark.parametrize("args, code, message", [
    (["search", *(f"w{i}" for i in range(1001))], 2, "at most 50 words"),
    (["list", "projects", "--limit", "²"], 2, "is not a number of rows"),
    (["list", "projects", "--limit", "9" * 5000], 2, "is not a number of rows"),
    (["validate", ""], 2, "an empty path"),
])
def test_input_that_once_broke_the_program_gets_a_clear_error(run, args, code, message):
    got, out, err = run(*args)
    assert got == code and message in " ".join((out + err).split()), (out + err)[-300:]


def test_a_file_name_cannot_print_a_line_of_its_own_into_a_report(run, tmp_path):
    name = tmp_path / "x.toml\nfake.toml:1: o-1: looks fine\n.toml"
    name.write_text(BASE.replace('name = "Government of the Kingdom of Bee"', 'name = ""'), encoding="utf-8")
    code, out, _ = run("validate", name)
    assert code == 1 and "\nfake.toml" not in out and "x.toml\\nfake.toml:1: o-1: looks fine\\n.toml:" in out


def test_a_looping_link_as_data_is_said_to_loop(run, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    code, _, err = run("--data", tmp_path / "a", "list", "orgs")
    assert code == 1 and "leads nowhere or loops" in err


def test_a_closed_output_is_an_io_error_not_a_bug(tmp_path):
    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    # A bare environment, as CI's: no COLUMNS, no TERM (help is then long enough to stay buffered).
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "c")}
    for args in (["list", "orgs"], ["--help"], ["--version"]):
        done = subprocess.run([str(WPS), *args], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=env, preexec_fn=lambda: os.close(1))  # `wps ... >&-`
        assert done.returncode == 74 and "Traceback" not in done.stderr and "cannot write" in done.stderr, args
        with open("/dev/full", "w") as full:
            done = subprocess.run([str(WPS), *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env)
        assert done.returncode == 74 and "Exception ignored" not in done.stderr and "No space" in done.stderr, args


@pytest.mark.parametrize("index", ["not json", "{}", "[1, 2]", '[["organization", "org-a", 5, []]]',
                                   '[["organization", "org-a", "A", [7]]]', '[["organization"]]'])
def test_a_tampered_names_index_is_a_miss_for_the_tab(tmp_path, write, index):
    if not WPS.exists():
        pytest.skip("the wps script is not installed beside this Python")
    path = write(BASE)
    env = {k: v for k, v in os.environ.items() if k != "WPS_DATA"} | {"XDG_CACHE_HOME": str(tmp_path / "c")}
    tab = env | {"_WPS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"wps --data {path} list --org or"}
    first = subprocess.run([str(WPS)], env=tab, capture_output=True, text=True)
    assert first.returncode == 0 and "org-a" in first.stdout
    [names] = (tmp_path / "c" / "wpskosovo").glob("names-*.json")
    names.write_text(index)
    again = subprocess.run([str(WPS)], env=tab, capture_output=True, text=True)
    assert again.returncode == 0 and again.stderr == "" and again.stdout == first.stdout


@pytest.mark.parametrize("args", [["list", "orgs", "--export", "a" * 253 + ".md"], ["export", "a" * 253 + ".db"]])
def test_a_name_the_system_refuses_is_the_users_error(run, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == 1 and "File name too long" in err


def test_show_prints_a_huge_text_whole_on_a_terminal(run, write, monkeypatch):
    """A description of 30,000 words is wrapped by `wps` itself (Rich's wrapping of one long cell
    grows with the square of its size): every word, in order, at the value column."""
    words = [f"w{i}" for i in range(30000)]
    path = write(BASE.replace('name = "Government of the Kingdom of Bee"',
                              f'name = "Government of the Kingdom of Bee"\ndescription = "{" ".join(words)}"'))
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("show", "donor-b", "--data", path)
    assert code == 0 and out.split()[out.split().index("w0"):][:30000] == words
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    first = next(line for line in lines if "w0 " in line)
    assert all(line.startswith(" " * first.index("w0")) for line in lines[lines.index(first) + 1:][:100])
