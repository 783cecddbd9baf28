"""The HTTP side of eventcoder: a JSON API over a stored event database and a small web UI,
served by one process (`eventcoder serve`). `create_app(db_path)` builds the FastAPI app."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
