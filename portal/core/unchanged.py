"""The default of a service's keyword argument for a change: a field not given keeps its
value (``None`` and ``""`` are values a field may be changed to)."""

from __future__ import annotations

import enum
from typing import Any, Final


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = Unchanged.UNCHANGED


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were given, i.e. not ``UNCHANGED``."""
    return {name: value for name, value in values.items() if value is not UNCHANGED}
