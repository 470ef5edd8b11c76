"""The Forum's standing structure: bodies, their rule sets, organisations and their names,
memberships, people, meetings and attendance, officers and members.

Models stay thin: the rules themselves are ``governance.bylaws`` (pure functions); reads shared
by everything are in ``governance.selectors``, offices in ``governance.offices``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from fractions import Fraction

from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from . import bylaws


class Body(models.Model):
    """The Forum itself or one of its Chartered Working Groups (Bylaws 5.3)."""

    slug = models.SlugField(max_length=16, unique=True, help_text="forum, scwg, smcwg, ...")
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=20, help_text="e.g. SCWG")
    tag = models.CharField(
        max_length=60, blank=True, help_text="the tag the Forum's website gives its posts"
    )
    ballot_prefix = models.CharField(
        max_length=60, blank=True, help_text="how its ballots are numbered, e.g. SC-NNN"
    )
    ballot_id_pattern = models.CharField(
        max_length=200, blank=True, help_text="regular expression matching its ballot ids"
    )
    mailing_list = models.EmailField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.short_name or self.name

    def matches_ballot_id(self, ballot_id: str) -> bool:
        return bool(self.ballot_id_pattern) and bool(
            re.fullmatch(self.ballot_id_pattern, ballot_id.strip(), re.IGNORECASE)
        )


class AverageRounding(models.TextChoices):
    EXACT = "exact", "exact (no rounding)"
    FLOOR = "floor", "rounded down"
    CEIL = "ceil", "rounded up"
    HALF_UP = "half_up", "rounded to nearest, halves up"


class RuleSet(models.Model):
    """One body's voting rules from a date on, with the text they come from (Bylaws 2.3(6)-(7)).

    Rules are data, never constants in code: each charter words them differently, and where a
    text is ambiguous ``interpretation`` records the reading chosen and why.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rule_sets")
    effective_from = models.DateField(
        null=True,
        blank=True,
        help_text="when this text took effect; empty: since the body began (date not stated)",
    )
    source_document = models.CharField(
        max_length=200, help_text="document, version and section, e.g. 'SCWG Charter v1.3, 6'"
    )
    citation = models.TextField(help_text="the quoted text the rules come from")

    issuer_threshold_numerator = models.PositiveSmallIntegerField(default=2)
    issuer_threshold_denominator = models.PositiveSmallIntegerField(default=3)
    issuer_threshold_inclusive = models.BooleanField(
        default=True, help_text="met when the Yes share equals the threshold ('or more')"
    )
    consumer_threshold_numerator = models.PositiveSmallIntegerField(default=1)
    consumer_threshold_denominator = models.PositiveSmallIntegerField(default=2)
    consumer_threshold_inclusive = models.BooleanField(
        default=False, help_text="met when the Yes share equals the threshold"
    )
    require_yes_in_each_class = models.BooleanField(default=True)

    quorum_fraction_numerator = models.PositiveSmallIntegerField(default=1)
    quorum_fraction_denominator = models.PositiveSmallIntegerField(default=2)
    quorum_strict = models.BooleanField(
        default=True,
        help_text="participants must be MORE than the fraction of the average (else at least)",
    )
    average_rounding = models.CharField(
        max_length=10, choices=AverageRounding.choices, default=AverageRounding.EXACT
    )
    meetings_counted = models.PositiveSmallIntegerField(default=3)
    transitional_quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="fixed quorum until that many meetings have occurred"
    )
    adoption_requires_meetings = models.BooleanField(
        default=False, help_text="no ballot may be adopted until that many meetings have occurred"
    )
    interpretation = models.TextField(
        blank=True, help_text="readings chosen where the texts are ambiguous, with the reasons"
    )

    class Meta:
        ordering = ["body__order", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "effective_from"], name="one_rule_set_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(issuer_threshold_denominator__gt=0)
                & models.Q(consumer_threshold_denominator__gt=0)
                & models.Q(quorum_fraction_denominator__gt=0),
                name="rule_set_denominators_positive",
            ),
        ]

    def __str__(self) -> str:
        since = self.effective_from.isoformat() if self.effective_from else "its charter"
        return f"{self.body} rules since {since}"

    @property
    def issuer_threshold(self) -> Fraction:
        return Fraction(self.issuer_threshold_numerator, self.issuer_threshold_denominator)

    @property
    def consumer_threshold(self) -> Fraction:
        return Fraction(self.consumer_threshold_numerator, self.consumer_threshold_denominator)

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_fraction_numerator, self.quorum_fraction_denominator)

    def to_rules(self) -> bylaws.VotingRules:
        """The plain-value rules the engine takes."""
        return bylaws.VotingRules(
            issuer_threshold=self.issuer_threshold,
            issuer_threshold_inclusive=self.issuer_threshold_inclusive,
            consumer_threshold=self.consumer_threshold,
            consumer_threshold_inclusive=self.consumer_threshold_inclusive,
            require_yes_in_each_class=self.require_yes_in_each_class,
            quorum_fraction=self.quorum_fraction,
            quorum_strict=self.quorum_strict,
            average_rounding=self.average_rounding,
            meetings_counted=self.meetings_counted,
            transitional_quorum=self.transitional_quorum,
            adoption_requires_meetings=self.adoption_requires_meetings,
        )


