"""The package's folders follow the data flow, and every import runs down it:
cli → render → query → store → load → model (with problems.py beside the model)."""

import ast
from pathlib import Path

import wpskosovo

ORDER = ["problems", "model", "load", "store", "query", "render", "cli"]
PACKAGE = Path(wpskosovo.__file__).parent


def _imports(path: Path) -> list[str]:
    """The layers a module imports from (at any depth: lazy imports count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "wpskosovo":
            parts = node.module.split(".")
            found += [parts[1]] if len(parts) > 1 else [alias.name for alias in node.names]
    return [f for f in found if f in ORDER]


def test_every_layer_is_a_folder_and_every_module_sits_in_one():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "leftovers.py", "problems.py"]  # process-wide, below every layer
    assert all((PACKAGE / layer).is_dir() for layer in ORDER[1:])


def test_imports_run_down_the_layers():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if layer in ORDER:
            upward += [f"{path.relative_to(PACKAGE)} imports {t}" for t in _imports(path)
                       if ORDER.index(t) > ORDER.index(layer)]
    assert upward == []


def test_the_tests_run_the_source_not_an_installed_copy():
    """README's test command installs the project editable: an edit to src/ is what runs."""
    import wpskosovo

    assert Path(wpskosovo.__file__).resolve().is_relative_to(Path(__file__).resolve().parents[1] / "src")


def test_render_imports_nothing_from_the_store():
    """Render formats what queries return; it reads records through what it is given (a
    `Records`: by id, and what to call one), never by importing the store."""
    importing = [str(p.relative_to(PACKAGE)) for p in (PACKAGE / "render").glob("*.py") if "store" in _imports(p)]
    assert importing == []
