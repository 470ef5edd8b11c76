"""Votes read from the mails of the Forum's lists, for a chair to confirm: never recorded here.

Votes arrive as short mails on a body's public list ("Mozilla votes "Yes" on Ballot SC-064.",
"GoDaddy abstains on ballot sc-64", "SSC votes: "Yes".", often a reply whose Subject names the
ballot). ``read_sentence`` reads one sentence; ``read_archive`` splits a month of a pipermail
text archive (or an mbox) into mails; ``propose`` turns the mails into one proposal per mail
for a ballot: the organisation (matched through its known names), the choice, the mail's time
and Message-ID, and everything that makes it doubtful, in words.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .posts.ids import find_ids
from .text import one_line

_Q = "\"'“”‘’«»"
_CHOICE = r"(?P<choice>yes|no|abstain|abstains|abstention)"
_VOTES_RE = re.compile(
    rf"^(?P<org>[^\n{_Q}]{{1,80}}?)\s+(?:votes?|is\s+voting)\s*:?\s*[{_Q}]?\s*{_CHOICE}\s*[{_Q}]?"
    rf"(?P<rest>.*)$",
    re.I,
)
_ABSTAINS_RE = re.compile(
    rf"^(?P<org>[^\n{_Q}]{{1,80}}?)\s+[{_Q}]?(?P<choice>abstains?)[{_Q}]?(?P<rest>.*)$", re.I
)
# "Sectigo changes its vote to Yes on SMC07", "DigiCert would like to change our vote to "No"".
_CHANGES_RE = re.compile(
    rf"^(?P<org>[^\n{_Q}]{{1,80}}?)\s+(?:would\s+like\s+to\s+|wishes\s+to\s+|hereby\s+)?"
    rf"chang(?:es|e|ing)\s+(?:its|our|their|the|his|her)\s+vote\s+(?P<before>.{{0,40}}?)\s*to\s*"
    rf"[{_Q}]?\s*{_CHOICE}\s*[{_Q}]?(?P<rest>.*)$",
    re.I,
)
_CHOICE_WORD_RE = re.compile(r"\b(yes|no|abstain|abstains|abstention)\b", re.I)
_DOUBT_RE = re.compile(
    r"\b(?:if|unless|provided|subject\s+to|conditional(?:ly)?|assuming|pending|but\s+only)\b",
    re.I,
)
_CHOICES = {"yes": "yes", "no": "no", "abstain": "abstain", "abstains": "abstain",
            "abstention": "abstain"}  # fmt: skip
_QUOTE_HEADER_RE = re.compile(r"^(?:On\s.+wrote:|-----Original Message-----|From:\s)", re.I)


@dataclass(frozen=True)
class VoteSentence:
    organization: str  # as the mail writes it
    choice: str  # yes | no | abstain
    ballot: str  # the ballot id as written in the sentence, "" when it names none
    doubtful: str  # why the sentence is not a plain vote, "" when it is
    text: str


def read_sentence(text: str) -> VoteSentence | None:
    """The vote a sentence casts, or None when it casts none."""
    text = one_line(text).strip(" *_>")
    if not text or len(text) > 400:
        return None
    m = _VOTES_RE.match(text) or _ABSTAINS_RE.match(text) or _CHANGES_RE.match(text)
    if m is None:
        return None
    org = m.group("org").strip(" ,:;-")
    if not org or len(org.split()) > 8 or org.lower() in {"i", "we", "he", "she", "it"}:
        return None
    rest = m.group("rest")
    if "before" in m.groupdict():  # "changes its vote on SC-064 to Yes": the id is before
        rest = f"{m.group('before')} {rest}"
    ids = _ids(rest)
    doubts = []
    if _DOUBT_RE.search(rest):
        doubts.append("the sentence sets a condition")
    choice = _CHOICES[m.group("choice").lower()]
    if {_CHOICES[c.lower()] for c in _CHOICE_WORD_RE.findall(rest)} - {choice}:
        doubts.append("the sentence names more than one choice")
    return VoteSentence(
        organization=org,
        choice=choice,
        ballot=ids[0].written if ids else "",
        doubtful="; ".join(doubts),
        text=text,
    )


@dataclass
class Mail:
    sender: str
    sent_at: dt.datetime | None
    subject: str
    message_id: str
    body: str  # the mail's own text, quoted replies removed


_FROM_LINE_RE = re.compile(r"^From \S+(?: at \S+)?\s+\w{3} \w{3}\s+\d+ [\d:]+ \d{4}\s*$", re.M)


def read_archive(text: str) -> list[Mail]:
    """The mails of a pipermail text archive (``2023-June.txt``) or an mbox, in order. Text with
    no ``From `` separator lines is read as one pasted mail (or plain sentences)."""
    starts = [m.start() for m in _FROM_LINE_RE.finditer(text)]
    if not starts:
        return [Mail("", None, "", "", _own_text(text))]
    chunks = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [_mail(chunk) for chunk in chunks]


def _mail(chunk: str) -> Mail:
    message = email.message_from_string(chunk.split("\n", 1)[1], policy=email.policy.compat32)
    sent_at = None
    if message.get("Date"):
        try:
            sent_at = email.utils.parsedate_to_datetime(message["Date"])
            if sent_at.tzinfo is None:
                sent_at = sent_at.replace(tzinfo=dt.UTC)
        except (TypeError, ValueError):
            sent_at = None
    payload = message.get_payload(decode=False)
    if isinstance(payload, list):
        payload = next(
            (p.get_payload() for p in payload if p.get_content_type() == "text/plain"), ""
        )
    return Mail(
        sender=one_line(str(message.get("From", "")).replace(" at ", "@")),
        sent_at=sent_at,
        subject=one_line(str(message.get("Subject", ""))),
        message_id=one_line(str(message.get("Message-ID", ""))).strip("<>"),
        body=_own_text(str(payload)),
    )


def _own_text(body: str) -> str:
    """The mail without what it quotes: lines starting with '>' and all after 'On … wrote:'."""
    own = []
    for line in body.splitlines():
        if _QUOTE_HEADER_RE.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            own.append(line)
    return "\n".join(own)


@dataclass
class Proposal:
    """One mail's vote for a ballot, for the chair to confirm or drop."""

    mail: Mail
    sentence: VoteSentence | None
    organization_id: int | None = None
    organization_name: str = ""
    doubts: list[str] = field(default_factory=list)

    @property
    def choice(self) -> str:
        return self.sentence.choice if self.sentence else ""

    @property
    def clear(self) -> bool:
        return self.sentence is not None and self.organization_id is not None and not self.doubts


