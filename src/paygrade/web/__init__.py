"""The web app: pages, the JSON API under /api/v1, and health, over the same core calls.

``create_app(settings)`` builds everything from settings given at the edge; nothing
happens at import. Every view computes one plain data object with a library call
and returns it as JSON or renders it through a template (compute once, render twice).
"""

from __future__ import annotations

from paygrade.web.app import create_app

__all__ = ["create_app"]
