"""Reading data files: TOML to tables, validation into records, cross-record checks, evidence."""
