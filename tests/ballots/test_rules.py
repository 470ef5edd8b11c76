"""Counting votes and applying the approval thresholds (Bylaws 2.3(2), (5), (6))."""

from fractions import Fraction

import pytest

from governance.bylaws import (
    BallotResult,
    CastVote,
    Choice,
    ClassTally,
    MemberClass,
    VotingRules,
    ballot_result,
    describe_threshold,
    format_percent,
    tally_votes,
    threshold_met,
)

FORUM = VotingRules()


def votes(issuers=(0, 0, 0), consumers=(0, 0, 0)) -> list[CastVote]:
    """Distinct organisations casting (Yes, No, Abstain) in each class."""
    out = []
    for cls, counts in ((MemberClass.ISSUER, issuers), (MemberClass.CONSUMER, consumers)):
        for choice, n in zip(Choice, counts, strict=True):
            out += [CastVote(f"{cls} {choice} {i}", cls, choice) for i in range(n)]
    return out


def test_smc07_worked_example():
    # Seed 000, Ballot SMC07: Issuers 15/0/0, Consumers 2/0/0, 17 took part, quorum 7: passed.
    tally = tally_votes(votes(issuers=(15, 0, 0), consumers=(2, 0, 0)), FORUM)
    assert (tally.issuers.yes, tally.issuers.no, tally.issuers.abstain) == (15, 0, 0)
    assert (tally.consumers.yes, tally.consumers.no, tally.consumers.abstain) == (2, 0, 0)
    assert tally.participants == 17
    assert tally.issuers.yes_ratio == 1 and tally.consumers.yes_ratio == 1
    assert tally.thresholds_met and tally.one_yes_each_class and tally.approved
    assert tally.reasons == (
        "Certificate Issuers: 15 of 15 votes cast in favour (100%), two-thirds or more "
        "required: met",
        "Certificate Consumers: 2 of 2 votes cast in favour (100%), more than half required: met",
        "At least one Yes in each class: met",
    )
    assert tally.needs == ()

    result = ballot_result(
        votes(issuers=(15, 0, 0), consumers=(2, 0, 0)), FORUM, [], stated_quorum=7
    )
    assert result.outcome == "passed"
    assert result.quorum.required == 7
    assert result.quorum.participants == 17
    assert result.quorum.met is True
    assert result.quorum.source == "stated"
    assert result.explanation[-1] == "Result: passed"


@pytest.mark.parametrize(
    ("yes", "no", "met"),
    [
        (2, 1, True),  # exactly two-thirds
        (4, 2, True),
        (20, 10, True),
        (200, 100, True),
        (19, 10, False),  # 19 of 29 = 65.52%
        (199, 100, False),  # 66.56%: just under, and would round to 67% on a slide
        (3, 2, False),
        (1, 1, False),
        (1, 0, True),
        (0, 1, False),
    ],
)
def test_issuer_threshold_two_thirds_or_more(yes, no, met):
    assert threshold_met(yes, no, Fraction(2, 3), inclusive=True) is met
    tally = tally_votes(votes(issuers=(yes, no, 0), consumers=(1, 0, 0)), FORUM)
    assert tally.issuers.threshold_met is met
    assert tally.approved is met


@pytest.mark.parametrize(
    ("yes", "no", "met"),
    [
        (1, 1, False),  # exactly half is not more than half
        (2, 2, False),
        (50, 50, False),
        (2, 1, True),  # just over
        (51, 50, True),
        (1, 0, True),
        (0, 1, False),
    ],
)
def test_consumer_threshold_more_than_half(yes, no, met):
    assert threshold_met(yes, no, Fraction(1, 2), inclusive=False) is met
    tally = tally_votes(votes(issuers=(1, 0, 0), consumers=(yes, no, 0)), FORUM)
    assert tally.consumers.threshold_met is met
    assert tally.approved is met


def test_threshold_comparison_is_exact_not_float():
    # 2/3 as a float is 0.666...6, a hair under two-thirds: an exact comparison still meets it.
    assert threshold_met(2_000_000, 1_000_000, Fraction(2, 3), True)
    assert not threshold_met(1_999_999, 1_000_000, Fraction(2, 3), True)
    with pytest.raises(TypeError):
        threshold_met(2, 1, 2 / 3, True)
    with pytest.raises(TypeError):
        VotingRules(issuer_threshold=0.6667)


