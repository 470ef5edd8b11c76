"""Storing parsed posts: idempotent, one transaction per post, order-independent merging.

A ballot is often published several times (the discussion post, then the same post grown with
results and the IPR notice). Each post's statements are kept as a ``PostSource`` ("facts"), and
the ballot is rebuilt from all its sources every time one changes: for each field the newest
post that states it wins, a disagreement between posts is recorded as a discrepancy, and nothing
one post stated is erased by another. Votes a chair recorded are never overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from fractions import Fraction
from typing import Any

from django.db import transaction

from ballots.models import (
    Ballot,
    BallotVersion,
    Discrepancy,
    Endorsement,
    PostSource,
    Vote,
    VoteChange,
    VoteSource,
)
from ballots.selectors import BallotComputation, summary_of
from ballots.text import markdown_problem, one_line
from governance import bylaws
from governance.models import (
    VOTING_CLASSES,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organization,
    Person,
    name_key,
)
from governance.organization_names import BROWSERS
from governance.organizations import OrganizationResolver

from .data import ParsedBallot, ParsedDate, ParsedMinutes, ParsedPost

DATE_FIELDS = [
    "discussion_start",
    "discussion_end",
    "voting_start",
    "voting_end",
    "review_start",
    "review_end",
    "effective",
]
CLASS_LABEL = {c.value: c.short for c in bylaws.VOTING_CLASSES}
DERIVED_KINDS = [
    Discrepancy.Kind.COUNT,
    Discrepancy.Kind.PERCENT,
    Discrepancy.Kind.QUORUM,
    Discrepancy.Kind.OUTCOME,
    Discrepancy.Kind.CLAIM,
    Discrepancy.Kind.CONFLICT,
    Discrepancy.Kind.MEMBERSHIP,
]


# --- facts: a post's statements as JSON-safe values --------------------------------------------


def _date_fact(value: ParsedDate | None) -> dict | None:
    if value is None:
        return None
    return {
        "value": value.value.astimezone(dt.UTC).isoformat(),
        "text": value.text,
        "zone": value.zone,
        "date_only": value.date_only,
        "hedge": value.hedge,
    }


def _json_safe(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def ballot_facts(parsed: ParsedBallot) -> dict:
    """What one post states about one ballot, as stored in ``PostSource.parsed``."""
    return {
        "ballot_id": parsed.ballot_id,
        "title": parsed.title,
        "ballot_type": parsed.ballot_type,
        "proposer": dataclasses.asdict(parsed.proposer) if parsed.proposer else None,
        "endorsers": [dataclasses.asdict(p) for p in parsed.endorsers],
        "versions": [
            {"number": v.number, "posted_at": _date_fact(v.posted_at), "note": v.note}
            for v in parsed.versions
        ],
        "dates": {name: _date_fact(getattr(parsed, name)) for name in DATE_FIELDS},
        "votes": [[v.organization, v.member_class, v.choice] for v in parsed.votes],
        "stated": _json_safe(dataclasses.asdict(parsed.stated)),
        "exclusion_notice_filed": parsed.exclusion_notice_filed,
        "motion": parsed.motion,
        "purpose": parsed.purpose,
        "post_date": parsed.post_date.isoformat() if parsed.post_date else None,
        "author": parsed.author,
        "url": parsed.public_url,
        "warnings": [str(w) for w in parsed.warnings],
    }


# --- the report ----------------------------------------------------------------------------------


@dataclasses.dataclass
class PostReport:
    path: str
    kind: str = ""  # ballot | minutes | skipped | error
    status: str = ""  # created | updated | unchanged | duplicate | skipped | error
    ballots: list[str] = dataclasses.field(default_factory=list)
    meeting: str = ""
    reason: str = ""
    errors: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    conflicts: list[str] = dataclasses.field(default_factory=list)
    discrepancies: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# --- storing -------------------------------------------------------------------------------------


class Store:
    """Writes parsed posts. One instance per import run (it caches bodies and names)."""

    def __init__(self):
        self.bodies = {b.slug: b for b in Body.objects.all()}
        self.names = OrganizationResolver()
        self.touched_ballots: set[int] = set()
        self._people: dict[tuple[str, int | None], Person] = {}
        self._load_meetings()

    def _load_meetings(self) -> None:
        """Every stored meeting by source post and by (body, date, title): one query."""
        self._meetings_by_source: dict[str, tuple[int, str, str]] = {}
        self._meetings_by_key: dict[tuple, tuple[int, str, str]] = {}
        for row in Meeting.objects.values_list(
            "id", "source_sha256", "source", "body_id", "date", "title"
        ):
            entry = row[:3]
            if row[2]:
                self._meetings_by_source[row[2]] = entry
            self._meetings_by_key[(row[3], row[4], row[5])] = entry

    # Each public store_* runs in its own transaction; a failure leaves nothing behind.
    def store_post(self, parsed: ParsedPost, digest: str) -> PostReport:
        report = PostReport(path=parsed.path, kind=parsed.kind)
        report.warnings = [str(w) for w in parsed.warnings]
        if parsed.kind == "skipped":
            report.status, report.reason = "skipped", parsed.reason
            return report
        self.names.begin()
        touched: set[int] = set()
        try:
            with transaction.atomic():
                if parsed.kind == "minutes":
                    self._store_minutes(parsed.minutes, digest, report)
                else:
                    statuses = []
                    for ballot in parsed.ballots:
                        statuses.append(self._store_ballot(ballot, digest, report, touched))
                    report.status = _combine(statuses)
        except Exception:
            self.names.rollback()
            self._people.clear()  # rows created in the failed transaction are gone
            self._load_meetings()
            raise
        self.touched_ballots |= touched
        return report

    # -- minutes

    def _store_minutes(self, minutes: ParsedMinutes, digest: str, report: PostReport) -> None:
        report.warnings += [str(w) for w in minutes.warnings]
        problem = markdown_problem(minutes.text, "The minutes")
        if problem:
            raise ValueError(problem)
        body = self.bodies[minutes.body]
        report.meeting = f"{body.slug} {minutes.date.isoformat()} {minutes.kind}"
        title = one_line(minutes.title)[:300]
        known = self._meetings_by_source.get(minutes.path)
        if known is not None and known[1] == digest:
            report.status = "unchanged"
            return
        if known is None:
            known = self._meetings_by_key.get((body.id, minutes.date, title))
            # The same meeting published twice (a post and a bundle's copy): the copy with the
            # first path is kept, whatever the order the files are read in.
            if known is not None and known[2] and known[2] < minutes.path:
                report.status = "duplicate"
                report.reason = f"the same meeting as {known[2]}, already stored"
                return
        report.status = "updated" if known else "created"
        meeting = Meeting.objects.get(pk=known[0]) if known else Meeting()
        if known is not None:
            self._meetings_by_source.pop(meeting.source, None)
            self._meetings_by_key.pop((meeting.body_id, meeting.date, meeting.title), None)
        meeting.body, meeting.date, meeting.kind = body, minutes.date, minutes.kind
        meeting.title, meeting.minutes = title, minutes.text
        meeting.source, meeting.source_sha256 = minutes.path, digest
        meeting.save()
        entry = (meeting.id, digest, minutes.path)
        self._meetings_by_source[minutes.path] = entry
        self._meetings_by_key[(body.id, minutes.date, title)] = entry
        if known is not None:
            meeting.attendance.all().delete()
        orgs = self.names.resolve_many(
            [a.organization for a in minutes.attendees if a.organization]
        )
        seen = set()
        rows = []
        for attendee in minutes.attendees:
            org_id = orgs.get(attendee.organization) if attendee.organization else None
            key = (attendee.name[:300], org_id)
            if key in seen:
                continue
            seen.add(key)
            rows.append(Attendance(meeting=meeting, organization_id=org_id, name_as_written=key[0]))
        Attendance.objects.bulk_create(rows)

    # -- ballots

    def _store_ballot(
        self, parsed: ParsedBallot, digest: str, report: PostReport, touched: set[int]
    ) -> str:
        report.ballots.append(parsed.ballot_id)
        report.warnings += [str(w) for w in parsed.warnings]
        if parsed.body is None or parsed.body not in self.bodies:
            why = [w.message for w in parsed.warnings if "belongs to" in w.message]
            raise ValueError(
                f"{parsed.ballot_id}: the ballot's body could not be determined"
                + (f" ({why[0]})" if why else "")
            )
        for what, text in (("The motion", parsed.motion), ("The purpose", parsed.purpose)):
            problem = markdown_problem(text, what)
            if problem:
                raise ValueError(f"{parsed.ballot_id}: {problem}")
        body = self.bodies[parsed.body]
        ballot = Ballot.objects.filter(body=body, number_key=parsed.number_key).first()
        facts = ballot_facts(parsed)
        if ballot is not None:
            source = ballot.sources.filter(path=parsed.path).first()
            if source is not None and source.sha256 == digest and source.parsed == facts:
                return "unchanged"
            status = "updated"
        else:
            ballot = Ballot.objects.create(
                body=body,
                number=parsed.ballot_id[:40],
                number_key=parsed.number_key[:40],
                title=(parsed.title or parsed.ballot_id)[:400],
            )
            status = "created"
        updated = PostSource.objects.filter(ballot=ballot, path=parsed.path).update(
            sha256=digest, post_date=parsed.post_date, parsed=facts
        )
        if not updated:
            PostSource.objects.create(
                ballot=ballot,
                path=parsed.path,
                sha256=digest,
                post_date=parsed.post_date,
                parsed=facts,
            )
        merged = self.rebuild_ballot(ballot)
        report.conflicts += merged
        touched.add(ballot.id)
        return status

    def _against_chair(self, ballot: Ballot) -> list[str]:
        """A post about a ballot a chair runs here: the chair's record is the authority for its
        state, dates, title and votes. Nothing of the ballot is changed; each difference is a
        discrepancy naming the post, and the history says what the import did and did not do."""
        messages = []
        for source in ballot.sources.all():
            differs = _differences(ballot, source.parsed)
            if not differs:
                continue
            message = (
                f"{source.path} disagrees with the ballot as run here: "
                + "; ".join(differs)
                + ". The chair's record stands; the post was not merged."
            )
            messages.append(message)
            Discrepancy.objects.get_or_create(
                ballot=ballot,
                kind=Discrepancy.Kind.CHAIR_RUN,
                message=message,
                source=source.path,
            )
        # The history row (simple-history writes it on save) says what the import did.
        ballot._change_reason = (
            "import: post kept as a source; state, dates, title, votes left as recorded"
        )
        ballot.save(update_fields=["updated_at"])
        return messages

    def rebuild_ballot(self, ballot: Ballot) -> list[str]:
        """Rebuild ``ballot`` from all its sources. Returns the conflicts found. A ballot a
        chair runs here is never rebuilt: see ``_against_chair``."""
        if ballot.managed:
            return self._against_chair(ballot)
        sources = sorted(
            ballot.sources.all(),
            key=lambda s: (s.post_date or dt.datetime.min.replace(tzinfo=dt.UTC), s.path),
            reverse=True,
        )  # newest first: the newest post that states a thing wins
        conflicts: list[tuple[str, str]] = []  # (message, source path)

        def pick(label: str, values: list[tuple[Any, str]]) -> Any:
            stated = [(v, p) for v, p in values if v not in (None, "", [], {})]
            if not stated:
                return None
            chosen, chosen_path = stated[0]
            for value, path in stated[1:]:
                if _comparable(value) != _comparable(chosen):
                    conflicts.append(
                        (
                            f"{label}: {chosen_path} says {_show(chosen)}, "
                            f"{path} says {_show(value)}; the newer post is used",
                            path,
                        )
                    )
            return chosen

        facts = [(s.parsed, s.path) for s in sources]
        ballot.number = facts[0][0]["ballot_id"][:40] if facts else ballot.number
        titles = [(f["title"], p) for f, p in facts]
        # A review notice or a reserved number's post names the ballot, it does not title it.
        proper = [(t, p) for t, p in titles if t and not _NOT_A_TITLE_RE.match(t)]
        ballot.title = (pick("title", proper or titles) or ballot.title)[:400]
        ballot.ballot_type = pick("type", [(f["ballot_type"], p) for f, p in facts]) or ""
        if _ELECTION_RE.search(ballot.title):
            # "Election of CA/Browser Forum Chair", "Chair Election": Bylaws 4.1(3), not 2.3(6).
            ballot.ballot_type = bylaws.BallotType.ELECTION
        zone = "UTC"
        for name in DATE_FIELDS:
            chosen = pick(name.replace("_", " "), [(f["dates"].get(name), p) for f, p in facts])
            setattr(ballot, name, _parse_iso(chosen["value"]) if chosen else None)
            if chosen and chosen.get("zone") and name == "voting_start":
                zone = chosen["zone"]
        ballot.time_zone = zone
        stated = [(f["stated"], p) for f, p in facts]
        ballot.published_outcome = pick("outcome", [(s.get("outcome"), p) for s, p in stated]) or ""
        ballot.stated_quorum = pick("stated quorum", [(s.get("quorum"), p) for s, p in stated])
        ballot.stated = _merge_stated([s for s, _ in stated])
        ballot.motion = pick("motion", [(f["motion"], p) for f, p in facts]) or ""
        ballot.purpose = pick("purpose", [(f["purpose"], p) for f, p in facts]) or ""
        ballot.exclusion_notice_filed = pick(
            "exclusion notice", [(f["exclusion_notice_filed"], p) for f, p in facts]
        )
        if ballot.published_outcome == "withdrawn" and ballot.withdrawn_at is None:
            ballot.withdrawn_at = ballot.voting_end or ballot.voting_start
        proposer = pick("proposer", [(f["proposer"], p) for f, p in facts])
        ballot.proposer = self._person(proposer) if proposer else None
        ballot.save()

        self._rebuild_endorsements(ballot, facts)
        self._rebuild_versions(ballot, facts)
        vote_conflicts = self._rebuild_votes(ballot, facts)

        ballot.discrepancies.filter(kind__in=[*DERIVED_KINDS, Discrepancy.Kind.CHAIR_VOTE]).delete()
        rows = [
            Discrepancy(ballot=ballot, kind=Discrepancy.Kind.CONFLICT, message=m, source=p)
            for m, p in conflicts
        ] + vote_conflicts
        _bulk_discrepancies(rows)
        return [m for m, _ in conflicts] + [d.message for d in vote_conflicts]

    def _person(self, person: dict) -> Person | None:
        name = " ".join((person.get("name") or "").split())[:200]
        if not name:
            return None
        org_id = None
        if person.get("organization"):
            try:
                org_id, _ = self.names.resolve(person["organization"])
            except ValueError:
                org_id = None
        key = (name, org_id)
        if key not in self._people:
            found = Person.objects.filter(name=name, organization_id=org_id).first()
            self._people[key] = found or Person.objects.create(name=name, organization_id=org_id)
        return self._people[key]

    def _rebuild_endorsements(self, ballot: Ballot, facts: list) -> None:
        endorsers = next((f["endorsers"] for f, _ in facts if f["endorsers"]), [])
        ballot.endorsements.all().delete()
        people = {}
        for endorser in endorsers:
            person = self._person(endorser)
            if person is not None:
                people.setdefault(person.id, person)
        Endorsement.objects.bulk_create(
            Endorsement(ballot=ballot, person=p, organization_id=p.organization_id)
            for p in people.values()
        )

    def _rebuild_versions(self, ballot: Ballot, facts: list) -> None:
        versions: dict[int, dict] = {}
        for f, _ in reversed(facts):  # oldest first, newer posts refine
            for v in f["versions"]:
                versions[v["number"]] = v
        ballot.versions.all().delete()
        BallotVersion.objects.bulk_create(
            BallotVersion(
                ballot=ballot,
                number=n,
                posted_at=_parse_iso(v["posted_at"]["value"]) if v.get("posted_at") else None,
                note=v.get("note") or "",
            )
            for n, v in sorted(versions.items())
            if 0 < n < 32768
        )

    def _rebuild_votes(self, ballot: Ballot, facts: list) -> list[Discrepancy]:
        """Imported votes = the union of every post's votes (the newest post decides a
        disagreement, which is reported). Chair-recorded votes stay as they are."""
        found: dict[int, tuple[str, str, str, str]] = {}  # org -> (name, class, choice, path)
        class_inferred: set[int] = set()  # organisations whose class the post does not give
        problems: list[Discrepancy] = []
        vote_day = ballot.voting_start or ballot.voting_end or ballot.discussion_start
        vote_day = vote_day.date() if vote_day else None
        orgs = self.names.resolve_many([name for f, _ in facts for name, _, _ in f["votes"]])
        browsers = {
            org_id
            for org_id, org_name in Organization.objects.filter(
                id__in=set(orgs.values())
            ).values_list("id", "name")
            if name_key(org_name) in _BROWSER_KEYS
        }
        for f, path in facts:  # newest first
            for name, member_class, choice in f["votes"]:
                org_id = orgs.get(name)
                if org_id is None:
                    continue
                if member_class is None:
                    # The post lists both classes together: the class comes from the
                    # organisation's membership, else from the table of browsers.
                    member_class = self._known_class(org_id, ballot.body_id) or (
                        "consumer" if org_id in browsers else "issuer"
                    )
                    class_inferred.add(org_id)
                if org_id in found:
                    prior = found[org_id]
                    if (prior[1], prior[2]) != (member_class, choice):
                        problems.append(
                            _disc(
                                ballot,
                                Discrepancy.Kind.CONFLICT,
                                f"vote of {name}: {prior[3]} says {CLASS_LABEL[prior[1]]} "
                                f"{prior[2].title()}, {path} says "
                                f"{CLASS_LABEL[member_class]} {choice.title()}; the newer post "
                                f"is used",
                                path,
                            )
                        )
                    continue
                found[org_id] = (name, member_class, choice, path)

        existing = {v.organization_id: v for v in ballot.votes.all()}
        new_memberships: list[Membership] = []
        memberships: dict[int, list[Membership]] = defaultdict(list)
        if vote_day is not None:
            for m in Membership.objects.filter(
                body=ballot.body, organization_id__in=list(found)
            ).on(vote_day):
                memberships[m.organization_id].append(m)
        to_create, changes = [], []
        for org_id, (name, member_class, choice, path) in found.items():
            if vote_day is not None:
                problems += self._ensure_membership(
                    ballot,
                    org_id,
                    name,
                    member_class,
                    vote_day,
                    memberships[org_id],
                    new_memberships,
                )
            current = existing.pop(org_id, None)
            if current is not None and current.source == VoteSource.CHAIR:
                if (current.member_class, current.choice) != (member_class, choice):
                    problems.append(
                        _disc(
                            ballot,
                            Discrepancy.Kind.CHAIR_VOTE,
                            f"{path} lists {name} as {CLASS_LABEL[member_class]} "
                            f"{choice.title()}, but a chair recorded "
                            f"{current.get_choice_display()}: the chair's vote is kept",
                            path,
                        )
                    )
                continue
            inferred = org_id in class_inferred
            if current is not None:
                if (
                    current.member_class,
                    current.choice,
                    current.source_ref,
                    current.class_inferred,
                ) == (member_class, choice, path, inferred):
                    continue
                previous = current.choice
                current.member_class, current.choice, current.source_ref = (
                    member_class,
                    choice,
                    path,
                )
                current.class_inferred = inferred
                current.save(
                    update_fields=["member_class", "choice", "source_ref", "class_inferred"]
                )
            else:
                previous = ""
                to_create.append(
                    Vote(
                        ballot=ballot,
                        organization_id=org_id,
                        member_class=member_class,
                        class_inferred=inferred,
                        choice=choice,
                        cast_at=None,
                        source=VoteSource.IMPORTED,
                        source_ref=path,
                    )
                )
            changes.append(
                VoteChange(
                    ballot=ballot,
                    organization_id=org_id,
                    member_class=member_class,
                    choice=choice,
                    previous_choice=previous,
                    source=VoteSource.IMPORTED,
                    source_ref=path,
                )
            )
        # Imported votes that no post lists any more came from an earlier version of a post.
        stale = [v.id for v in existing.values() if v.source == VoteSource.IMPORTED]
        if stale:
            Vote.objects.filter(id__in=stale).delete()
        Membership.objects.bulk_create(new_memberships)
        Vote.objects.bulk_create(to_create)
        VoteChange.objects.bulk_create(changes)
        return problems

    def _known_class(self, org_id: int, body_id: int) -> str | None:
        classes = set(
            Membership.objects.filter(
                organization_id=org_id, member_class__in=VOTING_CLASSES
            ).values_list("body_id", "member_class")
        )
        in_body = {c for b, c in classes if b == body_id}
        pool = in_body or {c for _, c in classes}
        return pool.pop() if len(pool) == 1 else None

    def _ensure_membership(
        self,
        ballot: Ballot,
        org_id: int,
        name: str,
        member_class: str,
        day: dt.date,
        memberships: list[Membership],
        new_memberships: list[Membership],
    ) -> list[Discrepancy]:
        """An organisation voting as an Issuer in a body is a Voting Member there on that date:
        record it as inferred unless a roster (a non-inferred membership) says otherwise."""
        if any(m.member_class == member_class for m in memberships):
            return []
        roster = [m for m in memberships if not m.inferred]
        if roster:
            return [
                _disc(
                    ballot,
                    Discrepancy.Kind.MEMBERSHIP,
                    f"{name} is listed voting as a Certificate {CLASS_LABEL[member_class]} but "
                    f"is a {roster[0].get_member_class_display()} of the {ballot.body.name} on "
                    f"{day.isoformat()}",
                    "",
                )
            ]
        membership = Membership(
            organization_id=org_id,
            body=ballot.body,
            member_class=member_class,
            inferred=True,
            source=f"voted on {ballot.number}",
        )
        memberships.append(membership)
        new_memberships.append(membership)
        return []

    # -- recompute and check

    def check_ballot(self, ballot: Ballot, now: dt.datetime | None = None) -> list[str]:
        """Recompute the result with the rules engine, compare with what the posts state,
        store each disagreement, and set the ballot's state. Returns the messages."""
        ballot.discrepancies.filter(
            kind__in=[
                Discrepancy.Kind.COUNT,
                Discrepancy.Kind.PERCENT,
                Discrepancy.Kind.QUORUM,
                Discrepancy.Kind.OUTCOME,
                Discrepancy.Kind.CLAIM,
            ]
        ).delete()
        summary = summary_of(ballot, now=now)
        computed = summary.computation
        messages = compare_with_post(ballot, computed)
        _bulk_discrepancies(
            [_disc(ballot, kind, message, "") for kind, message in messages],
        )
        if not ballot.managed:  # a chair's ballot keeps the state the chair's steps gave it
            ballot.state = str(summary.phase)
        ballot.outcome = summary.outcome or ""
        ballot.save(update_fields=["state", "outcome"])
        return [m for _, m in messages]


