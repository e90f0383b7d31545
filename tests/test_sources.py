"""`wps validate --sources DIR`: every quote verbatim in its document, or reported at its line."""

from __future__ import annotations

from conftest import BASE

DOC_A = "The text of document A says: about A, and about B.\nIt goes on over a second line."


def _setup(write, tmp_path, data: str, documents: dict[str, str]):
    path = write(data)
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return path, folder


def test_quotes_found_verbatim_pass(run, write, tmp_path):
    path, folder = _setup(write, tmp_path, BASE, {"a.txt": DOC_A})
    code, out, _ = run("validate", path, "--sources", folder)
    assert code == 0 and "every quote found" in out


def test_whitespace_differences_do_not_count(run, write, tmp_path):
    data = BASE.replace('quote = "about B"', 'quote = "B.  It goes   on over"')
    path, folder = _setup(write, tmp_path, data, {"a.txt": DOC_A})
    assert run("validate", path, "--sources", folder)[0] == 0


def test_a_changed_quote_is_reported_at_its_line(run, write, tmp_path):
    data = BASE.replace('quote = "about B"', 'quote = "about b"')  # case is not folded
    path, folder = _setup(write, tmp_path, data, {"a.txt": DOC_A})
    code, out, _ = run("validate", path, "--sources", folder)
    line = data.splitlines().index('sources = [{source = "src-a", quote = "about b"}]') + 1
    assert code == 1 and f"{path}:{line}: donor-b: evidence 1: quote: quote not found verbatim" in out


def test_a_missing_document_is_reported_once(run, write, tmp_path):
    path, folder = _setup(write, tmp_path, BASE, {})
    code, out, _ = run("validate", path, "--sources", folder)
    assert code == 1 and out.count("not found in") == 1 and "src-a: file: document 'a.txt'" in out
    assert "1 problem found" in out


def test_a_quote_moved_to_another_sources_record_is_reported(run, write, tmp_path):
    data = BASE.replace('file = "a.txt"\n', 'file = "a.txt"\n\n[[source]]\nid = "src-b"\ntitle = "B"\n'
                        'language = "en"\nfile = "b.txt"\n', 1)
    data = data.replace('{source = "src-a", quote = "about B"}', '{source = "src-b", quote = "about B"}')
    path, folder = _setup(write, tmp_path, data, {"a.txt": DOC_A, "b.txt": "Document B has other words."})
    code, out, _ = run("validate", path, "--sources", folder)
    assert code == 1 and "donor-b: evidence 1: quote: quote not found verbatim in src-b's document" in out


def test_sources_must_be_a_directory(run, write, tmp_path):
    code, _, err = run("validate", write(BASE), "--sources", tmp_path / "nowhere")
    assert code == 1