def test_boundary_reasons_in_words():
    tally = tally_votes(votes(issuers=(2, 1, 0), consumers=(1, 1, 0)), FORUM)
    assert tally.reasons[0] == (
        "Certificate Issuers: 2 of 3 votes cast in favour (66.67%), two-thirds or more "
        "required: met"
    )
    assert tally.reasons[1] == (
        "Certificate Consumers: 1 of 2 votes cast in favour (50%), more than half required: not met"
    )
    assert tally.needs == ("needs 1 more Consumer Yes to pass",)
    assert not tally.approved


def test_all_abstentions_in_a_class_fails_for_want_of_a_yes():
    tally = tally_votes(votes(issuers=(5, 0, 0), consumers=(0, 0, 3)), FORUM)
    assert tally.consumers.cast == 0
    assert tally.consumers.participants == 3
    assert tally.consumers.yes_ratio is None
    assert not tally.consumers.threshold_met
    assert not tally.one_yes_each_class
    assert not tally.approved
    assert tally.participants == 8
    assert tally.reasons[1:] == (
        "Certificate Consumers: no Yes or No votes cast, 3 abstentions not counted, more than "
        "half required: not met",
        "At least one Yes in each class: not met (no Consumer Yes)",
    )
    assert tally.needs == ("needs 1 more Consumer Yes to pass",)
    result = ballot_result(votes(issuers=(5, 0, 0), consumers=(0, 0, 3)), FORUM, [], override=1)
    assert result.quorum.met is True
    assert result.outcome == "failed"


def test_one_yes_rule_on_its_own():
    # A threshold of "none or more" is met by a lone No; only the one-Yes rule stops it.
    lenient = VotingRules(consumer_threshold=Fraction(0), consumer_threshold_inclusive=True)
    tally = tally_votes(votes(issuers=(3, 0, 0), consumers=(0, 1, 0)), lenient)
    assert tally.thresholds_met
    assert not tally.one_yes_each_class
    assert not tally.approved
    assert tally.needs == ("needs a Consumer Yes to pass",)

    no_rule = VotingRules(
        consumer_threshold=Fraction(0),
        consumer_threshold_inclusive=True,
        require_yes_in_each_class=False,
    )
    tally = tally_votes(votes(issuers=(3, 0, 0), consumers=(0, 1, 0)), no_rule)
    assert tally.approved
    assert not tally.one_yes_each_class
    assert len(tally.reasons) == 2  # no line for a rule these rules do not have


def test_zero_votes_fail():
    tally = tally_votes([], FORUM)
    assert tally.participants == 0
    assert not tally.thresholds_met
    assert not tally.approved
    assert tally.needs == ("needs 1 more Issuer Yes to pass", "needs 1 more Consumer Yes to pass")
    assert tally.reasons[0] == (
        "Certificate Issuers: no Yes or No votes cast, two-thirds or more required: not met"
    )
    result = ballot_result([], FORUM, [], override=0)
    assert result.quorum.met is True
    assert result.outcome == "failed"


def test_abstentions_count_for_quorum_but_not_threshold():
    with_abstentions = votes(issuers=(2, 1, 10), consumers=(1, 0, 2))
    tally = tally_votes(with_abstentions, FORUM)
    assert tally.issuers.cast == 3
    assert tally.issuers.yes_ratio == Fraction(2, 3)
    assert tally.participants == 16
    assert tally.approved
    assert tally.reasons[0] == (
        "Certificate Issuers: 2 of 3 votes cast in favour (66.67%), 10 abstentions not counted, "
        "two-thirds or more required: met"
    )
    # Quorum of 16: met only because the twelve abstentions took part.
    assert ballot_result(with_abstentions, FORUM, [], override=16).outcome == "passed"
    without = votes(issuers=(2, 1, 0), consumers=(1, 0, 0))
    assert ballot_result(without, FORUM, [], override=16).outcome == "failed"


def test_one_organisation_voting_twice_is_refused_by_name():
    twice = [
        CastVote("Acme CA", MemberClass.ISSUER, Choice.YES),
        CastVote("Other CA", MemberClass.ISSUER, Choice.YES),
        CastVote("ACME  ca", MemberClass.ISSUER, Choice.NO),
    ]
    with pytest.raises(ValueError, match=r"ACME  ca appears twice .*Bylaws 2\.3\(2\)"):
        tally_votes(twice, FORUM)
    across_classes = [
        CastVote("Mozilla", MemberClass.CONSUMER, Choice.YES),
        CastVote("Mozilla", MemberClass.ISSUER, Choice.YES),
    ]
    with pytest.raises(ValueError, match="Mozilla appears twice"):
        tally_votes(across_classes, FORUM)


