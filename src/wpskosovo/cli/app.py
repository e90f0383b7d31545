"""The `wps` command line: the Typer app and its root options; each command is a module of
its own (registered by `main.py`). Commands only wire: options → store → query → render → exit code.

Exit codes: 0 ok (an empty result too), 1 data problems or a name that matches nothing,
2 usage errors (an ambiguous name too), 70 an internal error (a bug), 74 output not written,
130/143 stopped by a signal.

Options mean the same in every command: the filters (declared once, query/filters.py), --kind,
--sort, --limit, --json, --csv, --cite, --export and --data. A filter that cannot apply to the
chosen kind is a usage error, never a silent empty result.
"""


import os
import re
import shutil
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperGroup

from wpskosovo.cli.common import state
from wpskosovo.cli.options import EMPTY_PATH, DataOpt

# `wps --show-completion zsh` names its shell (Typer would otherwise guess, and print bash's).
os.environ.setdefault("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")

# Help names each argument by its metavar (KIND, ID), without Typer's Python type (<str>).
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
# and the usage line as click writes it: `wps show ID`, not Typer's `{ID}`.
TyperArgument._usage_display_name = lambda self: (  # type: ignore[method-assign]
    (self.display_name_raw if self.required else f"[{self.display_name_raw}]") + "..." * (self.nargs != 1))
_FIELD_LIST = re.compile(r"[a-z_]+(,[a-z_]+)*")


# The commands in the order help lists them: from checking the data to what it answers.
COMMANDS = ("validate", "list", "show", "search", "timeline", "funding", "network", "stats", "pillars", "cite",
            "export", "schema")


def _is_kind(word: str) -> bool:
    from wpskosovo.model.kinds import kind_names  # only for `list … --json WORD`

    return word in kind_names()


def _search_fields() -> list[str]:
    from wpskosovo.render import reports  # only for `search … --json WORD`

    return reports.json_fields("search")


class _Group(TyperGroup):
    def list_commands(self, ctx):
        return sorted(super().list_commands(ctx), key=lambda c: COMMANDS.index(c) if c in COMMANDS else len(COMMANDS))

    def parse_args(self, ctx, args):
        # `--json=id,title` picks fields, as gh's --json does, while a bare --json stays a flag.
        # gh's own spelling `--json id,title` too, where the next word cannot be anything else:
        # not a kind after `list`; in `search`, only a word made of the command's field names.
        command = next((a for a in args if a in self.commands), None)
        if command and any(p.name == "fields" for p in self.commands[command].params):  # with_output("json")
            out = []
            for n, arg in enumerate(args):
                nxt = args[n + 1] if n + 1 < len(args) else ""
                if arg.startswith("--json="):
                    out += ["--json", "--json-fields", arg[7:]]
                elif arg == "--json" and _FIELD_LIST.fullmatch(nxt) and not (command == "list" and _is_kind(nxt)) \
                        and (command != "search" or set(nxt.split(",")) <= set(_search_fields())):
                    out += ["--json", "--json-fields"]
                else:
                    out.append(arg)
            args = out
        return super().parse_args(ctx, args)


EXAMPLES = "Examples:\n\n\b\n"  # click keeps a paragraph that starts with \b as written

app = typer.Typer(
    name="wps",
    cls=_Group,
    help="Query a sourced dataset of Women, Peace and Security (WPS) work in Kosovo.\n\n"
         "Every record cites its source documents with a verbatim quote.\n\n" + EXAMPLES +
         "  wps list projects\n"
         "  wps timeline --org KWN\n"
         "  wps funding --donor Netherlands\n"
         "  wps search Shtërpcë\n"
         "  wps show kwn --json",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"],
                      # help as wide as the terminal, so summaries are whole
                      "max_content_width": max(60, shutil.get_terminal_size().columns - 2)},
)


def _version(data: list[Path] | None) -> str:
    """The program's version and the release of the data (`--data`, else the default)."""
    from importlib.metadata import version

    from wpskosovo.problems import DataError
    from wpskosovo.store.db import open_data

    try:
        release = open_data(data).release()
        said = f"data release {release.release} ({release.date})" if release else "data without a release"
    except (DataError, ValueError):
        said = "data not valid (wps validate says why)"
    return f"wps {version('wpskosovo')}, {said}"


@app.callback()
def _root(ctx: typer.Context, data: DataOpt = None,
          version: Annotated[bool, typer.Option(
              "--version", help="Print the version and the data's release, and exit.")] = False,
          no_pager: Annotated[bool, typer.Option(
              "--no-pager", help="Never page: output taller than the terminal otherwise goes through "
                                 "WPS_PAGER, PAGER or `less -FRX`.")] = False) -> None:
    from wpskosovo.load.toml import default_paths

    try:
        default_paths()
    except ValueError:
        raise typer.BadParameter(f"WPS_DATA: {EMPTY_PATH}") from None
    state["data"] = data
    if no_pager:
        from wpskosovo.render import output

        output.PAGING["on"] = False
    if version:
        print(_version(data))
        raise typer.Exit()
    if ctx.invoked_subcommand is None:  # bare `wps`: the help, and success
        print(ctx.get_help())
        raise typer.Exit(0)
