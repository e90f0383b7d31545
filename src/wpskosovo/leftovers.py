"""Files a run is writing and must not leave behind if it is stopped: a temporary file renamed
into place when whole, and SQLite's journal beside it. A signal handler removes them and ends
the process at once (see __main__), so no moment of a run, a callback inside SQLite included,
can leave one or print a traceback. Imports nothing: the handler may run during start-up."""

import os

_paths: set[str] = set()


def remember(path: str) -> None:
    _paths.add(path)


def forget(path: str) -> None:
    _paths.discard(path)


def remove_all() -> None:
    for path in list(_paths):
        for name in (path, path + "-journal", path + "-wal", path + "-shm"):
            try:
                if os.path.isdir(name) and not os.path.islink(name):
                    for entry in os.listdir(name):
                        os.unlink(os.path.join(name, entry))
                    os.rmdir(name)
                else:
                    os.unlink(name)
            except OSError:
                pass
