"""The admin for ballots, versions, endorsements, votes and their change history, sources and
discrepancies."""

from django.contrib import admin

from .models import (
    Ballot,
    BallotVersion,
    Discrepancy,
    Endorsement,
    ExclusionNotice,
    PostSource,
    Vote,
    VoteChange,
)


class ReadOnlyAdminMixin:
    """Votes and their history are written only by ``actions.vote_record`` (with a VoteChange
    row) and by the importer: the admin shows them and changes nothing, so no change escapes
    the public history. A chair changes a vote on the ballot's page."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VoteInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Vote
    extra = 0
    fields = ["organization", "member_class", "choice", "cast_at", "source", "source_ref"]
    readonly_fields = fields


class VersionInline(admin.TabularInline):
    model = BallotVersion
    extra = 0


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ["person", "organization"]


class ExclusionNoticeInline(admin.TabularInline):
    model = ExclusionNotice
    extra = 0


class DiscrepancyInline(admin.TabularInline):
    model = Discrepancy
    extra = 0
    fields = ["kind", "message", "source"]
    readonly_fields = ["kind", "message", "source"]
    can_delete = False


class PostSourceInline(admin.TabularInline):
    model = PostSource
    extra = 0
    fields = ["path", "post_date", "sha256", "imported_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "body",
        "ballot_type",
        "state",
        "voting_start",
        "published_outcome",
        "discrepancy_count",
    ]
    list_filter = ["body", "state", "ballot_type", "published_outcome"]
    search_fields = ["number", "number_key", "title", "motion"]
    date_hierarchy = "voting_start"
    autocomplete_fields = ["proposer"]
    list_select_related = ["body"]
    inlines = [
        VoteInline,
        EndorsementInline,
        VersionInline,
        ExclusionNoticeInline,
        DiscrepancyInline,
        PostSourceInline,
    ]
    fieldsets = [
        (None, {"fields": ["body", "number", "number_key", "title", "ballot_type", "state"]}),
        ("People", {"fields": ["proposer"]}),
        (
            "Dates",
            {
                "fields": [
                    "time_zone",
                    ("discussion_start", "discussion_end"),
                    ("voting_start", "voting_end"),
                    "results_announced",
                    ("review_start", "review_end"),
                    "effective",
                    "withdrawn_at",
                ]
            },
        ),
        (
            "Result as published",
            {"fields": ["published_outcome", "stated_quorum", "stated", "exclusion_notice_filed"]},
        ),
        ("Quorum override", {"fields": ["quorum_override", "quorum_override_reason"]}),
        ("Text", {"fields": ["purpose", "motion"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_discrepancies=Count("discrepancies"))

    @admin.display(description="Discrepancies", ordering="_discrepancies")
    def discrepancy_count(self, obj):
        return obj._discrepancies


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["ballot", "organization", "member_class", "choice", "cast_at", "source"]
    list_filter = ["ballot__body", "member_class", "choice", "source"]
    search_fields = ["ballot__number", "organization__name"]
    list_select_related = ["ballot", "organization"]


@admin.register(VoteChange)
class VoteChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recorded_at", "ballot", "organization", "previous_choice", "choice", "source"]
    list_filter = ["ballot__body", "source"]
    search_fields = ["ballot__number", "organization__name"]
    list_select_related = ["ballot", "organization"]


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ["ballot", "kind", "message", "source"]
    list_filter = ["kind", "ballot__body"]
    search_fields = ["ballot__number", "message", "source"]
    list_select_related = ["ballot"]


@admin.register(ExclusionNotice)
class ExclusionNoticeAdmin(admin.ModelAdmin):
    list_display = ["ballot", "organization", "filed_at"]
    autocomplete_fields = ["ballot", "organization"]


@admin.register(PostSource)
class PostSourceAdmin(admin.ModelAdmin):
    list_display = ["path", "ballot", "post_date", "imported_at"]
    search_fields = ["path", "ballot__number"]
    list_select_related = ["ballot"]


admin.site.register(BallotVersion)
admin.site.register(Endorsement)
