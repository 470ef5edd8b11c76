"""Offices: who is Chair or Vice-Chair of which body (Bylaws 4.1), the check every chair's step
makes first, and appointing an officer on a fresh site."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Body, Member, Officer, Organization


def offices_held(user, day: dt.date | None = None):
    """The offices ``user`` holds on ``day`` (today by default)."""
    if user is None or not user.is_authenticated:
        return Officer.objects.none()
    day = day or timezone.localdate()
    return (
        Officer.objects.filter(user=user, start__lte=day)
        .exclude(end__lt=day)
        .select_related("body")
    )


def chairs(user, body: Body) -> bool:
    """Whether ``user`` is Chair or Vice-Chair of ``body`` today."""
    return offices_held(user).filter(body=body).exists()


def require_chair(user, body: Body) -> None:
    """Refuse (403) anyone who does not hold an office in ``body`` today."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in as a chair of this body to do this.")
    if not chairs(user, body):
        raise PermissionDenied(
            f"Only the Chair or Vice-Chair of the {body.name} can do this; your account "
            f"“{user.get_username()}” holds no office in it."
        )


def officer_appoint(
    *,
    username: str,
    body_slug: str,
    role: str = "chair",
    password: str | None = None,
    email: str = "",
    organization: str = "",
    start: dt.date | None = None,
):
    """Make ``username`` (created if new) Chair or Vice-Chair of a body from ``start`` (today by
    default), so a fresh site has someone who can run ballots. Returns (officer, user_created).
    Raises ValueError with a message for an unknown body, role or organisation."""
    body = Body.objects.filter(slug=body_slug).first()
    if body is None:
        known = ", ".join(Body.objects.values_list("slug", flat=True))
        raise ValueError(f"No body “{body_slug}”; the bodies are: {known}.")
    if role not in Officer.Role.values:
        raise ValueError(f"“{role}” is not an office; use chair or vice_chair.")
    org = None
    if organization:
        org = Organization.objects.filter(name__iexact=organization).first()
        if org is None:
            raise ValueError(f"No organisation named “{organization}”.")
    start = start or timezone.localdate()
    User = get_user_model()
    if password:
        # Django's validators (length, common, numeric, too like the user name): a chair's
        # account writes the record, and its user name is public in ballot histories.
        existing = User.objects.filter(username=username).first()
        try:
            validate_password(password, existing or User(username=username, email=email))
        except ValidationError as exc:
            raise ValueError("The password is not accepted: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if password:
            user.set_password(password)
            user.save()
        elif created:
            user.set_unusable_password()
            user.save()
        if org is not None:
            Member.objects.update_or_create(user=user, defaults={"organization": org})
        officer, _ = Officer.objects.get_or_create(user=user, body=body, role=role, start=start)
    return officer, created
