"""The safety plan: seven short sections in the person's own words, on a page and through the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from steadyheart.errors import InputError
from steadyheart.safety.plans import SECTIONS, SafetyPlan, get_safety_plan, make_plan, save_safety_plan
from steadyheart.web.api.deps import CsrfChecked, CurrentUser, PageUser, PersonSession, StateDep
from steadyheart.web.core.help import resources_for
from steadyheart.web.core.templating import render

router = APIRouter()
MAX_FIELD_CHARS = 7000


def _page(request: Request, person: PageUser, plan: SafetyPlan | None, *, notice: str | None = None,
          error: str | None = None, draft: dict[str, str] | None = None) -> Response:
    texts = draft or {s.key: "\n".join(plan.items(s.key)) if plan else "" for s in SECTIONS}
    return render(request, "safety_plan.html", {
        "person": person, "active": "safety_plan", "sections": SECTIONS, "texts": texts, "notice": notice,
        "error": error, "resources": resources_for(person.country),
    }, status_code=400 if error else 200)


@router.get("/safety-plan", include_in_schema=False)
def page(request: Request, state: StateDep, person: PageUser, saved: int = 0) -> Response:
    with state.person_session(person.id) as session:
        plan = get_safety_plan(session, person.id)
    return _page(request, person, plan, notice="Your safety plan is saved." if saved else None)


@router.post("/safety-plan", include_in_schema=False, dependencies=[CsrfChecked])
async def save(request: Request, state: StateDep, person: PageUser) -> Response:
    form = await request.form()
    draft = {s.key: str(form.get(s.key) or "")[:MAX_FIELD_CHARS] for s in SECTIONS}
    try:
        plan = make_plan({key: text.splitlines() for key, text in draft.items()})
        with state.person_session(person.id) as session:
            save_safety_plan(session, person.id, plan)
    except InputError as exc:
        return _page(request, person, None, error=str(exc), draft=draft)
    return RedirectResponse("/safety-plan?saved=1", status_code=303)


@router.get("/api/v1/safety-plan", tags=["safety plan"], response_model=SafetyPlan)
def api_get(person: CurrentUser, session: PersonSession) -> SafetyPlan:
    return get_safety_plan(session, person.id) or SafetyPlan()


@router.put("/api/v1/safety-plan", tags=["safety plan"], response_model=SafetyPlan)
def api_put(body: SafetyPlan, person: CurrentUser, session: PersonSession) -> SafetyPlan:
    """Replace the whole plan (section -> list of lines)."""
    save_safety_plan(session, person.id, body)
    return body
