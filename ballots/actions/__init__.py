"""Every checked write, one module per subject, in Zulip's ``zerver/actions`` style: check the
office, lock the ballot's row, check the Bylaws, write, and write the history row, in one
transaction. Views, the commands and the tests call these; nothing else writes a ballot, a vote,
a review or a meeting (the importer stores what posts say, and never over a chair's work).

- ``lifecycle``: create, correct or delete a draft, version, endorse, discussion, voting,
  withdraw, close, announce, expire, quorum override, ``refresh_states``
- ``votes``: ``vote_record``, the one writer of votes
- ``review``: the IPR review and Exclusion Notices
- ``meetings``: a meeting and its attendance
"""

from .common import (
    ANNOUNCED_STATES,
    OPEN_STATES,
    REVIEW_STATES,
    VOTE_STATES,
    WITHDRAWABLE_STATES,
    BylawViolation,
    format_utc,
)
from .lifecycle import (
    ballot_announce_result,
    ballot_close_voting,
    ballot_create,
    ballot_delete_draft,
    ballot_edit_draft,
    ballot_endorse,
    ballot_expire,
    ballot_post_version,
    ballot_start_discussion,
    ballot_start_voting,
    ballot_withdraw,
    endorsing_organizations,
    quorum_override_set,
    refresh_states,
)
from .meetings import AttendeeLine, meeting_record, parse_attendees
from .review import (
    ballot_close_review,
    ballot_start_review,
    exclusion_notice_record,
    review_awaits_closing,
    review_closing_recorded,
)
from .votes import VoteRecorded, vote_record

__all__ = [
    "ANNOUNCED_STATES",
    "OPEN_STATES",
    "REVIEW_STATES",
    "VOTE_STATES",
    "WITHDRAWABLE_STATES",
    "AttendeeLine",
    "BylawViolation",
    "VoteRecorded",
    "ballot_announce_result",
    "ballot_close_review",
    "ballot_close_voting",
    "ballot_create",
    "ballot_delete_draft",
    "ballot_edit_draft",
    "ballot_endorse",
    "ballot_expire",
    "ballot_post_version",
    "ballot_start_discussion",
    "ballot_start_review",
    "ballot_start_voting",
    "ballot_withdraw",
    "endorsing_organizations",
    "exclusion_notice_record",
    "format_utc",
    "meeting_record",
    "parse_attendees",
    "quorum_override_set",
    "refresh_states",
    "review_awaits_closing",
    "review_closing_recorded",
    "vote_record",
]
