"""Every file a doc names exists: the Markdown files, and the docstrings and comments of the Python code.

A new engineer follows these pointers (`docs/PRODUCT.md`, `claims/importing/limits.py`, ...); one
that leads nowhere costs an afternoon. A reference counts as found when the path exists next to
the file that names it, from the repository root, under docs/, or as the tail of a path in the
repository (a table under "claims/" may say `services/reviews.py`). Names of files that a command
writes, and files of other projects, are listed below with the reason; nothing else is let off.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = r"(?:md|py|txt|json|jsonld|toml|ya?ml|cfg|ini|html|css|js|png|bib|csv|sh)"
REFERENCE = re.compile(r"(?<![\w./@$-])((?:\.{1,2}/)*[\w.-]+(?:/[\w.-]+)*\." + EXTENSIONS + r")(?![\w/-])")
URL = re.compile(r"[a-zA-Z][\w+.-]*://\S+|\bwww\.\S+")
SKIPPED_FOLDERS = {".git", ".venv", "var", "node_modules", "test-artifacts", "__pycache__", "golden"}
# Files that commands or jobs write (outputs, not references).
OUTPUTS = {
    ("README.md", "article.json"): "the curl example saves the API's answer there",
    ("claims/jobs/kinds.py", "result.json"): "the name of a job's result file",
    ("claims/jobs/registry.py", "result.json"): "the name of a job's result file",
}
# Files of other projects, cited as the models this codebase follows.
ELSEWHERE = {
    ("docs/STYLE.md", "docs/contributing/code-style.md"): "Zulip's style guide",
    ("docs/STYLE.md", "saleor/order/actions.py"): "Saleor's order actions",
    ("docs/STYLE.md", "events.py"): "Saleor's order events",
    ("docs/STYLE.md", "AGENTS.md"): "Saleor's written rules",
    ("tests/browser/fixtures/README.md", "axe.min.js"): "the file's name inside the axe-core npm package",
}


def repository_files() -> list[Path]:
    """Every file of the work tree, without walking into the virtualenv, caches or outputs."""
    files = []
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_FOLDERS]
        files.extend(Path(folder) / name for name in names)
    return sorted(files)


def documented_files() -> list[Path]:
    return [path for path in repository_files() if path.suffix in (".md", ".py") and "migrations" not in path.parts]


def prose(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text): a Markdown file whole; a Python file's docstrings and comments."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        yield from enumerate(source.splitlines(), start=1)
        return
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield node.body[0].lineno, docstring
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def found(reference: str, source: Path, repository: set[str]) -> bool:
    candidates = (source.parent / reference, ROOT / reference, ROOT / "docs" / reference)
    if any(candidate.exists() for candidate in candidates):
        return True
    return any(path == reference or path.endswith("/" + reference) for path in repository)


def missing_references() -> list[str]:
    repository = {path.relative_to(ROOT).as_posix() for path in repository_files()}
    missing = []
    for path in documented_files():
        name = path.relative_to(ROOT).as_posix()
        for line, text in prose(path):
            for match in REFERENCE.finditer(URL.sub(" ", text)):
                reference = match.group(1)
                if (name, reference) in OUTPUTS | ELSEWHERE:
                    continue
                if not found(reference, path, repository):
                    missing.append(f"{name}:{line}: {reference}")
    return missing


def test_no_doc_or_docstring_names_a_missing_file():
    assert missing_references() == []


def test_the_check_sees_a_missing_file(tmp_path, monkeypatch):
    """The scan itself: a docstring citing a file that is not there is reported, with its line."""
    module = tmp_path / "module.py"
    module.write_text('"""Rules: docs/NOWHERE.md and docs/STYLE.md."""\n# see also claims/gone.py\n')
    monkeypatch.setattr(f"{__name__}.documented_files", lambda: [module])
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "STYLE.md").write_text("# Style\n")
    assert missing_references() == ["module.py:1: docs/NOWHERE.md", "module.py:2: claims/gone.py"]


def test_every_exemption_is_still_named_where_it_is_listed():
    """An exemption for a reference that is gone would hide the next real one."""
    stale = []
    for name, reference in OUTPUTS | ELSEWHERE:
        text = "\n".join(text for _, text in prose(ROOT / name))
        if reference not in text:
            stale.append((name, reference))
    assert stale == []