_BROWSER_KEYS = {name_key(n) for n in BROWSERS}
_NOT_A_TITLE_RE = re.compile(
    r"\W*(?:notice\s+of\b|results?\s+of\s+(?:the\s+)?(?:ipr\s+)?review\s+period\b|reserved\b"
    r"|\[?empty\]?\W*$|placeholder\b)",
    re.I,
)
_ELECTION_RE = re.compile(
    r"\belection\b|\belect(?:ed|ing)?\s+(?:a\s+|the\s+)?(?:vice[- ]?)?chair", re.I
)


def _differences(ballot: Ballot, facts: dict) -> list[str]:
    """What a post says of a ballot that differs from the ballot as a chair runs it."""
    out = []
    title = facts.get("title") or ""
    if title and title.strip() != ballot.title.strip():
        out.append(f"title “{title}” (here: “{ballot.title}”)")
    for name in DATE_FIELDS:
        said = (facts.get("dates") or {}).get(name)
        value = _parse_iso(said["value"]) if said else None
        if value is not None and value != getattr(ballot, name):
            here = getattr(ballot, name)
            out.append(
                f"{name.replace('_', ' ')} {value:%Y-%m-%d %H:%M} UTC (here: "
                f"{f'{here:%Y-%m-%d %H:%M} UTC' if here else 'none'})"
            )
    outcome = (facts.get("stated") or {}).get("outcome")
    if outcome and outcome != ballot.published_outcome:
        out.append(f"outcome {outcome} (here: {ballot.published_outcome or 'none announced'})")
    votes = facts.get("votes") or []
    if votes:
        out.append(f"{len(votes)} vote{'s' * (len(votes) != 1)} listed (not imported)")
    return out


