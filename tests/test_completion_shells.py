"""Completion in the real shells: a name with spaces completes to a command the shell reads
back as one word (bash and zsh insert it escaped; fish escapes what it is offered). A shell
that is not installed is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
WANTED = "[wps][list][--place][Shtetet e Bashkuara]"  # the United States, in Albanian


def _shell(name: str) -> str:
    path = shutil.which(name)
    if path is None or not (BIN / "wps").exists():
        pytest.skip(f"{name} or the wps script is not installed here")
    return path


def _env(tmp_path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "HOME": str(tmp_path)}


def test_bash_inserts_a_name_with_spaces_escaped(tmp_path):
    script = ('source <(wps --show-completion bash); COMP_WORDS=(wps list --place Shtet); COMP_CWORD=3; '
              '_wps_completion wps; eval "args=(wps list --place ${COMPREPLY[0]})"; printf "[%s]" "${args[@]}"')
    out = subprocess.run([_shell("bash"), "-c", script], env=_env(tmp_path), capture_output=True, text=True,
                         timeout=60).stdout
    assert out == WANTED


def test_zsh_inserts_a_name_with_spaces_escaped(tmp_path):
    """A real interactive zsh on a pseudo-terminal (zsh's own zpty): Tab, then the line run.
    Each marker is printed from a quoted word (RE""ADY), so the echo of the typed line never
    matches it: each read waits for the shell's answer."""
    script = r"""
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -Uz compinit; compinit -u -D; eval "$(wps --show-completion zsh)"; print RE""ADY'
zpty -r -m z out '*READY*'
zpty -w -n z $'wps list --place Shtet\t'
zpty -w -n z $'\C-a printf "[%s]" \C-e; print DO""NE\n'
zpty -r -m z out '*DONE*'
print -r -- "$out"
zpty -d z
"""
    out = subprocess.run([_shell("zsh"), "-f", "-c", script], env=_env(tmp_path), capture_output=True, text=True,
                         timeout=60).stdout
    assert WANTED + "DONE" in out.replace("\r", "")


def test_fish_is_offered_the_name_whole(tmp_path):
    script = 'wps --show-completion fish | source; complete -C "wps list --place Shtet"'
    out = subprocess.run([_shell("fish"), "--no-config", "-c", script], env=_env(tmp_path), capture_output=True,
                         text=True, timeout=60).stdout
    assert "Shtetet e Bashkuara\tUnited States" in out.splitlines()
