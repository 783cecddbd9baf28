"""GET /api/outlets: the outlets a database names, with what the registry says about them."""

from __future__ import annotations

from fastapi import APIRouter

from ..knowledge.outlets import OutletRegistry
from ..store.outlet_tags import stored_outlets
from ..store.shared import SharedStore
from .models import READ_ERRORS, _Model


class StoredOutletOut(_Model):
    name: str | None
    articles: int
    mirrored: int  # articles whose trailer names it as their originating outlet
    known: bool  # whether the registry has an entry for it
    outlet_id: str | None = None
    labels: list[str] = []
    country: str | None = None
    origin_outlet: str | None = None  # a registered mirror's originating outlet


class OutletsOut(_Model):
    labels: list[str]  # every ownership value and label the registry knows, for filters
    outlets: list[StoredOutletOut]


def router(db: SharedStore, outlets: OutletRegistry) -> APIRouter:
    router = APIRouter()

    @router.get("/api/outlets", response_model=OutletsOut, tags=["articles"],
                responses=READ_ERRORS)
    def list_outlets() -> OutletsOut:
        """Every outlet the articles name (as publisher or as a mirror's origin), with its
        registry entry's labels; `known` is false for outlets the registry lacks."""
        with db.read() as store:
            found = stored_outlets(store.con, outlets)
        return OutletsOut(labels=outlets.labels(), outlets=[
            StoredOutletOut(name=o.name, articles=o.articles, mirrored=o.mirrored,
                            known=o.known, outlet_id=o.tags.outlet_id,
                            labels=o.tags.outlet_labels, country=o.tags.outlet_country,
                            origin_outlet=o.tags.origin_outlet)
            for o in found])

    return router
