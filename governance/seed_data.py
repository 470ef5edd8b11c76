"""The Forum's bodies and the voting rules their texts set out, as first loaded.

Used by the data migration ``0002_seed_bodies_and_rule_sets``: later changes to the rules are
new rule sets (entered in the admin or by a new migration), never edits to this file.
Citations are quoted verbatim from ``shared/reference`` (Bylaws v2.5 and the charters).
"""

BODIES = [
    {
        "slug": "forum",
        "name": "CA/Browser Forum",
        "short_name": "Forum",
        "tag": "Forum",
        "ballot_prefix": "Forum-NN (plain numbers before 2018)",
        "ballot_id_pattern": "(?:ballot\\s*)?(?:forum-?\\s*\\d+|\\d+)",
        "mailing_list": "public@cabforum.org",
        "order": 0,
    },
    {
        "slug": "scwg",
        "name": "Server Certificate Working Group",
        "short_name": "SCWG",
        "tag": "Server Certificates",
        "ballot_prefix": "SC-NNN",
        "ballot_id_pattern": "(?:ballot\\s*)?sc-?\\s*\\d+",
        "mailing_list": "servercert-wg@cabforum.org",
        "order": 1,
    },
    {
        "slug": "smcwg",
        "name": "S/MIME Certificate Working Group",
        "short_name": "SMCWG",
        "tag": "S/MIME",
        "ballot_prefix": "SMCNN",
        "ballot_id_pattern": "(?:ballot\\s*)?smc-?\\s*\\d+",
        "mailing_list": "smcwg-public@cabforum.org",
        "order": 2,
    },
    {
        "slug": "cscwg",
        "name": "Code Signing Certificate Working Group",
        "short_name": "CSCWG",
        "tag": "Code Signing",
        "ballot_prefix": "CSC-NN",
        "ballot_id_pattern": "(?:ballot\\s*)?csc(?:wg)?-?\\s*\\d+",
        "mailing_list": "cscwg-public@cabforum.org",
        "order": 3,
    },
    {
        "slug": "netsec",
        "name": "Network Security Working Group",
        "short_name": "NetSec",
        "tag": "Network Security",
        "ballot_prefix": "NS-NNN",
        "ballot_id_pattern": "(?:ballot\\s*)?ns-?\\s*\\d+",
        "mailing_list": "",
        "order": 4,
    },
    {
        "slug": "dgwg",
        "name": "Definitions and Glossary Working Group",
        "short_name": "DGWG",
        "tag": "Definitions",
        "ballot_prefix": "DG-NN",
        "ballot_id_pattern": "(?:ballot\\s*)?dg(?:wg)?-?\\s*\\d+",
        "mailing_list": "",
        "order": 5,
    },
]

