from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from code24.ai import providers


@pytest.fixture(autouse=True)
def _builtin_provider(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Each test starts with the default provider; network tests switch it themselves.
    What endpoints refused, their context windows and kept answers are forgotten, and
    each test has its own turn files."""
    settings.AI_PROVIDER = "builtin"
    settings.AI_MODEL = ""
    settings.VAR_DIR = tmp_path
    providers.forget()
    cache.clear()
    yield
    providers.forget()
