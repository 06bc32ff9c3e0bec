"""Every error as one clear sentence: JSON with the right status under /api, a calm page elsewhere."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from steadyheart.errors import InputError, SteadyheartError, StorageError
from steadyheart.store.conversations import NotFoundError
from steadyheart.web.api.deps import ApiUnauthorized, CsrfFailed, NotSignedIn
from steadyheart.web.core.accounts import SignInFailed
from steadyheart.web.core.ratelimit import RateLimited

log = logging.getLogger("steadyheart.web")

STATUS_TEXT = {
    400: "The request could not be understood.",
    401: "Please sign in first.",
    403: "That is not allowed.",
    404: "There is nothing here.",
    405: "That method is not allowed here.",
    413: "The request is too large.",
    415: "Please send JSON.",
    422: "Some of the input was not valid.",
    429: "Too many tries; please wait a little.",
    500: "Something went wrong on our side; nothing you sent was lost.",
    503: "Steadyheart cannot reach its storage right now; please try again shortly.",
}


def is_api(request: Request) -> bool:
    """API paths, and page scripts that asked for JSON (the chat stream), get JSON errors."""
    return request.url.path.startswith("/api/") or request.headers.get("accept", "").startswith("application/json")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message, "status": status, **(extra or {})}, status, headers=headers)
    from steadyheart.web.core.templating import render

    response = render(request, "error.html", {"status": status, "message": message}, status_code=status)
    response.headers.update(headers or {})
    return response


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
        problems.append({"field": where, "problem": str(error.get("msg", "is not valid"))})
    if not problems:
        return STATUS_TEXT[422], []
    first = problems[0]
    field = f"'{first['field']}'" if first["field"] else "The request body"
    return f"{field}: {first['problem']}.".replace("..", "."), problems


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else STATUS_TEXT.get(exc.status_code, "")
        if exc.status_code in STATUS_TEXT and detail in {"Not Found", "Method Not Allowed", "Unauthorized"}:
            detail = STATUS_TEXT[exc.status_code]
        return error_response(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        message, problems = _validation_message(exc)
        return error_response(request, 422, message, extra={"errors": problems})

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(ApiUnauthorized)
    async def unauthorized(request: Request, exc: ApiUnauthorized) -> Response:
        return error_response(request, 401, "A valid bearer token is needed: get one with POST /api/v1/token.",
                              {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return error_response(request, 403, "This form has expired or came from another site; "
                                            "please reload the page and try again.")

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return error_response(request, 429, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, exc: StorageError) -> Response:
        # str(exc) is built by store.db.describe_storage_error: a sentence with no stored text in it.
        log.error("storage error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 503, STATUS_TEXT[503])

    @app.exception_handler(SteadyheartError)
    async def steadyheart_error(request: Request, exc: SteadyheartError) -> Response:
        status = 401 if isinstance(exc, SignInFailed) else 400 if isinstance(exc, InputError) else 422
        return error_response(request, status, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Never log the exception text: it may quote what a person wrote.
        log.error("unexpected error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_response(request, 500, STATUS_TEXT[500])
