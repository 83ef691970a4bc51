"""A private-API hook's status, and the one warning a process gives for each hook off."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("components.private_hooks")


@dataclass(frozen=True)
class HookStatus:
    name: str
    active: bool
    reason: str = ""  # why inactive

    def __str__(self) -> str:
        return self.name if self.active else f"{self.name} ({self.reason})"


def hook_status(name: str, reason: str) -> HookStatus:
    """``name`` active unless there is a ``reason`` it is not."""
    return HookStatus(name, not reason, reason)


_warned: set[str] = set()


def warn_inactive(name: str, reason: str) -> None:
    """Once per process and hook: a hook called on every job would repeat it."""
    if name not in _warned:
        _warned.add(name)
        log.warning("private hook inactive: %s (%s)", name, reason)