def propose(ballot, mails: Iterable[Mail], find_organization) -> list[Proposal]:
    """A proposal per mail that casts a vote, for ``ballot`` (anything with ``number``,
    ``number_key``, ``voting_start`` and ``voting_end``). ``find_organization`` maps a written
    name to (id, name) or None (``OrganizationResolver``). Doubts, in words: an unknown
    organisation, another ballot's id (or none at all), a mail outside the voting period, a
    later mail from the same organisation that changes its vote, a condition or two choices."""
    proposals: list[Proposal] = []
    for mail in mails:
        sentence = next(
            (s for s in map(read_sentence, re.split(r"\n|(?<=[.!])\s+", mail.body)) if s), None
        )
        if sentence is None:
            continue
        p = Proposal(mail, sentence)
        found = find_organization(sentence.organization)
        if found is None:
            p.doubts.append(f"“{sentence.organization}” is not an organisation the tracker knows")
        else:
            p.organization_id, p.organization_name = found
        named = sentence.ballot or _ballot_in(mail.subject)
        keys = (
            {i.number_key for i in find_ids(named) or find_ids(named.upper())} if named else set()
        )
        if not keys:
            p.doubts.append("neither the sentence nor the Subject names a ballot")
        elif ballot.number_key not in keys:
            p.doubts.append(f"the mail is about {named}, not {ballot.number}")
        if sentence.doubtful:
            p.doubts.append(sentence.doubtful)
        if mail.sent_at and ballot.voting_start and mail.sent_at < ballot.voting_start:
            p.doubts.append("sent before voting opened")
        if mail.sent_at and ballot.voting_end and mail.sent_at >= ballot.voting_end:
            p.doubts.append("sent after voting closed: a late vote is not counted (2.3(4))")
        proposals.append(p)
    _changes(proposals)
    return proposals


def _ids(text: str):
    """The ballot ids in ``text``, in any case ("abstains on ballot sc-64")."""
    return find_ids(text) or find_ids(text.upper())


def _ballot_in(subject: str) -> str:
    ids = _ids(subject)
    return ids[0].written if ids else ""


def _changes(proposals: list[Proposal]) -> None:
    """A later mail from the same organisation: the last one counts (Bylaws 2.3(2))."""
    by_org: dict[int, list[Proposal]] = {}
    for p in proposals:
        if p.organization_id is not None:
            by_org.setdefault(p.organization_id, []).append(p)
    for mails in by_org.values():
        mails.sort(key=lambda p: p.mail.sent_at or dt.datetime.min.replace(tzinfo=dt.UTC))
        for earlier, later in itertools.pairwise(mails):
            if earlier.choice != later.choice:
                later.doubts.append(
                    f"changes {later.organization_name}'s vote from {earlier.choice.title()} "
                    f"to {later.choice.title()} (the last mail counts)"
                )
            earlier.doubts.append("a later mail from the same organisation replaces this one")
