"""A fresh database holds every body and its rule set, with citations and interpretations."""

from fractions import Fraction

import pytest

from governance.models import Body, RuleSet

pytestmark = pytest.mark.django_db

BODIES = ["forum", "scwg", "smcwg", "cscwg", "netsec", "dgwg"]


def test_every_body_is_seeded_with_one_rule_set():
    assert sorted(Body.objects.values_list("slug", flat=True)) == sorted(BODIES)
    for slug in BODIES:
        assert RuleSet.objects.filter(body__slug=slug).count() == 1, slug


@pytest.mark.parametrize("slug", BODIES)
def test_thresholds_are_two_thirds_inclusive_and_more_than_half(slug):
    rules = RuleSet.objects.get(body__slug=slug).to_rules()
    assert rules.issuer_threshold == Fraction(2, 3) and rules.issuer_threshold_inclusive
    assert rules.consumer_threshold == Fraction(1, 2) and not rules.consumer_threshold_inclusive
    assert rules.require_yes_in_each_class
    # Bylaws 2.3(7), which every charter defers to: more than half of the average.
    assert rules.quorum_fraction == Fraction(1, 2) and rules.quorum_strict
    assert rules.meetings_counted == 3


def test_transitional_quorum_of_ten_for_netsec_and_dgwg_only():
    quorums = dict(RuleSet.objects.values_list("body__slug", "transitional_quorum"))
    assert quorums == {
        "forum": None,
        "scwg": None,
        "smcwg": None,
        "cscwg": None,
        "netsec": 10,
        "dgwg": 10,
    }


def test_smcwg_adopts_no_ballot_before_three_meetings():
    flags = dict(RuleSet.objects.values_list("body__slug", "adoption_requires_meetings"))
    assert [slug for slug, flag in flags.items() if flag] == ["smcwg"]


@pytest.mark.parametrize(
    "slug, quoted",
    [
        ("forum", "at least fifty percent (50%) plus one (1)"),
        ("scwg", "Quorum is half the average number of voting members"),
        ("smcwg", "Quorum is the average number of Member organizations"),
        ("cscwg", "Quorum is defined as more than half the average number of Voting Members"),
        ("netsec", "if three meetings have not yet occurred, then quorum is ten (10)"),
        ("dgwg", "if three meetings have not yet occurred, quorum is ten (10)"),
    ],
)
def test_rule_sets_quote_their_source_text(slug, quoted):
    rule_set = RuleSet.objects.get(body__slug=slug)
    assert quoted in " ".join(rule_set.citation.split())
    assert rule_set.source_document


@pytest.mark.parametrize("slug", ["scwg", "smcwg", "netsec"])
def test_charters_that_word_quorum_differently_record_the_reading_chosen(slug):
    interpretation = RuleSet.objects.get(body__slug=slug).interpretation
    assert "Chosen: " in interpretation
    assert "more than half" in interpretation


def test_consumer_threshold_reading_is_recorded_for_every_body():
    for rule_set in RuleSet.objects.all():
        assert "'at least fifty percent (50%) plus one (1)'" in rule_set.interpretation
        assert "more than half" in rule_set.interpretation
