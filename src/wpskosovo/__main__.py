"""The entry point of `wps` (and `python -m wpskosovo`): process set-up before anything is
imported, so that Ctrl-C or SIGTERM even during start-up ends quietly."""

import os
import signal
import sys


def _stop(signum, frame):
    # SystemExit, not os._exit: `finally` blocks still run (an export removes its temporary file).
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "SIGPIPE"):  # the reader went away (`wps list | head -1`): stop quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if os.environ.get("_WPS_COMPLETE", "").startswith("complete_"):  # a Tab: names without Typer
        from wpskosovo.completion import fast

        out = fast()
        if out is not None:
            sys.stdout.write(out)
            return
    from wpskosovo.cli import main as run

    run()


if __name__ == "__main__":
    main()
