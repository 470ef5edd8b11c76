"""Properties the rules must keep for every vote count, not only the examples."""

import datetime as dt
import math
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from governance.bylaws import (
    AVERAGE_ROUNDINGS,
    VOTING_CLASSES,
    BallotDates,
    CastVote,
    Choice,
    MemberClass,
    Phase,
    VotingRules,
    add_business_days,
    phase_at,
    quorum_required,
    tally_votes,
    threshold_met,
    voting_end_for,
)

counts = st.tuples(*[st.integers(0, 25)] * 3)  # (Yes, No, Abstain)
thresholds = st.builds(Fraction, st.integers(0, 11), st.integers(12, 12)) | st.sampled_from(
    [Fraction(2, 3), Fraction(1, 2)]
)
rule_sets = st.builds(
    VotingRules,
    issuer_threshold=thresholds,
    issuer_threshold_inclusive=st.booleans(),
    consumer_threshold=thresholds,
    consumer_threshold_inclusive=st.booleans(),
    require_yes_in_each_class=st.booleans(),
)
classes = st.sampled_from(VOTING_CLASSES)


def votes(issuers, consumers, extra=()):
    out = []
    for cls, cls_counts in ((MemberClass.ISSUER, issuers), (MemberClass.CONSUMER, consumers)):
        for choice, n in zip(Choice, cls_counts, strict=True):
            out += [CastVote(f"{cls} {choice} {i}", cls, choice) for i in range(n)]
    return out + [CastVote(f"newcomer {i}", cls, c) for i, (cls, c) in enumerate(extra)]


@given(counts, counts, classes, rule_sets)
def test_an_abstention_never_changes_the_thresholds(issuers, consumers, cls, rules):
    before = tally_votes(votes(issuers, consumers), rules)
    after = tally_votes(votes(issuers, consumers, [(cls, Choice.ABSTAIN)]), rules)
    assert after.thresholds_met == before.thresholds_met
    assert after.approved == before.approved
    assert after.participants == before.participants + 1


@given(counts, counts, classes, rule_sets)
def test_a_yes_never_turns_approval_into_rejection(issuers, consumers, cls, rules):
    before = tally_votes(votes(issuers, consumers), rules)
    after = tally_votes(votes(issuers, consumers, [(cls, Choice.YES)]), rules)
    if before.approved:
        assert after.approved
    assert after.for_class(cls).yes == before.for_class(cls).yes + 1


@given(st.data(), counts, counts, rule_sets)
def test_the_result_does_not_depend_on_the_order_of_votes(data, issuers, consumers, rules):
    cast = votes(issuers, consumers)
    shuffled = data.draw(st.permutations(cast))
    assert tally_votes(shuffled, rules) == tally_votes(cast, rules)


@given(st.integers(0, 200), st.integers(0, 200), thresholds, st.booleans())
def test_yes_needed_is_exactly_enough(yes, no, threshold, inclusive):
    tally = tally_votes(
        votes((yes, no, 0), (0, 0, 0)),
        VotingRules(issuer_threshold=threshold, issuer_threshold_inclusive=inclusive),
    ).issuers
    needed = tally.yes_needed
    assert needed is not None  # thresholds below 1 can always be met
    assert threshold_met(yes + needed, no, threshold, inclusive)
    if needed:
        assert not threshold_met(yes + needed - 1, no, threshold, inclusive)
    assert (needed == 0) == tally.threshold_met


@given(
    st.builds(Fraction, st.integers(0, 400), st.integers(1, 6)),
    st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(2, 3), Fraction(1, 3)]),
    st.booleans(),
    st.sampled_from(AVERAGE_ROUNDINGS),
)
def test_quorum_required_is_the_fewest_that_satisfy_the_rule(average, fraction, strict, rounding):
    rules = VotingRules(quorum_fraction=fraction, quorum_strict=strict, average_rounding=rounding)
    used = {
        "exact": average,
        "floor": Fraction(math.floor(average)),
        "ceil": Fraction(math.ceil(average)),
        "half_up": Fraction(math.floor(average * 2 + 1), 2) // 1,
    }[rounding]
    target = fraction * used

    def satisfies(n: int) -> bool:
        return n > target if strict else n >= target

    required = quorum_required(average, rules)
    assert satisfies(required)
    assert required == 0 or not satisfies(required - 1)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 40))
def test_business_days_skip_weekends_only(day, n):
    later = add_business_days(day, n)
    between = [day + dt.timedelta(days=i) for i in range(1, (later - day).days + 1)]
    assert sum(d.weekday() < 5 for d in between) == n
    if n:
        assert later.weekday() < 5


ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]


@given(
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC)),
    st.sampled_from(ZONES),
)
def test_voting_ends_at_the_same_wall_clock_time_a_week_later(start, zone):
    tz = ZoneInfo(zone)
    wall = start.astimezone(tz).replace(tzinfo=None) + dt.timedelta(days=7)
    # Skip the rare wall time that does not exist (it falls in the hour clocks skip).
    exists = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    assume(exists == wall)
    end = voting_end_for(start, zone)
    assert end.tzinfo is dt.UTC
    assert end.astimezone(tz).replace(tzinfo=None) == wall


LIFECYCLE = [
    Phase.DRAFT,
    Phase.DISCUSSION,
    Phase.VOTING,
    Phase.CLOSED,
    Phase.PASSED,
    Phase.IPR_REVIEW,
    Phase.ADOPTED,
]
GUIDELINE = BallotDates(
    discussion_start=dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC),
    last_version_at=dt.datetime(2024, 3, 5, 10, tzinfo=dt.UTC),
    voting_start=dt.datetime(2024, 3, 12, 17, tzinfo=dt.UTC),
    results_announced=dt.datetime(2024, 3, 20, 12, tzinfo=dt.UTC),
    review_start=dt.datetime(2024, 3, 21, 12, tzinfo=dt.UTC),
    ballot_type="final_maintenance_guideline",
    outcome="passed",
)


@given(
    st.lists(
        st.datetimes(dt.datetime(2024, 2, 1), dt.datetime(2024, 6, 1), timezones=st.just(dt.UTC)),
        min_size=2,
    )
)
def test_phases_only_move_forward(instants):
    phases = [LIFECYCLE.index(phase_at(GUIDELINE, i)) for i in sorted(instants)]
    assert phases == sorted(phases)
