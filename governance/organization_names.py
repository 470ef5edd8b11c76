"""The curated table of the names Forum members have been written under: one organisation, many
names. Read from the Forum's own posts (2013-2024): renamings (Comodo CA became Sectigo,
Trustwave SecureTrust, Entrust Datacard Entrust), legal suffixes, typos in results posts.

The importer applies it before it creates anything new (``OrganizationResolver``): a name in the
table is matched to the organisation of any of its names, and a new organisation takes the
first name given here. Every name then becomes an alias, editable in the admin, where the merge
action joins organisations the table did not foresee. Case, accents and punctuation are already
ignored when names are compared ("D-TRUST" = "D-Trust"), so only real variants are listed.

Left out on purpose: names that are different members (Google Trust Services is a CA, Google a
browser; Comodo Security Solutions voted as a browser while Comodo CA voted as a CA).
"""

KNOWN_NAMES: list[tuple[str, list[str]]] = [
    ("Amazon", ["Amazon.com, Inc.", "Amazon Trust Services", "Amazon.com"]),
    (
        "ANF AC",
        [
            "ANF",
            "ANF Autoridad de Certificacion",
            "ANF Autoridad de Certificación",
            "ANF Autoridad de Certif.",
        ],
    ),
    ("Apple", ["Apple, Inc", "Apple Inc."]),
    (
        "Asseco Data Systems SA (Certum)",
        ["Certum", "Certum (Asseco)", "Asseco", "Asseco (Certum)", "Certum by Asseco"],
    ),
    ("Buypass", ["Buypass AS", "Bypass"]),
    ("Chunghwa Telecom", ["Chungwa Telecom", "Chungwha Telecom", "Chungwha"]),
    ("Cisco", ["Cisco Systems"]),
    ("DarkMatter", ["Dark Matter"]),
    ("Disig", ["Disig a.s."]),
    ("eMudhra", ["eMudgra", "eMudra"]),
    ("Entrust", ["Entrust Datacard", "Entrust, Inc."]),
    ("Firmaprofesional", ["Firmaprofessional"]),
    ("GoDaddy", ["GoDaddy.com"]),
    ("Google", ["Google Chrome", "Google (Chrome Root Program)"]),
    ("Izenpe", ["Izenpe S.A."]),
    ("JPRS", ["Japan Registry Services"]),
    ("Kamu SM", ["Kamu Sertifikasyon Merkezi", "Tubitak Kamu"]),
    ("Let's Encrypt", ["ISRG", "ISRG (Let's Encrypt)", "Let's Encrypt / ISRG"]),
    ("Microsoft", ["Microsoft Corporation"]),
    ("NAVER Cloud Trust Services", ["NAVER", "NAVER Cloud"]),
    ("OISTE Foundation", ["OISTE"]),
    ("Opera", ["Opera Software AS", "Opera Software"]),
    ("Qihoo 360", ["360", "360 Browser"]),
    ("SECOM Trust Systems", ["SECOM", "SECOM Trust"]),
    ("Comodo Security Solutions", ["CSS"]),
    ("Sectigo", ["Comodo", "Comodo CA", "Comodo Group Inc.", "Sectigo (former Comodo CA)"]),
    ("SecureTrust", ["Trustwave", "SecureTrust (former Trustwave)"]),
    ("StartCom", ["SttartCom"]),
    ("SwissSign", ["SwissSign AG", "Swissign"]),
    ("Actalis", ["Actalis S.p.A."]),
    ("Telia Company", ["Telia"]),
    ("Trend Micro", ["TrendMicro"]),
    ("TrustAsia", ["Trust Asia"]),
    ("TrustCor Systems", ["TrustCor"]),
    ("VikingCloud", ["Viking Cloud"]),
]

# The browsers among the members: Certificate Consumers (Bylaws 2.1). A voter that a post lists
# without its class, and that no membership places, is a Consumer if named here, else an Issuer.
BROWSERS = [
    "Apple",
    "Cisco",
    "Comodo Security Solutions",
    "Google",
    "Microsoft",
    "Mozilla",
    "Opera",
    "Qihoo 360",
    "rundQuadrat",
]
