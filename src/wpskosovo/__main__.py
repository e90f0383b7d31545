"""The entry point of `wps` (and `python -m wpskosovo`): process set-up before anything is
imported, so that Ctrl-C or SIGTERM even during start-up ends quietly."""

import gc
import os
import signal
import sys


def _quit(signum, frame):
    # While modules load, nothing needs cleaning up, and an exception raised inside the import
    # machinery would be printed and ignored: leave at once.
    os._exit(128 + signum)


def _stop(signum, frame):
    # Once loaded, SystemExit, not os._exit: `finally` blocks run (an export removes its
    # temporary file).
    raise SystemExit(128 + signum)


def _on_signals(handler) -> None:
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def main() -> None:
    # A run builds up to hundreds of thousands of acyclic objects (records, rows) and then
    # ends: the cyclic collector would only rescan them again and again (over half the time of
    # loading 100k records), so it stays off for the life of the process.
    gc.disable()
    _on_signals(_quit)
    if hasattr(signal, "SIGPIPE"):  # the reader went away (`wps list | head -1`): stop quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if os.environ.get("_WPS_COMPLETE", "").startswith("complete_"):  # a Tab: names without Typer
        from wpskosovo.cli.completion import fast

        out = fast()
        if out is not None:
            sys.stdout.write(out)
            return
    from wpskosovo.cli.main import main as run

    _on_signals(_stop)
    run()


if __name__ == "__main__":
    main()
