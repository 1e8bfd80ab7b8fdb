"""The chain's head: how many entries it has and the hash of the last one, published where the ward's data leaves
it (a locked plan report, a data package, ``flask audit head``).

Why publish it: deleting the last entries leaves a shorter chain that is still perfectly linked, so nothing inside
the database can show it. A head noted outside can: ``flask audit verify --head COUNT:HASH`` checks that the
COUNT-th entry still has that hash. The count is a position in the chain, not an id (PostgreSQL skips ids of
rolled-back transactions), and the hash, being keyed, cannot be made again without the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from traceapp.clock import as_utc
from traceapp.models import AuditEntry

GENESIS = "0" * 64  # the "previous hash" of the first entry
MIN_HASH = 16  # hex digits of a head typed back from paper: 64 bits are plenty (the entries are keyed)


@dataclass(frozen=True)
class Head:
    count: int
    hash: str
    at: datetime | None = None  # when the last entry was written

    @property
    def token(self) -> str:
        """What ``flask audit verify --head`` takes."""
        return f"{self.count}:{self.hash}"

    @property
    def grouped(self) -> str:
        """The hash in groups of four, for reading off paper."""
        return " ".join(self.hash[start : start + 4] for start in range(0, len(self.hash), 4))

    def as_dict(self) -> dict:
        return {
            "entries": self.count,
            "hash": self.hash,
            "at": None if self.at is None else as_utc(self.at).isoformat(),
        }


def parse(text: str) -> Head:
    """``COUNT:HASH`` (spaces in the hash ignored; at least its first 16 hex digits); ValueError otherwise."""
    count, separator, digest = text.partition(":")
    digest = re.sub(r"\s+", "", digest).lower()
    if not separator or not count.strip().isdigit() or not re.fullmatch(rf"[0-9a-f]{{{MIN_HASH},64}}", digest):
        raise ValueError(f"a head is COUNT:HASH, e.g. 1234:{'3f2a9c01' * 2}… (at least {MIN_HASH} hex digits)")
    return Head(int(count), digest)


def current(bind: Session | Connection) -> Head:
    """The head as this transaction sees it. The count is of entries up to the last one read, so an entry another
    transaction commits in between cannot make the count and the hash disagree."""
    last = bind.execute(
        select(AuditEntry.id, AuditEntry.hash, AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if last is None:
        return Head(0, GENESIS)
    count = bind.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= last.id)) or 0
    return Head(count, last.hash, as_utc(last.at))
