"""Export: everything a person has, as one JSON download (page) or response (API). Secrets are left out."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from steadyheart.privacy.export import export_person
from steadyheart.web.api.deps import CurrentUser, PageUser, StateDep
from steadyheart.web.core.state import WebState

router = APIRouter()

#: Sign-in secrets stay out of exports: hashes of passwords and tokens are no use to a person, only a risk.
SECRET_TABLES = ("credentials", "web_sessions", "api_tokens")


def person_export(state: WebState, user_id: int) -> dict[str, Any]:
    with state.person_session(user_id) as session:
        data = export_person(session, user_id)
    for name in SECRET_TABLES:
        data["tables"].pop(name, None)
    return data


@router.get("/export", include_in_schema=False)
def download(state: StateDep, person: PageUser) -> Response:
    body = json.dumps(person_export(state, person.id), ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="steadyheart-export.json"'})


@router.get("/api/v1/export", tags=["export"])
def api_export(person: CurrentUser, state: StateDep) -> dict[str, Any]:
    """Everything this person has, table by table (the format `steadyheart import` reads)."""
    return person_export(state, person.id)
