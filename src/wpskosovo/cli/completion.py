"""Shell completion of names, fast: every Tab runs `wps`, so a name is completed before Typer
(a quarter of a second to import) is loaded, from an index of every record's kind, id, label
and other names. The index is JSON in the cache folder, keyed on the data files' bytes and the
program; a cold one is built once, by a full load. Anything else is completed by Typer.

Completion runs inside the user's shell, and Typer's scripts do not quote everything (zsh's
does not escape a backslash), so what is offered keeps to letters, digits and a few marks: a
value with anything else is not offered (its id is), a description loses it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from pathlib import Path

from wpskosovo.load.toml import default_paths, read_regular, toml_files
from wpskosovo.model.words import fold
from wpskosovo.store import cache

Entry = tuple[str, str, str, list[str]]  # kind, id, label, other names


def _key(files: list[Path]) -> str:
    digest = hashlib.sha256(cache.FORMAT.encode())
    for module in [Path(__file__), *cache.program_files("model", "store")]:  # what decides the entries
        digest.update(module.read_bytes())
    for path in files:
        digest.update(str(path).encode() + b"\0" + read_regular(path) + b"\0")
    return digest.hexdigest()


def names(paths: list[Path] | None = None) -> list[Entry]:
    """Every record's names, from the index when it is there, else from the store (which
    writes the index). Data that cannot be read or validated offers nothing."""
    files, problems = toml_files(paths or default_paths())
    if problems:
        return []
    key = _key(files)
    found = cache.read_private(f"names-{key}.json")
    if found is not None:
        try:
            loaded = json.loads(found)
            entries = [tuple(e) for e in loaded] if isinstance(loaded, list) else []
            if entries and all(len(e) == 4 and all(isinstance(x, str) for x in (*e[:3], *e[3])) for e in entries):
                return entries
        except (ValueError, TypeError):
            pass  # a broken or tampered index is a miss
    from wpskosovo.store.db import open_data  # the slow path, once per change of the data

    known: dict[str, Entry] = {}
    for kind, rid, label, name in open_data(files).db.execute(
            "SELECT r.kind, r.id, r.name, k.name FROM records r LEFT JOIN known_as k "
            "ON k.record_id = r.id AND k.position > 0 ORDER BY r.rowid, k.position"):
        entry = known.setdefault(rid, (kind, rid, label, []))
        if name is not None and name != label:
            entry[3].append(name)
    entries = list(known.values())
    cache.write_private(f"names-{key}.json", json.dumps(entries, ensure_ascii=False).encode())
    return entries


_SHELL_SAFE = re.compile(r"[\w.,+/-]+( [\w.,+/-]+)*")
_SHELL_UNSAFE = re.compile(r"[^\w .,+/’-]")


def matches(values, incomplete: str) -> list:
    """The values (or (value, description) pairs) that start with what was typed, case and
    accents aside: `Neth` offers Netherlands, `shter` Shtërpcë. Shells keep only what starts
    with the text typed, so a match is offered with that text as its start (`Neth` →
    `Netherlands` for the id `netherlands`), once."""
    want, out, seen = fold(incomplete), [], set()
    pairs = [v if isinstance(v, tuple) else (v, None) for v in values]
    # Names as the data writes them first (KWN for `KW`), then the others with the typed start.
    pairs = [p for p in pairs if p[0].startswith(incomplete)] + [p for p in pairs if not p[0].startswith(incomplete)]
    for value, help_ in pairs:
        if not _SHELL_SAFE.fullmatch(value) or not fold(value).startswith(want):
            continue
        if not value.startswith(incomplete):
            value = incomplete + value[len(incomplete):]
        if fold(value) in seen:  # kwl beside KWL: the one already offered
            continue
        seen.add(fold(value))
        help_ = None if help_ is None else " ".join(_SHELL_UNSAFE.sub(" ", help_.replace("'", "’")).split())
        out.append(value if help_ is None else (value, help_))
    return out


def records(kinds: tuple[str, ...] | None, paths: list[Path] | None, incomplete: str) -> list:
    """Ids and names of records of these kinds (None: of every kind) that complete `incomplete`."""
    try:
        entries = names(paths)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return matches([(n, label) for kind, rid, label, others in entries if kinds is None or kind in kinds
                    for n in (rid, *others)], incomplete)


def line(environ=os.environ) -> tuple[list[str], str] | None:
    """The words of the command line being completed before the word at the cursor, and that
    word, as the shell that asks gives them; None when they cannot be read."""
    shell = environ.get("_WPS_COMPLETE", "").removeprefix("complete_")
    try:
        if shell == "bash":
            words = shlex.split(environ["COMP_WORDS"])
            cword = int(environ["COMP_CWORD"])
            return words[1:cword], (words[cword] if cword < len(words) else "")
        if shell in ("zsh", "fish"):
            typed = environ.get("_TYPER_COMPLETE_ARGS", "")
            words = shlex.split(typed)[1:]
            return (words[:-1], words[-1]) if words and not typed.endswith(" ") else (words, "")
    except (KeyError, ValueError):  # an open quote, say: Typer's parser copes
        pass
    return None


def kind_on_line(ctx) -> str | None:
    """The kind the command line names (`list projects`, `--kind events`), if one: click does
    not parse a positional argument while completing an option's value."""
    from wpskosovo.model.kinds import kind_names

    given = ctx.params.get("kind") or ctx.params.get("kind_opt")
    if not given:
        args = (line() or ([], ""))[0]
        given = next((a for a in args[args.index("list") + 1:] if a in kind_names()), None) if "list" in args else None
    return given


def fast(environ=os.environ) -> str | None:
    """The shell's completion of a name, in the form Typer's script for that shell reads, or
    None when this is not a name to complete (Typer does the rest)."""
    shell = environ.get("_WPS_COMPLETE", "").removeprefix("complete_")
    typed = line(environ)
    if typed is None:
        return None
    args, incomplete = typed
    if incomplete.startswith("-") or any(a.startswith("--json") or "=" in a for a in args):
        return None
    from wpskosovo.query.filters import NAME_OPTIONS

    kinds = NAME_OPTIONS.get(args[-1]) if args else None
    positional = [a for a in args if not a.startswith("-")]
    # `show ID` and `cite ID…`: a record of any kind
    any_record = kinds is None and (positional == ["show"] or positional[:1] == ["cite"]) and \
        (not args or not args[-1].startswith("-"))
    if kinds is None and not any_record:
        return None
    data = [Path(args[i + 1]) for i, a in enumerate(args[:-1]) if a == "--data"]
    found = records(kinds, data or None, incomplete)
    if shell == "bash":  # bash inserts a candidate as it is: a name with spaces goes in escaped
        return "\n".join((v if isinstance(v, str) else v[0]).replace(" ", "\\ ") for v in found)
    if shell == "fish":
        if environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            raise SystemExit(0 if found else 1)
        return "\n".join(v if isinstance(v, str) else f"{v[0]}\t{v[1]}" for v in found)
    pairs = [f'"{v}"' if isinstance(v, str) else f'"{v[0]}":"{v[1]}"' for v in found]
    return f"_arguments '*: :(({chr(10).join(pairs)}))'" if pairs else "_files"
