"""The posts the product writes for a chair, in the layout of the Forum's own posts (the seed
post for SMC07 and ``corpus/cabforum/archetypes/ballot.md``): the voting announcement, the
results post, the IPR Review notice and the adoption notice.

Every number comes from ``selectors.summarise``, never from a second count here, and each
post is a whole file with front matter that ``import_posts`` reads back to the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml
from django.utils import timezone

from governance import bylaws

from .models import Ballot, BallotState, BallotType
from .selectors import summary_of

PUBLIC_LIST = "public@cabforum.org"

KINDS: dict[str, str] = {
    "voting": "Voting announcement",
    "results": "Results post",
    "ipr-review": "IPR Review notice",
    "adoption": "Adoption notice",
}


@dataclass(frozen=True)
class Writeup:
    kind: str
    title: str
    filename: str
    markdown: str


def available(ballot: Ballot, now: dt.datetime | None = None) -> list[str]:
    """The posts that can be written for ``ballot`` as it stands."""
    now = now or timezone.now()
    kinds = []
    if ballot.voting_start and ballot.voting_end:
        kinds.append("voting")
        if ballot.results_announced or ballot.voting_end <= now:
            kinds.append("results")
    if ballot.review_start and ballot.review_end:
        kinds.append("ipr-review")
    if ballot.state in (BallotState.ADOPTED, BallotState.RESCINDED):
        kinds.append("adoption")
    return kinds


def write(ballot: Ballot, kind: str) -> Writeup:
    """The post of ``kind``; LookupError when it cannot be written yet."""
    if kind not in KINDS or kind not in available(ballot):
        raise LookupError(f"no {kind} post can be written for {ballot.number} yet")
    return {
        "voting": voting_announcement,
        "results": results_post,
        "ipr-review": ipr_review_notice,
        "adoption": adoption_notice,
    }[kind](ballot)


# --- Formatting ------------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    """2024-06-05 12:30:00 UTC"""
    return f"{_utc(moment):%Y-%m-%d %H:%M:%S} UTC"


def _day(moment: dt.datetime) -> str:
    """June 12, 2024"""
    m = _utc(moment)
    return f"{m:%B} {m.day}, {m.year}"


def _clock(moment: dt.datetime) -> str:
    """2359 UTC on July 12, 2024"""
    return f"{_utc(moment):%H%M} UTC on {_day(moment)}"


def _name(ballot: Ballot) -> str:
    return f"Ballot {ballot.number}: {ballot.title}"


def _front_matter(ballot: Ballot, title: str, date: dt.datetime, author: str) -> str:
    tags = [t for t in (ballot.body.tag, "Ballot") if t]
    meta = {
        "title": title,
        "author": author or f"{ballot.body.short_name} Chair",
        "date": f"{_utc(date):%Y-%m-%d %H:%M:%S}",
        "tags": tags,
        "type": "post",
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"


def _filename(ballot: Ballot, date: dt.datetime, kind: str) -> str:
    number = "".join(c if c.isalnum() else "-" for c in ballot.number.lower()).strip("-")
    return f"{_utc(date):%Y-%m-%d}-{kind}-ballot-{number}.md"


def _people(ballot: Ballot) -> str:
    # Person reads "Name (Organisation)", as the Forum's posts write proposers and endorsers.
    endorsers = [
        str(e.person)
        for e in ballot.endorsements.select_related("person__organization")
        if e.person
    ]
    if not ballot.proposer:
        return ""
    line = f"This ballot is proposed by {ballot.proposer}"
    if endorsers:
        line += " and endorsed by " + " and ".join(endorsers)
    return line + "."


def _type_sentence(ballot: Ballot) -> str:
    if ballot.ballot_type == BallotType.FINAL_MAINTENANCE_GUIDELINE:
        return "This ballot proposes a Final Maintenance Guideline."
    if ballot.ballot_type == BallotType.FINAL_GUIDELINE:
        return "This ballot proposes a Final Guideline."
    return ""


def _contents(ballot: Ballot) -> str:
    """The ballot itself: purpose, proposer and endorsers, motion and the procedure."""
    parts = [f"## {_name(ballot)}\n"]
    if ballot.purpose.strip():
        parts.append(f"### Purpose of the Ballot\n\n{ballot.purpose.strip()}\n")
    people = _people(ballot)
    if people:
        parts.append(people + "\n")
    redlines = [v for v in ballot.versions.all() if v.url]
    if redlines:
        parts.append(
            "The redline of each version:\n\n"
            + "".join(f"- Version {v.number}: <{v.url}>\n" for v in redlines)
        )
    parts.append(f"--- Motion Begins ---\n\n{ballot.motion.strip()}\n\n--- Motion Ends ---\n")
    procedure = [
        s for s in (_type_sentence(ballot), "The procedure for approval of this ballot is:") if s
    ]
    parts.append(" ".join(procedure) + "\n")
    if ballot.discussion_start:
        end = ballot.discussion_end or ballot.voting_start
        parts.append(
            "**Discussion (at least 7 days)**\n\n"
            f"- Start time: {_stamp(ballot.discussion_start)}\n"
            + (f"- End time: {_stamp(end)}\n" if end else "")
        )
    if ballot.voting_start and ballot.voting_end:
        parts.append(
            "**Vote for approval (7 days)**\n\n"
            f"- Start time: {_stamp(ballot.voting_start)}\n"
            f"- End time: {_stamp(ballot.voting_end)}\n"
        )
    return "\n".join(parts)


# --- The posts -------------------------------------------------------------------------------


def voting_announcement(ballot: Ballot, author: str = "") -> Writeup:
    """The ballot reposted with its voting period (Bylaws 2.3(3))."""
    when = ballot.voting_start
    body = (
        f"Voting on {_name(ballot)} begins at {_stamp(ballot.voting_start)} and ends at "
        f"{_stamp(ballot.voting_end)}. Voting Representatives of Voting Members: please send "
        f"your vote (Yes, No or Abstain) to {ballot.body.mailing_list or PUBLIC_LIST}.\n\n"
        + _contents(ballot)
    )
    title = _name(ballot)
    return Writeup(
        "voting",
        title,
        _filename(ballot, when, "voting"),
        _front_matter(ballot, title, when, author) + body,
    )


def _class_block(label: str, short: str, tally: bylaws.ClassTally, names: dict[str, list[str]]):
    total = tally.participants
    if tally.abstain == 0:
        head = f"{total} vote{'s' if total != 1 else ''} total, with no abstentions:"
    else:
        head = (
            f"{total} vote{'s' if total != 1 else ''} total, including {tally.abstain} "
            f"abstention{'s' if tally.abstain != 1 else ''}:"
        )

    def line(count, verb, who):
        listed = f": {', '.join(who)}" if who else ""
        return f"* {count} {short} {verb}{listed}"

    lines = [
        f"**{label}**",
        head,
        line(tally.yes, "voting YES", names["yes"]),
        line(tally.no, "voting NO", names["no"]),
        line(tally.abstain, "ABSTAIN", names["abstain"]),
    ]
    if tally.cast:
        lines.append(f"\n{bylaws.format_percent(tally.yes_ratio)} of voting {label} voted in favor")
    return "\n".join(lines) + "\n"


def _met(flag: bool | None) -> str:
    return "MET" if flag else "NOT MET"


def results_post(ballot: Ballot, author: str = "") -> Writeup:
    """The results post (Bylaws 2.3(8)): counts and names by class, percentages, each Bylaw
    2.3 requirement met or not, the quorum sentence and what happens next."""
    computation = summary_of(ballot).computation
    result = computation.result
    tally = result.tally
    names = {c: {"yes": [], "no": [], "abstain": []} for c in ("issuer", "consumer")}
    for vote in ballot.votes.select_related("organization"):
        names[vote.member_class][vote.choice].append(vote.organization.name)
    for by_choice in names.values():
        for listed in by_choice.values():
            listed.sort(key=str.lower)

    outcome = result.outcome
    if outcome in ("passed", "failed"):
        verdict = f"has completed, and the ballot has {outcome}."
    else:
        verdict = "has completed; the result could not be determined (see quorum below)."
    quorum = result.quorum
    if quorum.required is not None:
        quorum_sentence = (
            f"The quorum was {quorum.required} for this ballot. This requirement was "
            f"{_met(quorum.met)}."
        )
    else:
        quorum_sentence = f"The quorum could not be determined: {quorum.explanation}."
    one_yes = tally.one_yes_each_class
    lines = [
        f"## Results of {_name(ballot)}\n",
        f"The voting period for “{_name(ballot)}” {verdict}\n",
        "### Voting Results\n",
        _class_block("Certificate Issuers", "Issuers", tally.issuers, names["issuer"]),
        _class_block("Certificate Consumers", "Consumers", tally.consumers, names["consumer"]),
        "**Bylaws Requirements**\n",
        "1. Bylaw 2.3(6) requires:",
        '  * A "yes" vote by two-thirds of Certificate Issuer votes and by 50%-plus-one of '
        "Certificate Consumer votes. Votes to abstain are not counted for this purpose. This "
        f"requirement was {_met(tally.issuers.threshold_met)} for Certificate Issuers and "
        f"{_met(tally.consumers.threshold_met)} for Certificate Consumers.",
        "  * At least one Certificate Issuer and one Certificate Consumer Member must vote in "
        "favor of a ballot for the ballot to be adopted. This requirement was "
        f"{_met(one_yes)}.",
        "2. Bylaw 2.3(7) requires that a ballot result only be considered valid when “more than "
        "half of the number of currently active Members has participated”. The number of "
        "currently active Voting Members is the average number of Voting Member organizations "
        "that have participated in the previous three meetings. Votes to abstain are counted "
        f"in determining quorum. {quorum_sentence}\n",
    ]
    if ballot.quorum_override is not None:
        lines.append(f"The Chair set the quorum for this ballot: {ballot.quorum_override_reason}\n")
    if outcome == "passed" and ballot.is_draft_guideline_ballot:
        days = bylaws.REVIEW_DAYS[bylaws.BallotType(ballot.ballot_type)]
        end = ballot.review_end
        ending = f" The IP Rights Review Period ends at {_clock(end)}." if end else ""
        lines.append(
            f"This ballot now enters the {days}-day IP Rights Review Period to permit members "
            f"to review the ballot for relevant IP rights issues.{ending}\n"
        )
    when = ballot.results_announced or ballot.voting_end
    title = _name(ballot)
    markdown = (
        _front_matter(ballot, title, when, author) + "\n".join(lines) + "\n" + _contents(ballot)
    )
    return Writeup("results", f"Results of {title}", _filename(ballot, when, "results"), markdown)


def ipr_review_notice(ballot: Ballot, author: str = "") -> Writeup:
    """The Review Notice (IPR Policy 4.1, Bylaws 2.4(5))."""
    days = bylaws.REVIEW_DAYS[bylaws.BallotType(ballot.ballot_type)]
    kind = "Final Maintenance Guideline" if days == 30 else "Final Guideline"
    lists = ballot.body.mailing_list or PUBLIC_LIST
    body = (
        f"## IPR Review of {_name(ballot)}\n\n"
        "This Review Notice is sent pursuant to Section 4.1 of the CA/Browser Forum’s "
        f"Intellectual Property Rights Policy (v1.3). This {days}-day Review Period is for the "
        f"{kind} that is attached to this Review Notice.\n\n"
        f"Ballot for Review: Ballot {ballot.number}\n\n"
        f"Start of Review Period: {_day(ballot.review_start)}\n\n"
        f"End of Review Period: {_clock(ballot.review_end)}\n\n"
        "Please forward a written notice to exclude Essential Claims by email to "
        f"{lists} and a copy to the CA/B Forum public mailing list {PUBLIC_LIST} before the "
        "end of the Review Period.\n\n"
        "See current version of CA/Browser Forum Intellectual Property Rights Policy for "
        "details. See also https://cabforum.org/ipr-policy/.\n"
    )
    title = f"IPR Review of {_name(ballot)}"
    return Writeup(
        "ipr-review",
        title,
        _filename(ballot, ballot.review_start, "ipr-review"),
        _front_matter(ballot, _name(ballot), ballot.review_start, author) + body,
    )


def adoption_notice(ballot: Ballot, author: str = "") -> Writeup:
    """The end of the Review Period: adopted, or rescinded with the Patent Advisory Group."""
    end = ballot.effective or ballot.review_end
    if ballot.state == BallotState.ADOPTED:
        text = (
            f"The Intellectual Property Review (IPR) period for Ballot {ballot.number} "
            f"({ballot.title}) has completed. No IPR Exclusion Notices were filed, and the ballot "
            f"is adopted as of {_day(end)}.\n"
        )
    else:
        notices = list(ballot.exclusion_notices.select_related("organization"))
        filed = ", ".join(n.organization.name for n in notices if n.organization) or "a member"
        group = next((n.patent_advisory_group for n in notices if n.patent_advisory_group), "")
        text = (
            f"The Intellectual Property Review (IPR) period for Ballot {ballot.number} "
            f"({ballot.title}) has completed. An IPR Exclusion Notice was filed by {filed}, so "
            f"the ballot is rescinded (Bylaws 2.4(9)) and a Patent Advisory Group is formed"
            + (f": {group}" if group else "")
            + ".\n"
        )
    title = f"{_name(ballot)} adopted" if ballot.state == BallotState.ADOPTED else _name(ballot)
    return Writeup(
        "adoption",
        title,
        _filename(ballot, end, "adoption"),
        _front_matter(ballot, _name(ballot), end, author) + text,
    )
