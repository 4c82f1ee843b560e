from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _builtin_provider(settings: Any) -> None:
    """Each test starts with the default provider; network tests switch it themselves."""
    settings.AI_PROVIDER = "builtin"
    settings.AI_MODEL = ""