def compare_with_post(ballot: Ballot, computed: BallotComputation) -> list[tuple[str, str]]:
    """Every way the published post disagrees with the votes it lists (or, where it names no
    organisation, with the counts it states)."""
    result = computed.result
    stated = ballot.stated or {}
    out: list[tuple[str, str]] = []
    K = Discrepancy.Kind
    # Where the post names no organisation its counts are the votes: nothing to compare.
    listed = computed.counted_from == "votes"
    basis = "the votes listed give" if listed else "the counts it states give"
    for cls, tally in (("issuer", result.tally.issuers), ("consumer", result.tally.consumers)):
        label = CLASS_LABEL[cls]
        for choice in ("yes", "no", "abstain") if listed else ():
            said = stated.get(f"{cls}_{choice}")
            count = getattr(tally, choice)
            if said is not None and said != count:
                out.append(
                    (
                        K.COUNT,
                        f"post says {said} {label} {choice.title()} vote{'s' * (said != 1)}, "
                        f"{count} organisation{'s are' if count != 1 else ' is'} listed",
                    )
                )
        total = stated.get(f"{cls}_total")
        if listed and total is not None and total != tally.participants:
            out.append(
                (
                    K.COUNT,
                    f"post says {total} {label} votes in total, {tally.participants} "
                    f"organisation{'s are' if tally.participants != 1 else ' is'} listed",
                )
            )
        percent = stated.get(f"{cls}_yes_percent")
        if percent is not None and tally.yes_ratio is not None:
            said = Fraction(percent)
            actual = tally.yes_ratio * 100
            if abs(said - actual) >= 1:
                out.append(
                    (
                        K.PERCENT,
                        f"post says {float(said):g}% of {label} votes were Yes, {basis} "
                        f"{float(actual):.2f}%",
                    )
                )
    claims = stated.get("claims") or {}
    for key, tally in (
        ("issuer_threshold", result.tally.issuers),
        ("consumer_threshold", result.tally.consumers),
    ):
        claim = claims.get(key)
        if claim is not None and claim != tally.threshold_met and tally.participants:
            label = "Certificate Issuer" if key.startswith("issuer") else "Certificate Consumer"
            ratio = f"{tally.yes} of {tally.cast} votes cast in favour"
            out.append(
                (
                    K.CLAIM,
                    f"post says the {label} threshold was {'MET' if claim else 'NOT MET'}, "
                    f"but {ratio} {'meets' if tally.threshold_met else 'does not meet'} it",
                )
            )
    claim = claims.get("one_yes_each_class")
    if claim is not None and claim != result.tally.one_yes_each_class:
        out.append(
            (
                K.CLAIM,
                f"post says the one-Yes-in-each-class requirement was "
                f"{'MET' if claim else 'NOT MET'}, the votes listed say otherwise",
            )
        )
    quorum = result.quorum
    claim = claims.get("quorum")
    if claim is not None and quorum.met is not None and claim != quorum.met:
        out.append(
            (
                K.CLAIM,
                f"post says quorum was {'MET' if claim else 'NOT MET'}, but "
                f"{quorum.participants} took part against a quorum of {quorum.required}",
            )
        )
    published = ballot.published_outcome
    if published in ("passed", "failed") and result.outcome and published != result.outcome:
        out.append(
            (
                K.OUTCOME,
                f"post says the ballot {published}, {basis} {result.outcome}: "
                + "; ".join(result.explanation),
            )
        )
    return out


