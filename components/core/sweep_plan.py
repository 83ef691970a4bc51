"""Which widths the bytes sweep saves. Pure, so the page can name them and extrapolate."""

from __future__ import annotations

# Hidden width of the first layer in the sweep; deeper layers halve it, as the seed did.
# Dense at the small end (where the fixed overhead dominates), spread out at the large end.
# Twenty: each costs a model build and four saves, and a cold sweep should take seconds.
SWEEP_BASE_WIDTHS = (
    *(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64),
    *(96, 128, 192, 256, 320, 384, 448, 512),
)


def halving_widths(base: int, depth: int) -> tuple[int, ...]:
    """``base`` then half of it per deeper layer, never below 1: (64, 32, 16) for depth 3."""
    return tuple(max(1, base >> i) for i in range(depth))


def sweep_widths(depth: int) -> list[tuple[int, ...]]:
    """The width tuples the sweep measures for a model with ``depth`` hidden layers."""
    return list(dict.fromkeys(halving_widths(base, depth) for base in SWEEP_BASE_WIDTHS))
