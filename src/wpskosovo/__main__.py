"""The entry point of `wps` (and `python -m wpskosovo`): process set-up before anything is
imported, so that Ctrl-C, SIGTERM, SIGHUP or SIGQUIT at any moment ends quietly and leaves no
file half-written (wpskosovo.leftovers)."""

import gc
import os
import signal
import sys

from wpskosovo import leftovers


def _stop(signum, frame):
    # Remove what the run was writing and leave at once: an exception raised here could land
    # inside the import machinery or a SQLite callback, which would print it and go on.
    leftovers.remove_all()
    os._exit(128 + signum)


def _on_signals(handler) -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def main() -> None:
    # A run builds up to hundreds of thousands of acyclic objects (records, rows) and then
    # ends: the cyclic collector would only rescan them again and again (over half the time of
    # loading 100k records), so it stays off for the life of the process.
    gc.disable()
    _on_signals(_stop)
    if hasattr(signal, "SIGPIPE"):  # the reader went away (`wps list | head -1`): stop quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if os.environ.get("_WPS_COMPLETE", "").startswith("complete_"):  # a Tab: names without Typer
        from wpskosovo.cli.completion import fast

        out = fast()
        if out is not None:
            sys.stdout.write(out)
            return
    from wpskosovo.cli.main import main as run

    run()


if __name__ == "__main__":
    main()
