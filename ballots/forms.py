"""The chair's forms: they parse input only; ``ballots.actions`` decides what the Bylaws allow.
Every text field drops control characters, and markdown is bounded in size and nesting
(``ballots.text``), with the reason shown beside the field."""

from __future__ import annotations

from django import forms

from governance.models import MeetingKind, Organization

from .models import BallotType, VoteChoice
from .text import markdown_problem, one_line, strip_controls

UTC_HELP = "UTC. Leave empty for now; give the time of the mail when recording afterwards."


class UTCDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class Text(forms.CharField):
    """One line: a title, a name, a reason."""

    def to_python(self, value):
        return one_line(super().to_python(value))


class LongText(forms.CharField):
    """Several lines of plain text (attendees, a summary), at most 50,000 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50_000)
        super().__init__(**kwargs)

    def to_python(self, value):
        return strip_controls(super().to_python(value))


class Markdown(forms.CharField):
    """A motion, a purpose, minutes: refused when too long or nested too deep to render."""

    widget = forms.Textarea

    def to_python(self, value):
        return strip_controls(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        problem = markdown_problem(value, str(self.label or "The text"))
        if problem:
            raise forms.ValidationError(problem, code="markdown")


def _organizations():
    return Organization.objects.order_by("name")


class AtForm(forms.Form):
    at = forms.DateTimeField(
        label="When (UTC)", required=False, widget=UTCDateTimeInput, help_text=UTC_HELP
    )


class BallotCreateForm(forms.Form):
    number = Text(label="Ballot id", max_length=40)
    title = Text(max_length=400)
    ballot_type = forms.ChoiceField(label="Type", choices=BallotType.choices)
    proposer_name = Text(label="Proposer", max_length=200)
    proposer_organization = forms.ModelChoiceField(
        label="Proposer's organisation", queryset=Organization.objects.none()
    )
    purpose = Markdown(label="Purpose (markdown)", required=False)
    motion = Markdown(label="Motion (markdown)", required=False)
    redline_url = forms.URLField(label="Redline", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer_organization"].queryset = _organizations()


class DraftEditForm(forms.Form):
    """A draft's id, title, type and texts, corrected before it is posted for discussion."""

    number = Text(label="Ballot id", max_length=40)
    title = Text(max_length=400)
    ballot_type = forms.ChoiceField(label="Type", choices=BallotType.choices)
    purpose = Markdown(label="Purpose (markdown)", required=False)
    motion = Markdown(label="Motion (markdown)", required=False)


class DraftDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="Delete this draft (the history keeps a record of it)", required=True
    )


class VersionForm(AtForm):
    url = forms.URLField(label="Redline of this version", required=False, assume_scheme="https")
    note = Text(label="What changed", required=False, max_length=1000)


class EndorseForm(AtForm):
    person_name = Text(label="Endorser", max_length=200)
    organization = forms.ModelChoiceField(
        label="Endorser's organisation", queryset=Organization.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()


class WithdrawForm(AtForm):
    reason = Text(required=False, max_length=500)


class VoteForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    choice = forms.ChoiceField(label="Vote", choices=VoteChoice.choices)
    cast_at = forms.DateTimeField(
        label="Mail sent (UTC)", widget=UTCDateTimeInput, help_text="the time of the vote's mail"
    )
    message_url = forms.URLField(label="Mail", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()


class ExclusionNoticeForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    filed_at = forms.DateTimeField(label="Filed (UTC)", widget=UTCDateTimeInput)
    summary = LongText(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label="Notice", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()


class CloseReviewForm(AtForm):
    patent_advisory_group = Text(
        label="Patent Advisory Group (only when a notice was filed)",
        required=False,
        max_length=1000,
    )


class QuorumForm(forms.Form):
    quorum = forms.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        help_text="empty: use the quorum computed from attendance",
    )
    reason = Text(required=False, max_length=1000)


class MeetingForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=MeetingKind.choices)
    title = Text(required=False, max_length=300, help_text="empty: the usual title")
    attendees = LongText(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One per line, as the minutes write them: “Name - (Organisation)”.",
    )
    minutes = Markdown(label="Minutes (markdown)", required=False)
    member_only = forms.BooleanField(label="Members only", required=False)
