"""Matching the names organisations appear under in posts to one Organization.

Posts write the same member many ways ("Asseco Data Systems SA (Certum)", "Certum (Asseco)",
"Certum"). A name is matched through the organisation's known names (aliases), compared by
``name_key`` (case, accents and punctuation aside). Failing that, a name that carries its other
names in parentheses or after a slash is matched when exactly one of those parts is known. A
name that still matches nothing creates an organisation marked for review, never a guess.

Before anything new is created, the curated table (``organization_names.KNOWN_NAMES``) is
applied: "Entrust Datacard" finds Entrust, and a new organisation takes the table's name with
every other name as an alias. ``merge_organizations`` joins two records of one member.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Organization, OrganizationAlias, Revision, name_key
from .organization_names import KNOWN_NAMES
from .signals import bulk_written

# name key -> (the table's name, every name it lists)
_CURATED: dict[str, tuple[str, list[str]]] = {
    name_key(written): (canonical, [canonical, *others])
    for canonical, others in KNOWN_NAMES
    for written in (canonical, *others)
}


def curated(name: str) -> tuple[str, list[str]] | None:
    """The curated table's entry for a written name (exactly, or without its legal suffix)."""
    return _CURATED.get(name_key(name)) or _CURATED.get(name_key(_short(name)))


_PARTS = re.compile(r"\s*(?:\(|\)|/|\s+aka\s+|\s+formerly\s+)\s*", re.IGNORECASE)
_SUFFIXES = re.compile(
    r",?\s+(?:inc|llc|ltd|limited|gmbh|s\.?a|a\.?s|ag|co|corp|corporation|b\.?v|oy|ab|plc)\.?$",
    re.IGNORECASE,
)


def name_parts(name: str) -> list[str]:
    """The other names a written name carries: "A (B)" -> ["A", "B"]; "A / B" -> ["A", "B"]."""
    parts = [p.strip(" ,.-") for p in _PARTS.split(name)]
    return [p for p in parts if len(name_key(p)) >= 3 and p != name]


def _short(name: str) -> str:
    return _SUFFIXES.sub("", name.strip()).strip(" ,")


class OrganizationResolver:
    """Resolves written names to organisations, loading every alias once (one query).

    Used inside an import's per-post transaction: ``begin()`` marks a savepoint of the cache and
    ``rollback()`` forgets what a failed post added, so the cache never outlives the database.
    """

    def __init__(self):
        self._by_key: dict[str, int] = dict(
            OrganizationAlias.objects.values_list("key", "organization_id")
        )
        for org_id, name in Organization.objects.values_list("id", "name"):
            self._by_key.setdefault(name_key(name), org_id)
        self._slugs: set[str] = set(Organization.objects.values_list("slug", flat=True))
        self._written: dict[str, int] = {}  # exact spelling -> organisation, the fast path
        self._added: list[str] = []
        self._added_written: list[str] = []
        self._added_slugs: list[str] = []
        self.created: list[str] = []

    def begin(self) -> None:
        self._added, self._added_written, self._added_slugs = [], [], []

    def rollback(self) -> None:
        for key in self._added:
            self._by_key.pop(key, None)
        for written in self._added_written:
            self._written.pop(written, None)
        self._slugs.difference_update(self._added_slugs)
        self.begin()

    def _remember(self, key: str, org_id: int) -> None:
        if key and key not in self._by_key:
            self._by_key[key] = org_id
            self._added.append(key)

    def _lookup(self, name: str) -> int | None:
        for candidate in (name, _short(name)):
            org_id = self._by_key.get(name_key(candidate))
            if org_id is not None:
                return org_id
        entry = curated(name)
        if entry is not None:
            found = {self._by_key[name_key(n)] for n in entry[1] if name_key(n) in self._by_key}
            if len(found) == 1:
                return found.pop()
        matches = {
            self._by_key[name_key(p)]
            for p in name_parts(name) + [_short(p) for p in name_parts(name)]
            if name_key(p) in self._by_key
        }
        return matches.pop() if len(matches) == 1 else None

    def find(self, written: str) -> int | None:
        """The organisation a written name means, or None (never creates one)."""
        name = " ".join(written.split())
        return self._lookup(name) if name_key(name) else None

    def resolve(self, written: str) -> tuple[int, bool]:
        """The organisation id for a written name, and whether it was just created."""
        if written in self._written:
            return self._written[written], False
        org_id, created = self._resolve(written)
        self._written[written] = org_id
        self._added_written.append(written)
        return org_id, created

    def _resolve(self, written: str) -> tuple[int, bool]:
        name = " ".join(written.split())
        if not name_key(name):
            raise ValueError(f"“{written}” is not an organisation name")
        org_id = self._lookup(name)
        created = False
        if org_id is None:
            entry = curated(name)
            org_name = entry[0] if entry else name
            org = Organization.objects.create(
                name=org_name, slug=self._free_slug(org_name), needs_review=entry is None
            )
            org_id, created = org.id, True
            self.created.append(org_name)
            # Its parts (and the table's names) become known names too, so "Certum" later
            # finds "Asseco ... (Certum)".
            for part in [*name_parts(name), *(entry[1] if entry else [])]:
                if name_key(part) not in self._by_key:
                    self._add_alias(org_id, part)
        if name_key(name) not in self._by_key or self._by_key[name_key(name)] != org_id:
            self._add_alias(org_id, name)
        return org_id, created

    def resolve_many(self, names: list[str]) -> dict[str, int]:
        """Resolve many written names at once: new organisations and their aliases are
        created in bulk (a minutes post names dozens). Unusable names are left out."""
        out: dict[str, int] = {}
        pending: dict[str, tuple[str, list[str]]] = {}  # key -> (name, spellings)
        aliases: list[OrganizationAlias] = []
        for written in names:
            if written in self._written:
                out[written] = self._written[written]
                continue
            name = " ".join(written.split())
            key = name_key(name)
            if not key:
                continue
            org_id = self._lookup(name)
            if org_id is None:
                entry = curated(name)
                if entry is not None:  # one new organisation for all of the table's names
                    key = name_key(entry[0])
                    name = entry[0] if key not in pending else pending[key][0]
                pending.setdefault(key, (name, []))[1].append(written)
                continue
            out[written] = org_id
            aliases += self._new_alias(org_id, name)
        if pending:
            orgs = [
                Organization(
                    name=name, slug=self._free_slug(name), needs_review=curated(name) is None
                )
                for name, _ in pending.values()
            ]
            Organization.objects.bulk_create(orgs)
            for org, (name, spellings) in zip(orgs, pending.values(), strict=True):
                self.created.append(name)
                entry = curated(name)
                for known in [name, *name_parts(name), *(entry[1] if entry else []), *spellings]:
                    aliases += self._new_alias(org.id, " ".join(known.split()))
                for written in spellings:
                    out[written] = org.id
        OrganizationAlias.objects.bulk_create(aliases)
        for written, org_id in out.items():
            if written not in self._written:
                self._written[written] = org_id
                self._added_written.append(written)
        return out

    def _new_alias(self, org_id: int, name: str) -> list[OrganizationAlias]:
        """The alias row to add for ``name`` (none when the name is known already)."""
        key = name_key(name)
        if not key or key in self._by_key:
            return []
        self._remember(key, org_id)
        return [OrganizationAlias(organization_id=org_id, name=name, key=key)]

    def _add_alias(self, org_id: int, name: str) -> None:
        key = name_key(name)
        if key in self._by_key:
            return
        # Every alias key is in the cache (loaded whole, then kept in step), so absent here
        # means absent in the database.
        OrganizationAlias.objects.create(organization_id=org_id, name=name)
        self._remember(key, org_id)

    def _free_slug(self, name: str) -> str:
        base = slugify(name)[:180] or "organisation"
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        self._slugs.add(slug)
        self._added_slugs.append(slug)
        return slug


