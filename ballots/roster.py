"""The roster reads: the Voting Members a ballot's vote is taken among, each with its current
vote (the chair's grid), and those that have not voted yet (the ballot page and the API).
Selectors, like ``selectors``: two queries each, whatever the size of the body."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from governance.models import Membership, Organization

from .models import Ballot, Vote


@dataclass(frozen=True)
class RosterRow:
    organization: Organization
    member_class: str
    vote: Vote | None


def roster(ballot: Ballot) -> list[RosterRow]:
    """The body's Voting Members as of the start of voting (today before it starts), issuers
    first, each with its current vote; organisations that voted without being on the roster
    (imported votes) are listed too, so nothing counted is hidden."""
    day = (ballot.voting_start or timezone.now()).date()
    memberships = (
        Membership.objects.on(day)
        .voting()
        .filter(body=ballot.body)
        .select_related("organization")
        .order_by("member_class", "organization__name")
    )
    votes = {v.organization_id: v for v in ballot.votes.select_related("organization")}
    rows, seen = [], set()
    for m in memberships:
        if m.organization_id in seen:
            continue
        seen.add(m.organization_id)
        rows.append(RosterRow(m.organization, m.member_class, votes.get(m.organization_id)))
    for org_id, vote in votes.items():
        if org_id not in seen:
            rows.append(RosterRow(vote.organization, vote.member_class, vote))
    order = {"issuer": 0, "consumer": 1}
    rows.sort(key=lambda r: (order.get(r.member_class, 2), r.organization.name.lower()))
    return rows


def not_voted(ballot: Ballot) -> dict[str, list[Organization]]:
    """During voting: the Voting Members of each class (as of the start of voting) that have not
    voted yet. Votes are public in the Forum, so this is too."""
    waiting: dict[str, list[Organization]] = {"issuer": [], "consumer": []}
    for row in roster(ballot):
        if row.vote is None:
            waiting[row.member_class].append(row.organization)
    return waiting
