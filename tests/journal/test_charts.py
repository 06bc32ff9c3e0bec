"""Charts are drawn with real matplotlib and checked for their content, not just their existence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests_journal_support import NOW, Person

from steadyheart.errors import InputError
from steadyheart.journal import chart_bytes, render_charts

pytest.importorskip("matplotlib", reason="charts need the 'reports' extra (matplotlib)")


def svg_text(path: Path) -> str:
    """The words in an SVG's <text> elements (matplotlib keeps them as text with svg.fonttype none)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8")))


def colours(path: Path) -> set[tuple[int, int, int]]:
    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    return {(int(r), int(g), int(b)) for r, g, b in np.unique(pixels, axis=0)}


def test_all_charts_written_in_both_formats_with_labels(history: Person, tmp_path: Path) -> None:
    with history.database.session() as session:
        files = render_charts(session, history.user_id, tmp_path, now=NOW)
    assert sorted(p.name for p in files) == sorted(f"{n}.{e}" for n in ("trend", "urges", "times", "helped")
                                                   for e in ("png", "svg"))
    trend = svg_text(tmp_path / "trend.svg")
    for words in ("Insecurity and anxiety over time", "Daily average (0-10)", "Date",
                  "Insecurity (check-ins)", "Anxiety (check-ins)", "Intensity in chat"):
        assert words in trend
    urges = svg_text(tmp_path / "urges.svg")
    for words in ("Urges acted on and resisted, by week", "Week starting", "Number of urges", "Resisted",
                  "Acted on", "07 Sep", "28 Sep"):
        assert words in urges
    times = svg_text(tmp_path / "times.svg")
    for words in ("When the hardest moments happen", "Time of day", "Day of week", "Tue", "02:00",
                  "Number of hardest moments"):
        assert words in times
    helped = svg_text(tmp_path / "helped.svg")
    for words in ("What helped", "Points lower afterwards (0-10 scale)", "paced breathing (n = 3)",
                  "grounding (n = 3)", "walk (n = 2)", "4.0", "1.0"):
        assert words in helped
    assert "Not enough data yet" not in trend + urges + times + helped


def test_png_uses_the_colour_blind_safe_palette(history: Person, tmp_path: Path) -> None:
    with history.database.session() as session:
        render_charts(session, history.user_id, tmp_path, formats=("png",), now=NOW)
    urges = colours(tmp_path / "urges.png")
    assert (0x00, 0x72, 0xB2) in urges  # Okabe-Ito blue: resisted
    assert (0xE6, 0x9F, 0x00) in urges  # Okabe-Ito orange: acted on (also hatched)
    trend = colours(tmp_path / "trend.png")
    assert (0xD5, 0x5E, 0x00) in trend and (0x00, 0x72, 0xB2) in trend
    # cividis: the empty cells are its darkest blue, the Tuesday 2 a.m. cell its brightest yellow
    times = colours(tmp_path / "times.png")
    assert any(r > 220 and g > 200 and b < 90 for r, g, b in times)
    assert any(r < 20 and 20 < g < 60 and b > 70 for r, g, b in times)


def test_empty_charts_say_not_enough_data(person: Person, tmp_path: Path) -> None:
    with person.database.session() as session:
        render_charts(session, person.user_id, tmp_path, formats=("svg",), now=NOW)
    for name in ("trend", "urges", "times", "helped"):
        assert "Not enough data yet" in svg_text(tmp_path / f"{name}.svg")


def test_unknown_format_is_one_sentence(person: Person, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="png or svg, not gif"), person.database.session() as session:
        render_charts(session, person.user_id, tmp_path, formats=("gif",))


def test_chart_bytes_for_the_web_app(history: Person) -> None:
    with history.database.session() as session:
        svg = chart_bytes(session, history.user_id, "urges", "svg", now=NOW).decode("utf-8")
        png = chart_bytes(session, history.user_id, "times", "png", now=NOW)
        with pytest.raises(InputError, match="no chart called 'pie'"):
            chart_bytes(session, history.user_id, "pie")
    assert svg.lstrip().startswith("<?xml") and "Urges acted on and resisted" in svg
    assert png.startswith(b"\x89PNG")


def test_charts_drawn_from_several_threads_keep_their_text(history: Person) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from steadyheart.journal.charts import build_figures, figure_bytes
    from steadyheart.journal.timeline import load_timeline

    with history.database.session() as session:
        timeline = load_timeline(session, history.user_id, until=NOW)

    def draw(name: str) -> str:
        return figure_bytes(build_figures(timeline, names=(name,))[name], "svg").decode("utf-8")

    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(draw, ["urges", "times", "helped", "trend"] * 2))
    assert all("<text" in svg and "Not enough data yet" not in svg for svg in drawn)
