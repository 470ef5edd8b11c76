"""Ballots, their versions, endorsements, votes, IPR review and what the importer found.

Checked writes are ``ballots.actions``; reads, and the one function that computes a ballot's
result, are ``ballots.selectors``; the rules themselves are ``governance.bylaws``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance import bylaws
from governance.models import VOTING_CLASS_CHOICES, Body, Organization, Person, RuleSet

# The vocabularies are the Bylaws' (``governance.bylaws``), given here as model choices.
BallotType = models.TextChoices(
    "BallotType", [(t.name, (t.value, t.label)) for t in bylaws.BallotType]
)
# A ballot's stored state is its phase (``bylaws.Phase``), kept in step by ``refresh_states``.
BallotState = models.TextChoices(
    "BallotState", [(p.name, (p.value, p.label)) for p in bylaws.Phase]
)
FINAL_STATES = frozenset(p.value for p in bylaws.FINAL_PHASES)


class Outcome(models.TextChoices):
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BallotQuerySet(models.QuerySet):
    def finished(self):
        """Ballots nothing more happens to (``bylaws.FINAL_PHASES``)."""
        return self.filter(state__in=FINAL_STATES)

    def unfinished(self):
        return self.exclude(state__in=FINAL_STATES)

    def with_results(self):
        """Each ballot with what ``selectors.summarise`` reads: its body, its stored result (and
        the rule set that result used) and its last version's date, in the same query. Vote
        counts are read only for a ballot whose result must be computed."""
        # A subquery, not Max() over a join: no GROUP BY over every column of the ballot.
        last_version = BallotVersion.objects.filter(
            ballot=models.OuterRef("pk"), posted_at__isnull=False
        ).order_by("-posted_at")
        return self.select_related("body", "stored_result__rule_set").annotate(
            last_version_at=models.Subquery(last_version.values("posted_at")[:1])
        )


class Ballot(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="ballots")
    number = models.CharField(max_length=40, help_text="as the Forum writes it, e.g. SMC07")
    number_key = models.CharField(
        max_length=40, help_text="normalised id that merges spellings: SC-073 = SC73 = SC-73"
    )
    title = models.CharField(max_length=400)
    ballot_type = models.CharField(
        max_length=32, choices=BallotType.choices, blank=True, help_text="empty: not stated"
    )
    state = models.CharField(max_length=16, choices=BallotState.choices, default=BallotState.DRAFT)
    proposer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_ballots"
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="the zone the ballot states its times in"
    )

    discussion_start = models.DateTimeField(null=True, blank=True)
    discussion_end = models.DateTimeField(null=True, blank=True)
    voting_start = models.DateTimeField(null=True, blank=True)
    voting_end = models.DateTimeField(null=True, blank=True)
    results_announced = models.DateTimeField(null=True, blank=True)
    review_start = models.DateTimeField(null=True, blank=True)
    review_end = models.DateTimeField(null=True, blank=True)
    effective = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # What the published posts state, kept to compare with what the rules compute.
    published_outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    stated_quorum = models.PositiveIntegerField(null=True, blank=True)
    stated = models.JSONField(
        default=dict, blank=True, help_text="counts, percentages and claims the posts state"
    )
    # A chair's figure replaces the computed quorum; the reason is shown with it.
    quorum_override = models.PositiveIntegerField(null=True, blank=True)
    quorum_override_reason = models.TextField(blank=True)
    # THE outcome (``selectors.BallotSummary.outcome``), stored by every write that can change it
    # so that the list can filter on what the badge shows.
    outcome = models.CharField(max_length=12, blank=True, db_index=True)
    # Created or advanced by a chair here: the authority for its state, dates, title and votes.
    # An import never overwrites it; the clock's rules (90-day expiry) decide only for these.
    managed = models.BooleanField(default=False)

    motion = models.TextField(blank=True, help_text="markdown")
    purpose = models.TextField(blank=True, help_text="markdown")
    exclusion_notice_filed = models.BooleanField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change to a ballot, with who made it, written in the same transaction; the texts
    # too, so a corrected draft keeps what it said before (``actions.ballot_edit_draft``).
    history = HistoricalRecords(excluded_fields=["stated"])

    objects = BallotQuerySet.as_manager()

    class Meta:
        ordering = ["-voting_start", "-discussion_start", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number_key"], name="one_ballot_per_id")
        ]
        indexes = [
            models.Index(fields=["state"]),
            models.Index(fields=["body", "state"]),
            models.Index(fields=["voting_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("ballot-detail", args=[self.body.slug, self.number])

    @property
    def is_draft_guideline_ballot(self) -> bool:
        return self.ballot_type in (
            BallotType.FINAL_GUIDELINE,
            BallotType.FINAL_MAINTENANCE_GUIDELINE,
        )


class BallotVersion(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    posted_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.ballot.number} v{self.number}"


class Endorsement(models.Model):
    """Bylaws 2.3(3): two Voting Members other than the proposer's must endorse."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="endorsements")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL)
    endorsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "person"], name="endorsed_once")]

    def __str__(self) -> str:
        return f"{self.person} endorses {self.ballot.number}"


