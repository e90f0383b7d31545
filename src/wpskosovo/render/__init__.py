"""Output: tables, pairs, trees, charts and JSON for a terminal, a pipe or a file."""
