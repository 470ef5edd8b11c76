"""The chair's forms: they parse input only; ``ballots.chair`` decides what the Bylaws allow."""

from __future__ import annotations

from django import forms

from governance.models import MeetingKind, Organization

from .models import BallotType, VoteChoice

UTC_HELP = "UTC. Leave empty for now; give the time of the mail when recording afterwards."


class UTCDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


def _organizations():
    return Organization.objects.order_by("name")


class AtForm(forms.Form):
    at = forms.DateTimeField(
        label="When (UTC)", required=False, widget=UTCDateTimeInput, help_text=UTC_HELP
    )


class BallotCreateForm(forms.Form):
    number = forms.CharField(label="Ballot id", max_length=40)
    title = forms.CharField(max_length=400)
    ballot_type = forms.ChoiceField(label="Type", choices=BallotType.choices)
    proposer_name = forms.CharField(label="Proposer", max_length=200)
    proposer_organization = forms.ModelChoiceField(
        label="Proposer's organisation", queryset=Organization.objects.none()
    )
    purpose = forms.CharField(label="Purpose (markdown)", widget=forms.Textarea, required=False)
    motion = forms.CharField(label="Motion (markdown)", widget=forms.Textarea, required=False)
    redline_url = forms.URLField(label="Redline", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer_organization"].queryset = _organizations()


class VersionForm(AtForm):
    url = forms.URLField(label="Redline of this version", required=False, assume_scheme="https")
    note = forms.CharField(label="What changed", required=False, max_length=1000)


class EndorseForm(AtForm):
    person_name = forms.CharField(label="Endorser", max_length=200)
    organization = forms.ModelChoiceField(
        label="Endorser's organisation", queryset=Organization.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()


class WithdrawForm(AtForm):
    reason = forms.CharField(required=False, max_length=500)


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
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label="Notice", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations()


class CloseReviewForm(AtForm):
    patent_advisory_group = forms.CharField(
        label="Patent Advisory Group (only when a notice was filed)",
        required=False,
        max_length=1000,
    )


class QuorumForm(forms.Form):
    quorum = forms.IntegerField(
        min_value=1, required=False, help_text="empty: use the quorum computed from attendance"
    )
    reason = forms.CharField(required=False, max_length=1000)


class MeetingForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=MeetingKind.choices)
    title = forms.CharField(required=False, max_length=300, help_text="empty: the usual title")
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One per line, as the minutes write them: “Name - (Organisation)”.",
    )
    minutes = forms.CharField(label="Minutes (markdown)", required=False, widget=forms.Textarea)
    member_only = forms.BooleanField(label="Members only", required=False)