def test_cast_vote_takes_stored_strings():
    vote = CastVote("Apple", "consumer", "abstain")
    assert vote.member_class is MemberClass.CONSUMER
    assert vote.choice is Choice.ABSTAIN
    with pytest.raises(ValueError):
        CastVote("Apple", "associate", "yes")


@pytest.mark.parametrize(
    ("yes", "no", "threshold", "inclusive", "needed"),
    [
        (3, 3, Fraction(2, 3), True, 3),  # 6 of 9
        (2, 1, Fraction(2, 3), True, 0),
        (0, 0, Fraction(2, 3), True, 1),
        (0, 5, Fraction(2, 3), True, 10),
        (2, 3, Fraction(1, 2), False, 2),  # 4 of 7; 3 of 6 is only half
        (1, 1, Fraction(1, 2), False, 1),
        (0, 0, Fraction(1, 2), False, 1),
        (4, 4, Fraction(1, 2), True, 0),
        (0, 0, Fraction(1), True, 1),
        (0, 3, Fraction(0), True, 0),
    ],
)
def test_yes_needed(yes, no, threshold, inclusive, needed):
    tally = ClassTally(MemberClass.ISSUER, yes, no, 7, threshold, inclusive)
    assert tally.yes_needed == needed


def test_yes_needed_when_no_number_of_yes_votes_can_pass():
    unanimity = ClassTally(MemberClass.ISSUER, 9, 1, 0, Fraction(1), True)
    assert unanimity.yes_needed is None
    rules = VotingRules(issuer_threshold=Fraction(1))
    tally = tally_votes(votes(issuers=(9, 1, 0), consumers=(1, 0, 0)), rules)
    assert tally.needs == ("no number of Issuer Yes votes can pass it",)


def test_needs_name_the_count():
    tally = tally_votes(votes(issuers=(3, 3, 0), consumers=(2, 3, 0)), FORUM)
    assert tally.needs == (
        "needs 3 more Issuer Yes votes to pass",
        "needs 2 more Consumer Yes votes to pass",
    )


def outcome(issuers, consumers, **quorum) -> BallotResult:
    return ballot_result(votes(issuers=issuers, consumers=consumers), FORUM, [], **quorum)


def test_outcome_failed_when_not_approved_whatever_the_quorum():
    for quorum in ({"override": 1}, {"override": 100}, {}):
        result = outcome((1, 1, 0), (1, 0, 0), **quorum)
        assert result.outcome == "failed", quorum


def test_outcome_passed_when_approved_and_quorum_met():
    result = outcome((2, 1, 0), (1, 0, 0), override=4)
    assert result.outcome == "passed"
    assert result.quorum.shortfall == 0


def test_outcome_failed_when_quorum_not_met():
    result = outcome((2, 1, 0), (1, 0, 0), override=6)
    assert result.outcome == "failed"
    assert result.quorum.met is False
    assert result.quorum.shortfall == 2
    assert result.explanation[-3:] == (
        "Quorum: 6, the figure the chair set; 4 Voting Members took part: not met",
        "quorum needs 2 more participants",
        "Result: failed",
    )


def test_outcome_unknown_when_quorum_unknown():
    result = outcome((2, 1, 0), (1, 0, 0))
    assert result.quorum.source == "unknown"
    assert result.outcome is None
    assert result.explanation[-1] == (
        "Result: undetermined until quorum is known (the thresholds are met)"
    )


def test_words_and_percentages():
    assert describe_threshold(Fraction(2, 3), True) == "two-thirds or more"
    assert describe_threshold(Fraction(1, 2), False) == "more than half"
    assert describe_threshold(Fraction(1, 2), True) == "half or more"
    assert describe_threshold(Fraction(3, 5), False) == "more than three-fifths"
    assert describe_threshold(Fraction(5, 7), True) == "5/7 or more"
    assert format_percent(Fraction(2, 3)) == "66.67%"
    assert format_percent(Fraction(19, 29)) == "65.52%"
    assert format_percent(Fraction(1, 2)) == "50%"
    assert format_percent(Fraction(133, 200)) == "66.5%"
    assert format_percent(Fraction(1)) == "100%"


def test_voting_rules_are_checked():
    with pytest.raises(ValueError, match="average_rounding"):
        VotingRules(average_rounding="round")
    with pytest.raises(ValueError, match="between 0 and 1"):
        VotingRules(consumer_threshold=Fraction(3, 2))
    with pytest.raises(ValueError, match="meetings_counted"):
        VotingRules(meetings_counted=0)
    assert VotingRules(issuer_threshold=1).issuer_threshold == Fraction(1)
