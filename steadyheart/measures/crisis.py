"""Crisis resources for a positive PHQ-9 item 9, from the safety layer.

The safety layer owns the resource data (`steadyheart.safety.format_resources`); this module only
calls it, with a minimal fallback built from the fact sheet so a person is never shown nothing.
"""

from __future__ import annotations

FALLBACK = (
    "If you might act on these thoughts, call your local emergency number now (112 in the EU, 911 in the "
    "US and Canada, 999 in the UK, 000 in Australia). To talk to someone, find a free, confidential "
    "helpline for your country at findahelpline.com."
)


def crisis_resources(country: str | None) -> str:
    """The safety layer's crisis resources for this country (fallback text if it is not installed)."""
    try:
        from steadyheart.safety import format_resources  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return FALLBACK
    text = format_resources(country)
    return str(text) if text else FALLBACK
