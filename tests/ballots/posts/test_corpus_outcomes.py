"""Every corpus ballot that states an outcome gets it recomputed, or says exactly why not."""

import pytest

from ballots.export import export_ballots
from ballots.posts.importer import import_posts

pytestmark = pytest.mark.django_db

# Published outcomes the rules cannot recompute from the post alone, and why.
UNDETERMINED = {
    # Thresholds met, but the post states no quorum and gives no voting dates (or no minutes
    # of the three meetings before voting exist in the corpus), so quorum cannot be judged.
    "Ballot 166",
    "CSC-11",
    "CSC-14",
    "CSC-25",
    "CSC-26",
    # An election (Bylaws 4.1(3)): no quorum stated, and its rule is a majority of all voters.
    "Forum 16",
    # The post announces the result but lists no votes and no counts.
    "Ballot 99",
}


@pytest.fixture
def exported(corpus_dir):
    result = import_posts([corpus_dir])
    assert result.count(status="error") == 0
    return {b["ballot_id"]: b for b in export_ballots()}


def test_published_outcomes_are_recomputed_or_explained(exported):
    stated = {k: b for k, b in exported.items() if b["published_outcome"] in ("passed", "failed")}
    assert len(stated) >= 25
    mismatched = {
        k
        for k, b in stated.items()
        if b["computed_outcome"] != b["published_outcome"]
        and not any(d.startswith("post says the ballot") for d in b["discrepancies"])
    }
    assert mismatched == UNDETERMINED
    for key in UNDETERMINED:
        assert exported[key]["computed_outcome"] is None, key


def test_known_results_from_each_era(exported):
    assert exported["Ballot 164"]["tally"]["issuers"] == {"yes": 19, "no": 0, "abstain": 0}
    assert exported["Ballot 164"]["computed_outcome"] == "passed"
    assert exported["Ballot 202"]["published_outcome"] == "failed"
    assert exported["Ballot 202"]["computed_outcome"] == "failed"  # 12 of 19 Issuers < 2/3
    assert exported["SC-73"]["tally"]["participants"] == 24
    assert exported["NS-003"]["quorum"] == {"required": 8, "stated": 8, "met": True}
    assert exported["SC43"]["computed_outcome"] == "failed"


def test_genuine_disagreements_in_posts_are_reported(exported):
    def said(ballot_id):
        return exported[ballot_id]["discrepancies"]

    # 6 Yes, 0 No, 1 Abstain: 100% of the votes cast (85.7% even counting the abstention).
    assert "post says 87% of Issuer votes were Yes, the votes listed give 100.00%" in said(
        "CSC-8 v3"
    )
    assert "post says 22 Issuer votes in total, 23 organisations are listed" in said("SC39v3")
    assert "post says 19 Issuer votes in total, 16 organisations are listed" in said("SMC08")
    assert "post says 23 Issuer votes in total, 12 organisations are listed" in said("FORUM 20v2")
    assert "post says 3 Consumer Yes votes, 4 organisations are listed" in said("SC067v3")