RULE_SETS = [
    {
        "body": "forum",
        "effective_from": "2023-07-20",
        "source_document": "Bylaws v2.5 (July 20, 2023), sections 2.3(6) and 2.3(7)",
        "citation": "6. Voting Members fall into two categories: Certificate Issuers and Certificate Consumers. In order for a ballot to be adopted by the Forum, two-thirds (2/3) or more of the votes cast by the Voting Members in the Certificate Issuer category must be in favor of the ballot, and at least fifty percent (50%) plus one (1) of the votes cast by the Voting Members in the Certificate Consumer category must be in favor of the ballot. At least one (1) Voting Member in each category must vote in favor of a ballot for the ballot to be adopted.\n\n7. A ballot result will be considered valid only when more than half of the number of currently active Voting Members has participated. The number of currently active Voting Members is the average number of Voting Member organizations that have participated in the previous three (3) Forum Meetings and Forum Teleconferences.",
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8).",
    },
    {
        "body": "scwg",
        "effective_from": None,
        "source_document": "SCWG Charter v1.3, section 6 (Voting structure); Bylaws v2.5, section 2.3(7)",
        "citation": "**6. Voting structure:** In order for a ballot to be adopted by the SCWG, two-thirds or more of the votes cast by the Certificate Issuers must be in favor of the ballot and more than 50% of the votes cast by the Certificate Consumers must be in favor of the ballot. At least one member of each voting class must vote in favor of a ballot for it to be adopted. Quorum is half the average number of voting members (cumulative of both Certificate Issuer and Certificate Consumer classes) that have participated in the previous three SCWG Meetings or Teleconferences (not counting subcommittee meetings thereof).\n\n(Bylaws 2.3(7)) 7. A ballot result will be considered valid only when more than half of the number of currently active Voting Members has participated. The number of currently active Voting Members is the average number of Voting Member organizations that have participated in the previous three (3) Forum Meetings and Forum Teleconferences.",
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8). The SCWG charter says 'Quorum is half the average number'; the SCWG exists 'subject to the terms and conditions of the CA/Browser Forum Bylaws', Bylaw 2.3(7) applies to all ballots and requires 'more than half', and SCWG results posts quote and apply Bylaw 2.3(7). Chosen: more than half (participation of exactly half the average is not enough).",
    },
    {
        "body": "smcwg",
        "effective_from": None,
        "source_document": "SMCWG Charter, section 5.1 (Voting Structure); Bylaws v2.5, section 2.3(7)",
        "citation": "The rules described in Bylaw 2.3 and 2.4 SHALL apply to all ballots, including\nDraft Guideline Ballots.\n\nIn order for a ballot to be adopted by the SMCWG, two-thirds or more of the\nvotes cast by the Certificate Issuers must be in favor of the ballot and more\nthan 50% of the votes cast by the Certificate Consumers must be in favor of the\nballot. At least one member of each class must vote in favor of a ballot for it\nto be adopted. Quorum is the average number of Member organizations (cumulative,\nregardless of Class) that have participated in the previous three (3) SMCWG\nMeetings or Teleconferences (not counting subcommittee meetings thereof). No\nBallots shall be adopted until at least (3) meetings have occurred and quorum\ndetermined.\n\n(Bylaws 2.3(7)) 7. A ballot result will be considered valid only when more than half of the number of currently active Voting Members has participated. The number of currently active Voting Members is the average number of Voting Member organizations that have participated in the previous three (3) Forum Meetings and Forum Teleconferences.",
        "adoption_requires_meetings": True,
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8). The SMCWG charter 5.1 says 'Quorum is the average number of Member organizations'; the same section says 'The rules described in Bylaw 2.3 and 2.4 SHALL apply to all ballots' and SMCWG results posts apply more than half of the average (Ballot SMC07: quorum 7). Chosen: Bylaw 2.3(7), more than half. Kept from the charter: no ballot is adopted until at least three meetings have occurred.",
    },
    {
        "body": "cscwg",
        "effective_from": None,
        "source_document": "CSCWG Charter v1.1, section 5.1 (Voting Structure)",
        "citation": "The rules described in the latest CA/Browser Forum Bylaws SHALL apply to all ballots, including Draft Guideline Ballots.\n\nIn order for a ballot to be adopted by the Code Signing Certificates Working Group, two-thirds or more of the votes cast by the Certificate Issuers must be in favor of the ballot and more than 50% of the votes cast by the Certificate Consumers must be in favor of the ballot. At least one member of each class must vote in favor of a ballot for it to be adopted. \n\nQuorum is defined as more than half the average number of Voting Members that have participated in the previous three (3) Code Signing Certificate Working Group Meetings or Teleconferences (not counting subcommittee meetings thereof).",
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8). The CSCWG charter's own wording ('more than half the average number of Voting Members') agrees with Bylaw 2.3(7).",
    },
    {
        "body": "netsec",
        "effective_from": None,
        "source_document": "NetSec WG Charter, section 7 (Voting Structure); Bylaws v2.5, section 2.3(7)",
        "citation": "The NetSec WG shall consist of two classes of voting members, Certificate Issuers and Certificate Consumers. In order for a ballot to be adopted by the NetSec WG, two-thirds or more of the votes cast by the Certificate Issuers must be in favor of the ballot and more than 50% of the votes cast by the Certificate Consumers must be in favor of the ballot. At least one member of each class must vote in favor of a ballot for it to be adopted. Quorum is the average number of Member organizations (cumulative, regardless of Class) that have participated in the previous three NetSec WG Meetings or Teleconferences (not counting subcommittee meetings thereof). For transition purposes, if three meetings have not yet occurred, then quorum is ten (10).\n\n(Bylaws 2.3(7)) 7. A ballot result will be considered valid only when more than half of the number of currently active Voting Members has participated. The number of currently active Voting Members is the average number of Voting Member organizations that have participated in the previous three (3) Forum Meetings and Forum Teleconferences.",
        "transitional_quorum": 10,
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8). The NetSec charter 7 says 'Quorum is the average number of Member organizations'; its section 11 gives the Bylaws precedence, and NetSec results posts apply Bylaw 2.3(7) (Ballot NS-003: 'Half of currently active Members as of the start of voting was 7, so quorum was 8 votes'). Chosen: more than half. Kept from the charter: quorum is ten (10) until three meetings have occurred.",
    },
    {
        "body": "dgwg",
        "effective_from": None,
        "source_document": "DGWG Charter v1.0, section 3.2 (Voting Structure)",
        "citation": "In order for a ballot to be adopted by the Definitions and Glossary Working Group, two-thirds or more of the votes cast by the Certificate Issuers must be in favor of the ballot and more than half of the votes cast by the Certificate Consumers must be in favor of the ballot. At least one member of each class must vote in favor of a ballot for it to be adopted. Quorum is defined as more than half of the average number of Voting Member organizations (cumulative) that have participated in the previous three Definitions and Glossary Working Group Meetings or Teleconferences (not counting subcommittee meetings thereof). For transition purposes, if three meetings have not yet occurred, quorum is ten (10).",
        "transitional_quorum": 10,
        "interpretation": "Issuer threshold: 'two-thirds or more' of the Yes and No votes, inclusive (2 of 3 meets it). Consumer threshold: the Bylaws say 'at least fifty percent (50%) plus one (1)', every charter 'more than 50%'; read as more than half of the Yes and No votes (a strict majority: 1 of 2 fails, 2 of 3 passes). The literal 'half the votes plus one vote' would demand 3 of 3 and is not the reading the charters give. Abstentions and unclear votes do not count towards the thresholds (Bylaws 2.3(5)) but do count as participation for quorum (Bylaws 2.3(7)). Quorum: the average number of Voting Member organisations that attended the previous three meetings or teleconferences of this body (subcommittee meetings excluded), counted before voting started, is not rounded; the quorum is the smallest whole number of participants greater than half of it (average 13.33 gives 7, average 14 gives 8). The DGWG charter's own wording ('more than half of the average number of Voting Member organizations') agrees with Bylaw 2.3(7). Kept from the charter: quorum is ten (10) until three meetings have occurred.",
    },
]
