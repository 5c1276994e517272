from pathlib import Path

from sitrep.warehouse.dictionary import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_data_dictionary_is_generated_from_the_models():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m sitrep.warehouse.dictionary > docs/data-dictionary.md"
