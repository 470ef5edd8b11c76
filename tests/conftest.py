"""Shared fixtures: where the Forum's real posts are."""

from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(settings.BASE_DIR).parent / "shared"
CORPUS = Path(settings.CABF_CORPUS_DIR)
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"the Forum corpus is missing at {CORPUS}"
    return CORPUS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS.is_dir(), f"the seed posts are missing at {SEEDS}"
    return SEEDS


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (pages are cached by revision and minute)."""
    from django.core.cache import cache

    cache.clear()
    yield
