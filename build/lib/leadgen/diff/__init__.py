"""`leadgen diff`: a semantic diff of two OpenAPI specs, judged for API callers and client users.

Both specs are built into the IR (`leadgen.model.ir`) and compared structurally, never
as text; every finding names a rule of the catalogue (`rules.RULES`), where it is in
OLD and NEW, and the generated Python symbols it touches.
"""

from __future__ import annotations

from .engine import Side, diff_sides, load_side
from .findings import Finding, Location
from .rules import RULES, Rule

__all__ = ["RULES", "Finding", "Location", "Rule", "Side", "diff_sides", "load_side"]