def name_key(name: str) -> str:
    """How two spellings of an organisation's name are compared: case, accents and punctuation
    aside ("D-TRUST" = "D-Trust", "SSL.com" = "SSL com")."""
    return slugify(name).replace("-", "")


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    needs_review = models.BooleanField(
        default=False,
        help_text="created by the importer from a name it could not match: check and merge",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationAlias(models.Model):
    """Another name an organisation appears under in posts ("Certum" for "Asseco ... (Certum)")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "organization aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.organization}"

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


# The membership classes as the Bylaws define them (``bylaws.MemberClass``), as model choices.
MemberClass = models.TextChoices(
    "MemberClass", [(c.name, (c.value, c.singular)) for c in bylaws.MemberClass]
)
VOTING_CLASSES = tuple(c.value for c in bylaws.VOTING_CLASSES)
VOTING_CLASS_CHOICES = [(c.value, c.singular) for c in bylaws.VOTING_CLASSES]


class MembershipQuerySet(models.QuerySet):
    def on(self, day):
        """Memberships in force on ``day`` (start and end inclusive; open ends are open)."""
        return self.filter(
            models.Q(start__isnull=True) | models.Q(start__lte=day),
            models.Q(end__isnull=True) | models.Q(end__gte=day),
        )

    def voting(self):
        return self.filter(member_class__in=VOTING_CLASSES)


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    member_class = models.CharField(max_length=20, choices=MemberClass.choices)
    start = models.DateField(null=True, blank=True, help_text="empty: not known")
    end = models.DateField(null=True, blank=True, help_text="empty: still a member")
    inferred = models.BooleanField(
        default=False, help_text="inferred from a vote or attendance in an imported post"
    )
    source = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__order", "organization__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["body", "member_class"])]

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_member_class_display()} of {self.body}"

    @property
    def is_voting(self) -> bool:
        return self.member_class in VOTING_CLASSES


class Person(models.Model):
    name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    is_voting_representative = models.BooleanField(
        default=False, help_text="designated to vote for their organisation (Bylaws 2.3(2))"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["name", "organization"], name="one_person_per_org_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})" if self.organization_id else self.name


class MeetingKind(models.TextChoices):
    TELECONFERENCE = "teleconference", "Teleconference"
    FACE_TO_FACE = "face_to_face", "Face-to-face meeting"
    SUBCOMMITTEE = "subcommittee", "Subcommittee meeting"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    title = models.CharField(max_length=300)
    minutes = models.TextField(blank=True, help_text="markdown")
    source = models.CharField(max_length=300, blank=True, help_text="the post it came from")
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    member_only = models.BooleanField(
        default=False, help_text="minutes shown only to signed-in members, not the public"
    )

    class Meta:
        ordering = ["-date", "body__order"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date", "title"], name="one_meeting_per_title")
        ]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body} {self.get_kind_display().lower()} {self.date:%Y-%m-%d}"

    @property
    def counts_for_quorum(self) -> bool:
        # Subcommittee meetings are not counted (every charter; Bylaws 2.3(7) counts
        # Forum Meetings and Teleconferences).
        return self.kind != MeetingKind.SUBCOMMITTEE


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    name_as_written = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organization__name", "name_as_written"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name_as_written", "organization"], name="attended_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_as_written or self.person} at {self.meeting}"


class Officer(models.Model):
    """A user who chairs or vice-chairs a body for a period (Bylaws 4.1). Chairs act only in
    the bodies they hold an office in, and only while it lasts."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="offices")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField(max_length=12, choices=Role.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="empty: still in office")

    class Meta:
        ordering = ["body__order", "role", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="office_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.body}"


class Member(models.Model):
    """A user's organisation, for members who sign in (members see member-only material)."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="member")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"


def _new_token() -> str:
    return secrets.token_hex(16)


class Revision(models.Model):
    """How many times the record has changed: one row, bumped by every write (a signal for
    saves and deletes, explicitly after bulk writes). Public pages derive their ETag from it, so
    a repeated request costs one query and a 304, and a recorded vote shows on the next one."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)
    # Made when the row is: a database made anew (or restored) never reuses an old ETag.
    token = models.CharField(max_length=32, default=_new_token, editable=False)

    def __str__(self) -> str:
        return f"revision {self.number} of {self.changed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(
            number=models.F("number") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=1)

    @classmethod
    def current(cls) -> tuple[str, object]:
        """(a key naming this state of the record, when it last changed)."""
        row = cls.objects.filter(pk=1).values_list("token", "number", "changed_at").first()
        if row is None:
            return "none", None
        return f"{row[0]}.{row[1]}", row[2]


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A secret that lets a tool use the API: a chair's personal token (``user`` set; the API
    acts as that user, with that user's offices), or a site key (no user) that the Forum's
    website sends as ``X-API-KEY`` to read the member-tools calls. Only a hash is stored; the
    key is shown once, when it is made. Revoked tokens stay, for the record."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal token (a chair's tools)"
        SITE = "site", "Site key (X-API-KEY, the Forum's website)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="what it is for")
    prefix = models.CharField(max_length=8, editable=False, help_text="to recognise it")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="site", user__isnull=True)
                | models.Q(kind="personal", user__isnull=False),
                name="personal_tokens_have_a_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, kind: str, name: str, user=None) -> tuple[ApiToken, str]:
        """A new token and its key, which is not stored and cannot be shown again."""
        key = "cabf_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            kind=kind, name=name, user=user, prefix=key[5:13], key_hash=_token_hash(key)
        )
        return token, key

    @classmethod
    def find(cls, key: str, kind: str) -> ApiToken | None:
        """The live token with this key, or None."""
        if not key or len(key) > 200:
            return None
        return (
            cls.objects.filter(key_hash=_token_hash(key), kind=kind, revoked_at__isnull=True)
            .select_related("user")
            .first()
        )
