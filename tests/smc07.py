"""Ballot SMC07 as the seed post gives it (shared/seeds/000_30f3868998a73e3b.txt)."""

# The seed's results: 15 Issuers and 2 Consumers voted Yes.
SMC07_ISSUERS = [
    "Asseco Data Systems SA (Certum)",
    "DigiCert",
    "D-TRUST",
    "eMudhra",
    "Entrust",
    "HARICA",
    "IdenTrust",
    "Logius PKIoverheid",
    "OISTE Foundation",
    "Sectigo",
    "SSL.com",
    "SwissSign",
    "Telia Company",
    "TWCA",
    "VikingCloud",
]
SMC07_CONSUMERS = ["Mozilla", "rundQuadrat"]
