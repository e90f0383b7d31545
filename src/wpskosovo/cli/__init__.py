"""The command line: the Typer app, one module a command, completion."""
