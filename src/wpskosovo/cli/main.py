"""The entry point of the command line: the commands registered on the app, and the run with
its exit codes (see `app.py`).

A run registers only the command it invokes: Typer inspects every registered command's
signature and builds its options before parsing (about a sixth of a short run for nine
commands). Help, completion and anything unrecognised get them all."""

from __future__ import annotations

import os
import sys
from importlib import import_module

from wpskosovo.cli.app import COMMANDS, app
from wpskosovo.cli.common import state


def register(commands: tuple[str, ...] = COMMANDS) -> None:
    """Import the commands' modules: each registers its command on the app as it is defined."""
    for command in commands:
        import_module(f"wpskosovo.cli.{command}")


def invoked(args: list[str]) -> tuple[str, ...]:
    """The command these arguments invoke, alone; all of them if that is not plain."""
    values = ("--data",)  # the root options that take a value
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in values:
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return (arg,) if arg in COMMANDS else COMMANDS
    return COMMANDS


def _run() -> None:
    """Run the command; if the cache entry it read turns out damaged inside (a query fails on
    it), drop the entry and run the command again on the data itself."""
    import sqlite3

    register(COMMANDS if os.environ.get("_WPS_COMPLETE") else invoked(sys.argv[1:]))
    try:
        app()  # ends in SystemExit, even on success
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, AttributeError):
        # A row the cache entry holds that does not read back (damaged, or tampered with) is
        # a miss like a damaged file: the command runs again on the data itself, and a real
        # bug shows there again.
        damaged = getattr(state.get("store"), "path", None)
        if damaged is None:
            raise
        damaged.unlink(missing_ok=True)
        os.environ["WPS_CACHE"] = "off"
        state.clear()
        app()


def main() -> None:
    if sys.stdout is None:  # started with its output closed (`wps list >&-`)
        sys.stderr.write("wps: cannot write the output: it is closed\n")
        sys.exit(74)
    # A terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        try:
            _run()
        finally:
            sys.stdout.flush()  # a full disk is found here, not in a message at exit
    except OSError as e:  # the system refused (a full disk, a closed output): not a bug
        sys.stderr.write(f"wps: cannot write the output: {e.strerror or e}\n")
        try:  # what is still buffered goes nowhere, not into a second error as Python exits
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(74)
    except Exception as e:  # a bug, not bad input: say so in one line, without a traceback
        sys.stderr.write(f"wps: internal error: {type(e).__name__}: {e}\n"
                         "Please report it with the command you ran.\n")
        sys.exit(70)
