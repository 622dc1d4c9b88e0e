"""The bundled confusables table is Unicode's data, made by the script, not kept by hand."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    path = ROOT / "scripts" / "make_confusables.py"
    spec = importlib.util.spec_from_file_location("make_confusables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_table_is_what_the_script_makes_from_unicodes_confusables() -> None:
    script = _script()
    table = resources.files("libya_conflict._model").joinpath("confusables.tsv")
    bundled = table.read_text("utf-8")
    assert bundled == script.table(script.download())


def test_the_table_folds_latin_letters_that_imitate_latin_letters() -> None:
    from libya_conflict._model.text import confusable_key

    for impostor in ("Khal\u0131fa", "Kh\u0251lifa", "KHAL\u0130FA"):
        assert confusable_key(impostor) == confusable_key("Khalifa"), impostor
    assert confusable_key("Stra\ua7b5e") == confusable_key("Strasse")
    # Letters that merely look alike in some fonts but are different letters stay apart.
    assert confusable_key("Kamal") != confusable_key("Karnal")
