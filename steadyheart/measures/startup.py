"""One call for start-up: load and validate every measures data file, so a bad one fails at once."""

from __future__ import annotations

import os

from steadyheart.measures.catalog import Catalog
from steadyheart.measures.results import messages
from steadyheart.measures.schedule import default_schedule


def check_measures_content(home: str | os.PathLike[str] | None = None) -> Catalog:
    """The catalog (shipped + the home's added instruments), after checking messages and schedule too.

    Raises ContentError naming the first bad file.
    """
    catalog = Catalog.load(home)
    messages()
    schedule = default_schedule()
    for instrument_id in schedule.instruments:
        catalog.get(instrument_id)
    return catalog
