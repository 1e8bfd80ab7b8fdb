"""Walking the chain of SupplyLinks: upstream trees for the public page, downstream sets for recalls,
the loop check, and the rows of a trace export. Walks are iterative with a visited set and a cap, so a
bad row can never make a page loop or recurse without end."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import selectinload

from traceapp.extensions import db
from traceapp.inspections.queries import failure_stands, latest_public_check
from traceapp.models import Batch, BatchStatus, LinkStatus, Product, ProductStatus, SupplyLink

MAX_NODES = 50


# Built once: every scan of a batch asks it (usually to find nothing), see traceapp/public/queries.py.
_UPSTREAM_LINKS = (
    select(SupplyLink)
    .where(
        SupplyLink.downstream_batch_id.in_(bindparam("batch_ids", expanding=True)),
        SupplyLink.status != LinkStatus.DISPUTED,
    )
    .options(selectinload(SupplyLink.upstream_batch).selectinload(Batch.product).selectinload(Product.business))
    .order_by(SupplyLink.id)
)


def _upstream_links(batch_ids: list[int]) -> list[SupplyLink]:
    return list(db.session.scalars(_UPSTREAM_LINKS, {"batch_ids": batch_ids}))


def _downstream_batch_ids(batch_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(SupplyLink.downstream_batch_id).where(
                SupplyLink.upstream_batch_id.in_(batch_ids),
                SupplyLink.downstream_batch_id.is_not(None),
                SupplyLink.status != LinkStatus.DISPUTED,
            )
        )
    )


@dataclass
class Node:
    """One input of a batch on the public page: a registered batch (with its own inputs) or an outside supplier."""

    link: SupplyLink
    batch: Batch | None
    inputs: list[Node] = field(default_factory=list)


def upstream_tree(batch: Batch) -> list[Node]:
    """What the batch was made from, as deep as the chain goes (breadth first, each batch once)."""
    roots: list[Node] = []
    frontier: list[tuple[int, list[Node]]] = [(batch.id, roots)]
    seen = {batch.id}
    count = 0
    while frontier and count < MAX_NODES:
        by_batch = dict(frontier)
        frontier = []
        for link in _upstream_links(list(by_batch)):
            if count >= MAX_NODES:
                break
            node = Node(link, link.upstream_batch)
            assert link.downstream_batch_id is not None  # the link was selected by it
            by_batch[link.downstream_batch_id].append(node)
            count += 1
            if link.upstream_batch_id and link.upstream_batch_id not in seen:
                seen.add(link.upstream_batch_id)
                frontier.append((link.upstream_batch_id, node.inputs))
    return roots


def batches_in(tree: list[Node]) -> list[Batch]:
    result = []
    stack = list(tree)
    while stack:
        node = stack.pop(0)
        if node.batch is not None:
            result.append(node.batch)
        stack.extend(node.inputs)
    return result


def is_made_from(candidate_id: int, source_id: int) -> bool:
    """True when ``candidate_id`` is ``source_id`` or is made from it through any links: linking the candidate
    in as an input of the source would close a loop."""
    frontier, seen = {source_id}, {source_id}
    while frontier:
        if candidate_id in frontier:
            return True
        frontier = _downstream_batch_ids(list(frontier)) - seen
        seen |= frontier
    return False


def problem_of(batch: Batch) -> str | None:
    """ "recalled" or "non_conformant" for a batch consumers must be warned about, else None."""
    if batch.status == BatchStatus.RECALLED or batch.product.status == ProductStatus.RECALLED:
        return "recalled"
    if failure_stands(latest_public_check(batch.product, batch)):  # a remedied failure is not warned about
        return "non_conformant"
    return None


def upstream_problems_in(tree: list[Node]) -> list[tuple[Batch, str]]:
    """Batches in an upstream tree (at any depth) that were recalled or found non-conformant."""
    found = []
    for ancestor in batches_in(tree):
        problem = problem_of(ancestor)
        if problem:
            found.append((ancestor, problem))
    return found


def upstream_problems(batch: Batch) -> list[tuple[Batch, str]]:
    return upstream_problems_in(upstream_tree(batch))


def affected_batches(business_id: int) -> list[tuple[Batch, list[tuple[Batch, str]]]]:
    """The business's batches made from a recalled or non-conformant batch: for its home page."""
    made_from_others = db.session.scalars(
        select(Batch)
        .join(Batch.product)
        .where(
            Product.business_id == business_id,
            Batch.id.in_(select(SupplyLink.downstream_batch_id).where(SupplyLink.upstream_batch_id.is_not(None))),
        )
    )
    return [(batch, problems) for batch in made_from_others if (problems := upstream_problems(batch))]


def connected_links(batch: Batch) -> list[SupplyLink]:
    """Every link of the chain the batch is part of, upstream and downstream, for a recall trace."""
    seen_batches = {batch.id}
    seen_links: dict[int, SupplyLink] = {}
    frontier = {batch.id}
    while frontier and len(seen_links) < 10_000:
        links = db.session.scalars(
            select(SupplyLink).where(
                or_(SupplyLink.upstream_batch_id.in_(frontier), SupplyLink.downstream_batch_id.in_(frontier))
            )
        )
        new = set()
        for link in links:
            seen_links[link.id] = link
            for end in (link.upstream_batch_id, link.downstream_batch_id):
                if end is not None and end not in seen_batches:
                    new.add(end)
        seen_batches |= new
        frontier = new
    return sorted(seen_links.values(), key=lambda link: (link.shipped_on is None, link.shipped_on, link.id))
