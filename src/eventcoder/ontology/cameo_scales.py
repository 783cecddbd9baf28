"""CAMEO's own quad classes and Goldstein weights, as GDELT fills its event table with them.

PLOVER has a quad class and a score of its own (``plover.yaml``); a file that claims to follow
GDELT must carry CAMEO's instead. The values live in ``data/cameo_scales.yaml`` (checked
against ``schemas/cameo_scales.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import OntologyError

_PKG = "eventcoder.ontology"


@dataclass(frozen=True)
class CameoScales:
    """Quad class per CAMEO root code and Goldstein weight per CAMEO event code."""

    quad_names: dict[int, str]
    root_quad: dict[str, int]
    weights: dict[str, float]

    def quad_class(self, code: str) -> int:
        """CAMEO's quad class (GDELT's QuadClass, 1-4) of a CAMEO event code."""
        try:
            return self.root_quad[str(code)[:2]]
        except KeyError:
            raise OntologyError(f"not a CAMEO event code: {code!r}") from None

    def goldstein(self, code: str) -> float:
        """The Goldstein weight of a CAMEO code, or of its nearest listed parent code."""
        text = str(code)
        for end in range(len(text), 1, -1):
            if text[:end] in self.weights:
                return self.weights[text[:end]]
        raise OntologyError(f"no Goldstein weight for CAMEO code {code!r}")


@cache
def load_cameo_scales() -> CameoScales:
    """The bundled CAMEO scales, validated on first use."""
    from .._data import load_checked

    raw = load_checked(_PKG, "cameo_scales.yaml", "cameo_scales.schema.json")
    return CameoScales(
        quad_names={int(k): str(v) for k, v in raw["quad_classes"].items()},
        root_quad={str(k): int(v) for k, v in raw["root_quad_class"].items()},
        weights={str(k): float(v) for k, v in raw["goldstein"].items()},
    )


__all__ = ["CameoScales", "load_cameo_scales"]
