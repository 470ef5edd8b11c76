"""The export contract other tools rely on (``export_ballots`` / ``export_meetings``).

Field names and meanings here are stable: add, never rename.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from governance.models import Attendance, Meeting

from .models import Ballot, Vote
from .selectors import BallotSummary, summarise

DATE_KEYS = ["discussion_start", "voting_start", "voting_end", "review_start", "review_end"]


def _iso(value):
    return value.isoformat() if value else None


def ballot_record(summary: BallotSummary) -> dict:
    ballot, computed = summary.ballot, summary.result
    votes: dict[str, dict[str, list[str]]] = {
        "issuers": {"yes": [], "no": [], "abstain": []},
        "consumers": {"yes": [], "no": [], "abstain": []},
    }
    for vote in ballot.votes.all():
        group = "issuers" if vote.member_class == "issuer" else "consumers"
        votes[group][vote.choice].append(vote.organization.name)
    for group in votes.values():
        for names in group.values():
            names.sort(key=str.casefold)
    tally = computed.tally
    sources = list(ballot.sources.all())
    return {
        "ballot_id": ballot.number,
        "body": ballot.body.slug,
        "title": ballot.title,
        "ballot_type": ballot.ballot_type or None,
        "state": ballot.state,
        "published_outcome": ballot.published_outcome or None,
        "computed_outcome": summary.computed_outcome,
        # THE outcome (the badge, the list filter, the feeds): published, else computed once
        # voting has ended, else none; and whether recomputation verifies a published one.
        "outcome": summary.outcome,
        "verification": (
            {"status": summary.verification.status, "words": summary.verification.words}
            if summary.verification
            else None
        ),
        "phase": str(summary.phase),
        "votes": votes,
        "tally": {
            "issuers": {
                "yes": tally.issuers.yes,
                "no": tally.issuers.no,
                "abstain": tally.issuers.abstain,
            },
            "consumers": {
                "yes": tally.consumers.yes,
                "no": tally.consumers.no,
                "abstain": tally.consumers.abstain,
            },
            "participants": tally.participants,
        },
        "quorum": {
            "required": computed.quorum.required,
            "stated": ballot.stated_quorum,
            "met": computed.quorum.met,
        },
        "dates": {key: _iso(getattr(ballot, key)) for key in DATE_KEYS},
        "proposer": ballot.proposer.name if ballot.proposer else None,
        "endorsers": [e.person.name for e in ballot.endorsements.all() if e.person],
        "source": sources[-1].path if sources else None,
        "sources": [s.path for s in sources],
        # Each source's address on cabforum.org, in the same order ("" where none is known).
        "source_urls": [(s.parsed or {}).get("url", "") for s in sources],
        "discrepancies": [d.message for d in ballot.discrepancies.all()],
    }


def export_ballots() -> list[dict]:
    ballots = (
        Ballot.objects.with_results()
        .select_related("body", "proposer")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("organization")),
            "endorsements__person",
            "sources",
            "discrepancies",
        )
        .order_by("body__order", "number_key")
    )
    return [ballot_record(s) for s in summarise(ballots)]


def export_meetings() -> list[dict]:
    organizations: dict[int, set[str]] = defaultdict(set)
    attendees: dict[int, int] = defaultdict(int)
    for meeting_id, org_name in Attendance.objects.values_list("meeting_id", "organization__name"):
        attendees[meeting_id] += 1
        if org_name:
            organizations[meeting_id].add(org_name)
    return [
        {
            "body": m.body.slug,
            "date": m.date.isoformat(),
            "kind": m.kind,
            "title": m.title,
            "attendees": attendees[m.id],
            "organizations": sorted(organizations[m.id], key=str.casefold),
            "source": m.source,
        }
        for m in Meeting.objects.select_related("body").order_by("date", "body__order", "title")
    ]
