"""The admin for the standing structure: bodies and their rule sets, organisations and their
names, memberships, people, meetings and attendance, officers and members."""

from django.contrib import admin, messages
from django.utils import timezone

from .models import (
    ApiToken,
    Attendance,
    Body,
    Meeting,
    Member,
    Membership,
    Officer,
    Organization,
    OrganizationAlias,
    Person,
    RuleSet,
)
from .organizations import merge_organizations


class RuleSetInline(admin.StackedInline):
    model = RuleSet
    extra = 0
    show_change_link = True
    fields = ["effective_from", "source_document", "interpretation"]
    readonly_fields = ["interpretation"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "tag", "ballot_prefix", "mailing_list"]
    search_fields = ["name", "short_name", "tag"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [RuleSetInline]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "body",
        "effective_from",
        "source_document",
        "issuer_rule",
        "consumer_rule",
        "quorum_rule",
        "transitional_quorum",
        "adoption_requires_meetings",
    ]
    list_filter = ["body"]
    search_fields = ["source_document", "citation", "interpretation"]
    fieldsets = [
        (None, {"fields": ["body", "effective_from", "source_document", "citation"]}),
        (
            "Approval thresholds (Bylaws 2.3(6))",
            {
                "fields": [
                    ("issuer_threshold_numerator", "issuer_threshold_denominator"),
                    "issuer_threshold_inclusive",
                    ("consumer_threshold_numerator", "consumer_threshold_denominator"),
                    "consumer_threshold_inclusive",
                    "require_yes_in_each_class",
                ]
            },
        ),
        (
            "Quorum (Bylaws 2.3(7))",
            {
                "fields": [
                    ("quorum_fraction_numerator", "quorum_fraction_denominator"),
                    "quorum_strict",
                    "average_rounding",
                    "meetings_counted",
                    "transitional_quorum",
                    "adoption_requires_meetings",
                ]
            },
        ),
        ("Interpretation of ambiguous texts", {"fields": ["interpretation"]}),
    ]

    @admin.display(description="Issuers")
    def issuer_rule(self, obj):
        return f"{'≥' if obj.issuer_threshold_inclusive else '>'} {obj.issuer_threshold}"

    @admin.display(description="Consumers")
    def consumer_rule(self, obj):
        return f"{'≥' if obj.consumer_threshold_inclusive else '>'} {obj.consumer_threshold}"

    @admin.display(description="Quorum")
    def quorum_rule(self, obj):
        return (
            f"{'>' if obj.quorum_strict else '≥'} {obj.quorum_fraction} × average of "
            f"{obj.meetings_counted} meetings"
        )


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1
    fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["body", "member_class", "start", "end", "inferred", "source"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "needs_review"]
    list_filter = ["needs_review", "memberships__body"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, MembershipInline]
    actions = ["merge"]

    @admin.action(description="Merge the selected organisations into one")
    def merge(self, request, queryset):
        """Into the first selected that is not marked for review (the oldest, if all are):
        votes, memberships and attendance move, and the other names become aliases."""
        chosen = sorted(queryset, key=lambda o: (o.needs_review, o.pk))
        if len(chosen) < 2:
            self.message_user(request, "Select two or more organisations.", messages.WARNING)
            return
        keep, others = chosen[0], chosen[1:]
        names = ", ".join(o.name for o in others)
        try:
            moved = merge_organizations(keep, others)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        what = ", ".join(f"{n} {kind}" for kind, n in moved.items()) or "nothing else"
        self.message_user(request, f"Merged {names} into {keep}: moved {what}.")


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "body", "member_class", "start", "end", "inferred"]
    list_filter = ["body", "member_class", "inferred"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "body"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "is_voting_representative"]
    list_filter = ["is_voting_representative"]
    search_fields = ["name", "organization__name", "email"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["name_as_written", "person", "organization"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "kind", "title", "attendee_count"]
    list_filter = ["body", "kind"]
    search_fields = ["title", "minutes"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]
    list_select_related = ["body"]

    @admin.display(description="Attendees")
    def attendee_count(self, obj):
        return obj.attendance.count()


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "start", "end"]
    list_filter = ["body", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["user", "organization"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Site keys for the Forum's website (X-API-KEY) and chairs' personal tokens. A key is made
    when the row is added and shown once, in the message; only its hash is kept."""

    list_display = ["name", "kind", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["kind"]
    fields = ["kind", "name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, key = ApiToken.issue(kind=obj.kind, name=obj.name, user=obj.user)
        obj.pk = token.pk
        self.message_user(
            request,
            f"The key of “{token.name}” is {key} — copy it now: it is not stored and will not "
            "be shown again.",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token{'s' * (count != 1)} revoked.")
