"""Functions that misbehave, for the sandbox's own tests (run in the child)."""

import time


def spin() -> None:
    while True:
        pass


def hog() -> None:
    blocks = []
    while True:
        blocks.append(bytearray(16 * 1024 * 1024))


def sleep() -> None:
    time.sleep(60)


def echo(*, value: object) -> object:
    return value
