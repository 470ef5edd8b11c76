"""Plain data a parsed post turns into: the contract between parsing and storing.

Parsing (``ballots.posts.parse``) is pure: text in, these dataclasses out, no ORM.
Storing (``ballots.posts.store``) takes them and writes models in one transaction per post.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

MemberClassName = Literal["issuer", "consumer"]
Choice = Literal["yes", "no", "abstain"]
BallotType = Literal["final_guideline", "final_maintenance_guideline", "other"]
Outcome = Literal["passed", "failed", "withdrawn"]
MeetingKind = Literal["teleconference", "face_to_face", "subcommittee"]
BodySlug = Literal["forum", "scwg", "smcwg", "cscwg", "netsec", "dgwg"]


@dataclass(frozen=True)
class Problem:
    """Something wrong or doubtful in a post, named by file and (where known) line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class PostError(Exception):
    """A post that cannot be parsed at all. Carries the file, line and reason."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.problem = Problem(path=path, message=message, line=line)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class ParsedPerson:
    name: str
    organization: str | None = None  # as written in the post


@dataclass(frozen=True)
class ParsedDate:
    """A moment a post states. ``value`` is timezone-aware and in UTC."""

    value: dt.datetime
    text: str  # as written, e.g. "2024-05-24 12:30:00 UTC" or "2359 UTC on July 12, 2024"
    zone: str = "UTC"  # IANA name of the zone the post wrote it in, e.g. "America/New_York"
    date_only: bool = False  # the post gave a day without a time
    hedge: str | None = None  # e.g. "not before"
    line: int | None = None


@dataclass(frozen=True)
class ParsedVote:
    organization: str  # as written in the post
    choice: Choice
    member_class: MemberClassName | None  # None where the post lists both classes together
    line: int | None = None


@dataclass(frozen=True)
class ParsedVersion:
    number: int
    posted_at: ParsedDate | None = None
    note: str = ""


@dataclass
class StatedResult:
    """What the post itself says about the result; every field is None when not stated."""

    issuer_yes: int | None = None
    issuer_no: int | None = None
    issuer_abstain: int | None = None
    issuer_total: int | None = None  # "15 votes total"
    consumer_yes: int | None = None
    consumer_no: int | None = None
    consumer_abstain: int | None = None
    consumer_total: int | None = None
    issuer_yes_percent: Fraction | None = None  # as stated, e.g. Fraction(100)
    consumer_yes_percent: Fraction | None = None
    quorum: int | None = None  # "The quorum was 7 for this ballot"
    participants: int | None = None  # where the post states how many took part
    outcome: Outcome | None = None
    # Votes the post names as not counted (late, on the wrong list, disqualified), as it says
    # them: "1 yes on Management list (not counted in vote total) – CNNIC".
    not_counted: list[str] = field(default_factory=list)
    # Claims the boilerplate makes, e.g. {"issuer_threshold": True, "consumer_threshold": True,
    # "one_yes_each_class": True, "quorum": True}: True for "MET", False for "NOT MET".
    claims: dict[str, bool] = field(default_factory=dict)


@dataclass
class ParsedBallot:
    path: str  # relative to the folder imported, POSIX separators
    ballot_id: str  # as the Forum writes it in this post: "SMC07", "SC-073", "Ballot 164"
    body: BodySlug | None  # from the id and the tags
    number_key: str  # normalised id used to merge posts: "SMC-7", "SC-73", "164", "FORUM-20"
    title: str  # without the id
    ballot_type: BallotType | None = None
    proposer: ParsedPerson | None = None
    endorsers: list[ParsedPerson] = field(default_factory=list)
    versions: list[ParsedVersion] = field(default_factory=list)
    discussion_start: ParsedDate | None = None
    discussion_end: ParsedDate | None = None
    voting_start: ParsedDate | None = None
    voting_end: ParsedDate | None = None
    review_start: ParsedDate | None = None
    review_end: ParsedDate | None = None
    effective: ParsedDate | None = None  # adoption / effective date where stated
    votes: list[ParsedVote] = field(default_factory=list)
    stated: StatedResult = field(default_factory=StatedResult)
    exclusion_notice_filed: bool | None = None  # None: the post does not say
    motion: str = ""  # markdown, between "Motion Begins" and "Motion Ends" where marked
    purpose: str = ""  # markdown: summary / purpose / statement of intent
    post_date: dt.datetime | None = None  # front matter date, aware UTC
    author: str = ""
    tags: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    public_url: str = ""  # its address on cabforum.org, from the front matter


@dataclass(frozen=True)
class ParsedAttendee:
    name: str
    organization: str | None  # as written


@dataclass
class ParsedMinutes:
    path: str
    body: BodySlug
    date: dt.date  # the meeting's date (not the post's)
    kind: MeetingKind
    title: str
    attendees: list[ParsedAttendee] = field(default_factory=list)
    text: str = ""  # the minutes' markdown
    post_date: dt.datetime | None = None
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ParsedPost:
    """One file's result. ``kind`` says which of the other fields hold it."""

    path: str
    kind: Literal["ballot", "minutes", "skipped"]
    ballots: list[ParsedBallot] = field(default_factory=list)  # a post may announce several
    minutes: ParsedMinutes | None = None
    reason: str = ""  # why it was skipped
    warnings: list[Problem] = field(default_factory=list)
