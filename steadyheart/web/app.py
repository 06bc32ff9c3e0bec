"""The app factory: `create_app(settings) -> FastAPI`.

Each worker builds its own app from the same settings; all state is in the database, so any number of
workers (and machines) can serve the same people behind a load balancer.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from steadyheart import config
from steadyheart.companion import Companion
from steadyheart.responders.base import Responder
from steadyheart.store.db import Database
from steadyheart.store.home import prepare_home
from steadyheart.web import routes as routes_package
from steadyheart.web.core import errors, limits
from steadyheart.web.core.accounts import Accounts
from steadyheart.web.core.config import Settings
from steadyheart.web.core.middleware import BodySizeLimit, SecurityHeaders
from steadyheart.web.core.security import Passwords
from steadyheart.web.core.state import WebState

STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """Steadyheart's JSON API. Steadyheart is an AI companion, not a person and not therapy.

Sign up with `POST /api/v1/users`, get a bearer token with `POST /api/v1/token`, then send
`Authorization: Bearer <access_token>`. Errors are JSON: `{"detail": "<one sentence>", "status": <code>}`.
"""


def database_url(settings: Settings) -> str:
    home = config.resolve_home(settings.home)
    url = config.database_url(home, settings.database_url)
    if url.startswith("sqlite"):
        prepare_home(home)
    return url


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    settings = settings or Settings()
    database = Database(database_url(settings))
    if migrate:
        database.migrate()
    llm = _operator_llm(settings)
    state = WebState(
        settings=settings,
        database=database,
        accounts=Accounts(settings, Passwords(settings.argon2_time_cost, settings.argon2_memory_kib,
                                                    settings.argon2_parallel)),
        companion=Companion(database, responder=llm),
        builtin_companion=Companion(database) if llm is not None else None,
    )
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        limits.housekeeping(state)
        if settings.warm_up:
            warm_up()
        yield

    app = FastAPI(title="Steadyheart", version="1", description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.web = state
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module_info in sorted(pkgutil.iter_modules(routes_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes_package.__name__}.{module_info.name}")
        app.include_router(module.router)
    app.add_middleware(SecurityHeaders, hsts=settings.production)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


def warm_up() -> None:
    """Load the embedder, detectors, content and the article index before the first request.

    Otherwise the first people to write wait seconds, and a burst of first questions builds the index
    many times over at once.
    """
    from steadyheart.knowledge import answer_question
    from steadyheart.pipeline import TurnInput, run_turn

    run_turn(TurnInput("Hello. I feel a little anxious tonight."))
    answer_question("What is anxious attachment?")
    run_turn(TurnInput("Why do I always assume the worst when plans change?"))


def _operator_llm(settings: Settings) -> Responder | None:
    """The LLM the operator configured (STEADYHEART_LLM_URL / _MODEL or the home's settings file), if any."""
    from steadyheart.responders.openai_compatible import responder_from_settings
    from steadyheart.responders.settings import load_llm_settings

    llm_settings = load_llm_settings(config.resolve_home(settings.home))
    return responder_from_settings(llm_settings) if llm_settings is not None else None


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory steadyheart.web.app:app_from_environment` and each `serve` worker."""
    from steadyheart.privacy.logs import configure_logging

    configure_logging()  # JSON lines on standard error, never message text; $STEADYHEART_LOG_LEVEL
    return create_app(Settings(), migrate=False)
