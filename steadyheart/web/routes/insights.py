"""Insights: short statements about a person's own patterns, and charts drawn from their data only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from steadyheart.journal import insights
from steadyheart.store.base import utcnow
from steadyheart.store.conversations import NotFoundError
from steadyheart.web.api.deps import CurrentUser, PageUser, PersonSession, StateDep
from steadyheart.web.core.templating import render

router = APIRouter()

CHARTS = {
    "trend": "Insecurity and anxiety over time, from check-ins and chat",
    "urges": "Urges week by week: acted on and let pass",
    "times": "When the hardest moments happen, by weekday and hour",
}


class InsightOut(BaseModel):
    key: str
    title: str
    text: str
    n: int
    enough_data: bool


@router.get("/insights", include_in_schema=False)
def page(request: Request, state: StateDep, person: PageUser) -> Response:
    with state.person_session(person.id) as session:
        found = insights(session, person.id, utcnow())
    return render(request, "insights.html", {"person": person, "active": "insights", "insights": found,
                                             "charts": CHARTS})


@router.get("/insights/charts/{name}.svg", include_in_schema=False)
def chart(name: str, state: StateDep, person: PageUser) -> Response:
    """One chart as SVG (text kept as text), drawn from this person's data only."""
    if name not in CHARTS:
        raise NotFoundError(f"There is no chart called {name!r}.")
    from steadyheart.journal.charts import build_figures, figure_bytes
    from steadyheart.journal.timeline import load_timeline

    with state.person_session(person.id) as session:
        timeline = load_timeline(session, person.id, until=utcnow())
    svg = figure_bytes(build_figures(timeline)[name], "svg")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


@router.get("/insights/report.pdf", include_in_schema=False)
def report(state: StateDep, person: PageUser, weeks: int = 8) -> Response:
    """The one-page summary a person may choose to share with their therapist (PDF, their data only)."""
    from steadyheart.journal import build_report

    with state.person_session(person.id) as session:
        pdf = build_report(session, person.id, weeks, "pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": 'attachment; filename="steadyheart-summary.pdf"', "Cache-Control": "private, no-store"})


@router.get("/api/v1/insights", tags=["insights"], response_model=list[InsightOut])
def api_insights(person: CurrentUser, session: PersonSession) -> list[InsightOut]:
    return [InsightOut(key=i.key, title=i.title, text=i.text, n=i.n, enough_data=i.enough_data)
            for i in insights(session, person.id, utcnow())]