def merge_organizations(keep: Organization, others: list[Organization]) -> dict[str, int]:
    """Join ``others`` into ``keep``: every row that points at them (votes and their history,
    memberships, attendance, people, endorsements, notices, users) moves to ``keep``, and their
    names become aliases of ``keep``, so the record of one member is no longer split. Returns
    how many rows moved, by kind. Refused (ValueError) where both voted on the same ballot: one
    organisation has one vote (Bylaws 2.3(2)), and which one counts is for a person to decide.

    The related rows are found through the model's relations, so this module needs to know
    nothing of the apps that point at organisations."""
    others = [o for o in others if o.pk != keep.pk]
    moved: dict[str, int] = {}
    with transaction.atomic():
        for relation in Organization._meta.related_objects:
            if relation.related_model is OrganizationAlias:
                continue
            model, field = relation.related_model, relation.field.name
            if not (relation.one_to_many or relation.one_to_one):
                continue
            rows = model._default_manager.filter(**{f"{field}__in": others})
            if model.__name__ == "Vote":
                clash = rows.filter(ballot__votes__organization=keep).values_list(
                    "ballot__number", flat=True
                )
                if clash:
                    raise ValueError(
                        f"{keep} and the organisation being merged both voted on "
                        f"{', '.join(sorted(set(clash)))}: decide which vote counts first."
                    )
            try:
                with transaction.atomic():
                    count = rows.update(**{field: keep})
            except IntegrityError as exc:
                raise ValueError(
                    f"{model._meta.verbose_name_plural.capitalize()} of {keep} and of the "
                    f"organisation being merged clash (the same row twice); merge them by hand."
                ) from exc
            if count:
                moved[model._meta.verbose_name_plural] = count
        keys = set(keep.aliases.values_list("key", flat=True)) | {name_key(keep.name)}
        for other in others:
            names = [other.name, *other.aliases.values_list("name", flat=True)]
            OrganizationAlias.objects.filter(organization=other).delete()
            other.delete()
            for name in names:
                if name_key(name) and name_key(name) not in keys:
                    OrganizationAlias.objects.create(organization=keep, name=name)
                    keys.add(name_key(name))
        Revision.bump()  # the moves above are queryset updates, which send no signal
        bulk_written.send(sender=Organization, bodies=None)
    return moved
