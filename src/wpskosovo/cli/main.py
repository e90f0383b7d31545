"""The entry point of the command line: every command registered on the app, and the run
with its exit codes (see `app.py`)."""

from __future__ import annotations

import os
import sys

from wpskosovo.cli import export, funding, list, network, search, show, stats, timeline, validate  # noqa: F401  (registers the commands)
from wpskosovo.cli.app import app
from wpskosovo.cli.common import state


def _run() -> None:
    """Run the command; if the cache entry it read turns out damaged inside (a query fails on
    it), drop the entry and run the command again on the data itself."""
    import sqlite3

    try:
        app()  # ends in SystemExit, even on success
    except sqlite3.DatabaseError:
        damaged = getattr(state.get("store"), "path", None)
        if damaged is None:
            raise
        damaged.unlink(missing_ok=True)
        os.environ["WPS_CACHE"] = "off"
        state.clear()
        app()


def main() -> None:
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
        sys.exit(74)
    except Exception as e:  # a bug, not bad input: say so in one line, without a traceback
        sys.stderr.write(f"wps: internal error: {type(e).__name__}: {e}\n"
                         "Please report it with the command you ran.\n")
        sys.exit(70)
