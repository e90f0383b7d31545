"""The SQLite store built from validated records, and its content-keyed cache."""
