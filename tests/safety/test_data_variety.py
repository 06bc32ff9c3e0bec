"""evals/data_variety.py tells a templated file from a varied one, in numbers only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "evals_data_variety", Path(__file__).resolve().parents[2] / "evals" / "data_variety.py")
assert _SPEC is not None and _SPEC.loader is not None
data_variety = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = data_variety
_SPEC.loader.exec_module(data_variety)


def test_a_template_shows_few_distinct_trigrams_and_alike_openings() -> None:
    templated = [f"i am going to the {place} tonight and i feel sad" for place in ("shop", "park", "bridge", "pub")]
    varied = ["he left me on read again", "my chest is tight since lunch", "we argued about his mum",
              "she cancelled our dinner plans twice"]
    count, mean, share, alike = data_variety.variety(templated)
    assert (count, mean, alike) == (4, 11.0, 4) and share == 0.5  # the varying word breaks 3 of 9 trigrams
    assert data_variety.variety(varied)[2:] == (1.0, 1)


def test_both_file_formats_are_read(tmp_path: Path) -> None:
    safety = tmp_path / "safety.yaml"
    safety.write_text('groups:\n  - tier: none\n    texts:\n      - "a b c"\n      - text: "d e f"\n'
                      '        context: ["x"]\n', encoding="utf-8")
    understanding = tmp_path / "understanding.yaml"
    understanding.write_text('messages:\n- {part: p, text: "g h i"}\n', encoding="utf-8")
    assert data_variety.texts(safety) == ["a b c", "d e f"]
    assert data_variety.texts(understanding) == ["g h i"]
