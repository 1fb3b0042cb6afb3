"""Request helpers shared by every area: htmx detection, headers, nonces."""

import secrets
from urllib.parse import urlsplit

from flask import Response, g, request

HTMX_CONFIG = (
    '{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,'
    '"historyCacheSize":0,"refreshOnHistoryMiss":true,"selfRequestsOnly":true,'
    '"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},'
    '{"code":"422","swap":true},{"code":"[45]..","swap":false,"error":true}]}'
)


def is_htmx() -> bool:
    """Return whether the request came from htmx and wants a partial (not boosted)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def safe_next(target: str | None) -> str | None:
    """Return a local path to go to after login, or None for anything else."""
    if not target:
        return None
    # Browsers read a backslash as a slash and drop tabs and newlines, so
    # "/\evil.example" would leave the site.
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return None
    return target


def hx_redirect(location: str, status: int = 200) -> Response:
    """Tell htmx to load a whole new page rather than swap a panel."""
    response = Response("", status=status)
    response.headers["HX-Redirect"] = location
    return response


def set_security_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce", "")
    script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src {script_src}; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "object-src 'none'; "
        "base-uri 'none'; "
        "frame-ancestors 'none'; "
        "form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.path.startswith(("/static/", "/assets/")):
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("HX-Request")
    return response
