"""The seed blog post's own numbers, to lay over today's measurements."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedPostRow:
    widths: tuple[int, int]
    dense_params: int  # the post counted Dense layers only
    bytes: int


SEED_POST_TABLE = (
    SeedPostRow((16, 8), 243, 36416),
    SeedPostRow((32, 16), 739, 43128),
    SeedPostRow((64, 32), 2499, 63640),
)
# "about 33000 + 13 bytes x params"
SEED_POST_OVERHEAD_BYTES = 33000
SEED_POST_BYTES_PER_PARAM = 13
