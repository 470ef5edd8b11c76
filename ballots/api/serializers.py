"""What the API answers, declared for the OpenAPI schema, and built from the selectors' own
results (``selectors.summarise``): the figures are the pages' figures, never counted again."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from governance import bylaws

from ..models import Ballot
from ..roster import not_voted
from ..selectors import BallotSummary

DATE_FIELDS = [
    "discussion_start",
    "discussion_end",
    "voting_start",
    "voting_end",
    "results_announced",
    "review_start",
    "review_end",
    "effective",
    "withdrawn_at",
]


def _iso(value):
    return value.isoformat() if value else None


class ClassTallySerializer(serializers.Serializer):
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    cast = serializers.IntegerField(help_text="Yes + No: the votes the threshold is taken of")
    yes_percent = serializers.CharField(allow_null=True, help_text="as the posts write it")
    threshold = serializers.CharField(help_text="the class's threshold in words")
    threshold_met = serializers.BooleanField()


class TallySerializer(serializers.Serializer):
    issuers = ClassTallySerializer()
    consumers = ClassTallySerializer()
    participants = serializers.IntegerField(help_text="every Yes, No and Abstain (2.3(7))")


class VerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["verified", "disagrees", "cannot check"])
    words = serializers.CharField()


class QuorumSerializer(serializers.Serializer):
    required = serializers.IntegerField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    source = serializers.CharField(help_text="attendance, stated, override, transitional, unknown")
    explanation = serializers.CharField()
    stated = serializers.IntegerField(allow_null=True, help_text="the figure the post states")
    notes = serializers.ListField(child=serializers.CharField())


class BallotSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="as the Forum writes it, e.g. SMC07")
    body = serializers.CharField()
    title = serializers.CharField()
    ballot_type = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text="the stored state (a phase)")
    phase = serializers.CharField(help_text="where it stands now")
    outcome = serializers.CharField(
        allow_null=True,
        help_text="THE outcome: published, else computed once voting ended, else null",
    )
    published_outcome = serializers.CharField(allow_null=True)
    computed_outcome = serializers.CharField(allow_null=True)
    verification = VerificationSerializer(allow_null=True)
    so_far = serializers.CharField(help_text="during voting, where the count stands")
    tally = TallySerializer()
    dates = serializers.DictField(child=serializers.CharField(allow_null=True))
    url = serializers.CharField(help_text="the ballot's page")
    api_url = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)
    rule = serializers.CharField()
    overdue = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    organization = serializers.CharField(allow_null=True)


class SourceSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="in the Forum website's repository, under content/")
    url = serializers.CharField(help_text="its cabforum.org address, where known")
    post_date = serializers.DateTimeField(allow_null=True)


class BallotDetailSerializer(BallotSerializer):
    explanation = serializers.ListField(child=serializers.CharField(), help_text="each rule")
    needs = serializers.ListField(child=serializers.CharField())
    quorum = QuorumSerializer()
    rule_set = serializers.CharField(allow_null=True, help_text="the source document")
    rule_set_note = serializers.CharField()
    deadlines = DeadlineSerializer(many=True)
    proposer = PersonSerializer(allow_null=True)
    endorsers = PersonSerializer(many=True)
    versions = serializers.ListField(child=serializers.DictField())
    discrepancies = serializers.ListField(child=serializers.CharField())
    sources = SourceSerializer(many=True)
    votes_url = serializers.CharField()
    not_voted = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        allow_null=True,
        help_text="during voting: the Voting Members of each class that have not voted",
    )
    motion = serializers.CharField(help_text="markdown, as published")
    purpose = serializers.CharField()


class VoteSerializer(serializers.Serializer):
    organization = serializers.CharField()
    organization_slug = serializers.CharField()
    member_class = serializers.CharField()
    class_inferred = serializers.BooleanField()
    choice = serializers.CharField()
    cast_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()
    source_ref = serializers.CharField()


class VoteChangeSerializer(serializers.Serializer):
    organization = serializers.CharField()
    previous_choice = serializers.CharField()
    choice = serializers.CharField()
    cast_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()
    recorded_by = serializers.CharField(allow_null=True)
    recorded_at = serializers.DateTimeField()


class VotesSerializer(serializers.Serializer):
    ballot = serializers.CharField()
    votes = VoteSerializer(many=True)
    not_counted = serializers.ListField(child=serializers.CharField())
    changes = VoteChangeSerializer(many=True)


class StepResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    ballot = BallotDetailSerializer()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="why, in words a chair understands")


# --- built from the summaries ---------------------------------------------------------------


def _class_tally(t: bylaws.ClassTally) -> dict:
    ratio = t.yes_ratio
    return {
        "yes": t.yes,
        "no": t.no,
        "abstain": t.abstain,
        "cast": t.cast,
        "yes_percent": bylaws.format_percent(ratio) if ratio is not None else None,
        "threshold": t.requirement,
        "threshold_met": t.threshold_met,
    }


def ballot_item(summary: BallotSummary) -> dict:
    ballot, tally = summary.ballot, summary.tally
    verification = summary.verification
    return {
        "id": ballot.number,
        "body": ballot.body.slug,
        "title": ballot.title,
        "ballot_type": ballot.ballot_type or None,
        "state": ballot.state,
        "phase": str(summary.phase),
        "outcome": summary.outcome,
        "published_outcome": ballot.published_outcome or None,
        "computed_outcome": summary.computed_outcome,
        "verification": (
            {"status": verification.status, "words": verification.words} if verification else None
        ),
        "so_far": summary.so_far,
        "tally": {
            "issuers": _class_tally(tally.issuers),
            "consumers": _class_tally(tally.consumers),
            "participants": tally.participants,
        },
        "dates": {name: _iso(getattr(ballot, name)) for name in DATE_FIELDS},
        "url": ballot.get_absolute_url(),
        "api_url": reverse("api-ballot", args=[ballot.body.slug, ballot.number]),
    }


def _person(person) -> dict | None:
    if person is None:
        return None
    return {
        "name": person.name,
        "organization": person.organization.name if person.organization_id else None,
    }


def ballot_detail(summary: BallotSummary, now) -> dict:
    ballot, result = summary.ballot, summary.result
    computation = summary.computation
    return {
        **ballot_item(summary),
        "explanation": list(result.explanation),
        "needs": list(result.tally.needs),
        "quorum": {
            "required": result.quorum.required,
            "met": result.quorum.met,
            "source": result.quorum.source,
            "explanation": result.quorum.explanation,
            "stated": ballot.stated_quorum,
            "notes": list(computation.attendance_notes),
        },
        "rule_set": summary.rule_set.source_document if summary.rule_set else None,
        "rule_set_note": computation.rule_set_note,
        "deadlines": [
            {
                "key": d.key,
                "label": d.label,
                "due": d.due,
                "done_at": d.done_at,
                "rule": d.rule,
                "overdue": d.is_overdue(now),
            }
            for d in summary.deadlines
        ],
        "proposer": _person(ballot.proposer),
        "endorsers": [_person(e.person) for e in ballot.endorsements.all() if e.person],
        "versions": [
            {"number": v.number, "posted_at": _iso(v.posted_at), "note": v.note, "url": v.url}
            for v in ballot.versions.all()
        ],
        "discrepancies": [d.message for d in ballot.discrepancies.all()],
        "sources": [
            {"path": s.path, "url": (s.parsed or {}).get("url", ""), "post_date": s.post_date}
            for s in ballot.sources.all()
        ],
        "votes_url": reverse("api-ballot-votes", args=[ballot.body.slug, ballot.number]),
        # During voting, who has not voted yet (votes are public in the Forum); else null.
        "not_voted": (
            {cls: [o.name for o in orgs] for cls, orgs in not_voted(ballot).items()}
            if str(summary.phase) == "voting"
            else None
        ),
        "motion": ballot.motion,
        "purpose": ballot.purpose,
    }


def votes_of(ballot: Ballot) -> dict:
    return {
        "ballot": ballot.number,
        "votes": [
            {
                "organization": v.organization.name,
                "organization_slug": v.organization.slug,
                "member_class": v.member_class,
                "class_inferred": v.class_inferred,
                "choice": v.choice,
                "cast_at": v.cast_at,
                "source": v.source,
                "source_ref": v.source_ref,
            }
            for v in ballot.votes.all()
        ],
        "not_counted": list((ballot.stated or {}).get("not_counted") or []),
        "changes": [
            {
                "organization": c.organization.name,
                "previous_choice": c.previous_choice,
                "choice": c.choice,
                "cast_at": c.cast_at,
                "source": c.source,
                "recorded_by": c.recorded_by.get_username() if c.recorded_by else None,
                "recorded_at": c.recorded_at,
            }
            for c in ballot.vote_changes.all()
        ],
    }


# --- bodies, members, organisations, meetings (declared for the schema) ---------------------


class RuleSetSerializer(serializers.Serializer):
    source_document = serializers.CharField()
    effective_from = serializers.DateField(allow_null=True)
    citation = serializers.CharField(help_text="the quoted text the rules come from")
    interpretation = serializers.CharField(help_text="the reading chosen, with the reasons")
    meetings_counted = serializers.IntegerField()


class BodyDetailSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    ballot_prefix = serializers.CharField()
    url = serializers.CharField()
    rule_set = RuleSetSerializer(allow_null=True)
    rule_set_note = serializers.CharField()
    members_url = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    organization = serializers.CharField()
    slug = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    inferred = serializers.BooleanField(help_text="inferred from votes in imported posts")


class MembersSerializer(serializers.Serializer):
    body = serializers.CharField()
    on = serializers.DateField()
    members = serializers.DictField(
        child=MemberSerializer(many=True), help_text="by class: issuer, consumer, associate, …"
    )


class OrganizationSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField(), help_text="every name written")
    url = serializers.CharField()


class OrganizationDetailSerializer(OrganizationSerializer):
    memberships = serializers.ListField(child=serializers.DictField())
    votes = serializers.ListField(child=serializers.DictField())


class MeetingSerializer(serializers.Serializer):
    body = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    member_only = serializers.BooleanField()
    attendance = serializers.ListField(child=serializers.CharField())


class MeetingCreatedSerializer(serializers.Serializer):
    body = serializers.CharField()
    date = serializers.DateField()
    title = serializers.CharField()
    attendance = serializers.IntegerField()


class BallotCreateRequest(serializers.Serializer):
    number = serializers.CharField(help_text="the body's numbering, e.g. SMC09")
    title = serializers.CharField()
    ballot_type = serializers.ChoiceField(choices=[t.value for t in bylaws.BallotType])
    proposer_name = serializers.CharField()
    proposer_organization = serializers.IntegerField(help_text="an organisation's id")
    purpose = serializers.CharField(required=False)
    motion = serializers.CharField(required=False)
    redline_url = serializers.URLField(required=False)


class MeetingRequest(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["teleconference", "face_to_face", "subcommittee"])
    title = serializers.CharField(required=False)
    attendees = serializers.CharField(help_text="one “Name - (Organisation)” per line")
    minutes = serializers.CharField(required=False)
    member_only = serializers.BooleanField(required=False)