# --- helpers -------------------------------------------------------------------------------------


def _disc(ballot: Ballot, kind: str, message: str, source: str) -> Discrepancy:
    return Discrepancy(ballot=ballot, kind=kind, message=message, source=source)


def _bulk_discrepancies(rows: list[Discrepancy]) -> None:
    unique = {(d.kind, d.message, d.source): d for d in rows}
    Discrepancy.objects.bulk_create(unique.values(), ignore_conflicts=True)


def _merge_stated(stated: list[dict]) -> dict:
    """Newest post first: the first statement of each figure wins; claims merge likewise."""
    merged: dict = {}
    claims: dict = {}
    for s in stated:
        for key, value in s.items():
            if key == "claims":
                for ck, cv in (value or {}).items():
                    claims.setdefault(ck, cv)
            elif value not in (None, []) and key not in merged:
                merged[key] = value
    merged["claims"] = claims
    return merged


def _parse_iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _comparable(value: Any) -> Any:
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def _show(value: Any) -> str:
    if isinstance(value, dict) and "text" in value:
        return f"“{value['text']}”"
    if isinstance(value, dict) and "name" in value:
        org = f" ({value['organization']})" if value.get("organization") else ""
        return f"{value['name']}{org}"
    text = str(value)
    return f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”"


def _combine(statuses: list[str]) -> str:
    if not statuses:
        return "unchanged"
    if all(s == "unchanged" for s in statuses):
        return "unchanged"
    return "created" if "created" in statuses else "updated"