class VoteChoice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"


class VoteSource(models.TextChoices):
    IMPORTED = "imported", "Imported from a post"
    CHAIR = "chair", "Recorded by a chair"


class Vote(models.Model):
    """An organisation's vote on a ballot. One per organisation, enforced by the database
    (Bylaws 2.3(2)); a changed vote replaces this row and leaves a ``VoteChange`` behind."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="votes")
    member_class = models.CharField(max_length=20, choices=VOTING_CLASS_CHOICES)
    class_inferred = models.BooleanField(
        default=False,
        help_text="the post lists both classes together: the class comes from the membership",
    )
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=VoteSource.choices)
    source_ref = models.CharField(
        max_length=500, blank=True, help_text="the post it was imported from, or the mail's link"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_class", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "organization"], name="one_vote_per_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(member_class__in=["issuer", "consumer"]),
                name="vote_in_a_voting_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_choice_display()} on {self.ballot.number}"


class VoteChange(models.Model):
    """Every vote recorded or changed, never overwritten (the history the public can read)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="vote_changes")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT)
    member_class = models.CharField(max_length=20, choices=VOTING_CLASS_CHOICES)
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    previous_choice = models.CharField(max_length=8, choices=VoteChoice.choices, blank=True)
    cast_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=VoteSource.choices)
    source_ref = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.organization} → {self.choice} on {self.ballot.number}"


class ExclusionNotice(models.Model):
    """IPR Policy 4.1, Bylaws 2.4(9): a notice filed during the Review Period rescinds the vote."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="exclusion_notices")
    organization = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL)
    filed_at = models.DateTimeField()
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    patent_advisory_group = models.TextField(blank=True, help_text="the PAG formed, if any")

    class Meta:
        ordering = ["filed_at"]

    def __str__(self) -> str:
        return f"Exclusion notice on {self.ballot.number} by {self.organization}"


class PostSource(models.Model):
    """A published post that contributed to a ballot (a ballot is often published several times)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="sources")
    path = models.CharField(max_length=400, help_text="relative to the imported folder")
    sha256 = models.CharField(max_length=64)
    post_date = models.DateTimeField(null=True, blank=True)
    parsed = models.JSONField(default=dict, help_text="what this post stated, as parsed")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["post_date", "path"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "path"], name="one_source_per_path")
        ]

    def __str__(self) -> str:
        return self.path


class Discrepancy(models.Model):
    """Where a published post disagrees with itself, with another post or with the rules."""

    class Kind(models.TextChoices):
        COUNT = "count", "Stated count differs from the votes listed"
        PERCENT = "percent", "Stated percentage differs from the votes listed"
        QUORUM = "quorum", "Quorum"
        OUTCOME = "outcome", "Stated outcome differs from the computed one"
        CLAIM = "claim", "Boilerplate claim contradicts the numbers"
        CONFLICT = "conflict", "Two posts disagree"
        CHAIR_VOTE = "chair_vote", "Import conflicts with a chair-recorded vote"
        CHAIR_RUN = "chair_run", "Import disagrees with a ballot run here"
        MEMBERSHIP = "membership", "Vote from an organisation that is not a Voting Member"

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    message = models.TextField()
    source = models.CharField(max_length=400, blank=True, help_text="the post, where one")

    class Meta:
        ordering = ["ballot", "kind", "id"]
        verbose_name_plural = "discrepancies"
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "kind", "message", "source"], name="discrepancy_once"
            )
        ]

    def __str__(self) -> str:
        return self.message


class StoredResult(models.Model):
    """A ballot's result as the one pipeline (``selectors.summarise``) computed it when something
    it depends on last changed: a vote, the ballot's dates or published figures, a meeting or its
    attendance, a membership or a rule set of its body, an import. Pages, feeds and the API read
    this row instead of recomputing; ``manage.py recompute_results`` recomputes every row and
    reports any that differed. The phase and deadlines depend on the clock and are not stored."""

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, primary_key=True, related_name="stored_result"
    )
    # ``selectors.BallotComputation`` through ``results.dump``; ``version``: its shape, or
    # ``results.STALE`` while a change it depends on awaits its recomputation.
    computation = models.JSONField(default=dict)
    version = models.PositiveSmallIntegerField(default=0)
    # Raised by every change that makes the row stale; a recomputation stores its result only
    # if no other change came in while it computed (see ``actions.results.store_results``).
    generation = models.PositiveBigIntegerField(default=0)
    rule_set = models.ForeignKey(RuleSet, null=True, blank=True, on_delete=models.SET_NULL)
    computed_at = models.DateTimeField(null=True, blank=True)
    # Copied from ``computation`` for the plots that read every ballot (``glance.turnout``):
    # Voting Members that took part (None: no votes or counts on record), the quorum required
    # (None: not known) and whether it was met.
    participants = models.PositiveIntegerField(null=True, blank=True)
    quorum_required = models.PositiveIntegerField(null=True, blank=True)
    quorum_met = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return f"result of ballot {self.ballot_id}"
