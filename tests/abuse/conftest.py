"""The abuse suite: hostile files and bodies built in the test (small on disk), each refused cheaply."""

from tests.collection.conftest import world  # noqa: F401  (the collection tests' small world)
