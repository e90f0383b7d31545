"""Files a run is writing and must not leave behind if it is stopped: a temporary file renamed
into place when whole, and SQLite's journal beside it. A signal handler removes them and ends
the process at once (see __main__), so no moment of a run, a callback inside SQLite included,
can leave one or print a traceback; `write_whole` writes a file that way. Imports nothing at
start: the handler may run during start-up."""

import os

_paths: set[str] = set()


def remember(path: str) -> None:
    _paths.add(path)


def made(make):
    """`make()` a temporary file or folder (it returns the path, or a file descriptor and the
    path) and remember it, the stopping signals held off in between: none may come once it
    exists and before it is remembered."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, n)}
    before = mask(signal.SIG_BLOCK, held) if mask else None
    try:
        result = make()
        remember(result[1] if isinstance(result, tuple) else result)
        return result
    finally:
        if mask:
            mask(signal.SIG_SETMASK, before)


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


def write_whole(path, write, private: bool = True) -> None:
    """`write(tmp)` writes a temporary file beside `path`, which is then renamed into place, so
    a reader sees the whole file or none; removed if anything fails. The file is private (0600),
    as a cache entry must be, or else as ordinary as the umask makes a new file (an export)."""
    import tempfile

    # Beside the name given, not beside what a symlink points at (os.replace cannot cross file
    # systems), and with a short name (a long target name must not make it too long).
    fd, tmp = made(lambda: tempfile.mkstemp(dir=path.absolute().parent, prefix=".wps-", suffix=".tmp"))
    os.close(fd)
    try:
        write(tmp)
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        for name in (tmp, tmp + "-journal"):
            if os.path.exists(name):
                os.unlink(name)
        forget(tmp)
