"""wpskosovo: a sourced dataset of Women, Peace and Security work in Kosovo, and the `wps` CLI."""

__version__ = "0.1.0"
