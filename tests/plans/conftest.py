"""Plan fixtures live in tests/conftest.py (shared with analytics, web and reports tests)."""
