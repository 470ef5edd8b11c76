"""Signals the standing structure sends for the apps built on it (it imports none of them)."""

from django.dispatch import Signal

# Sent after a bulk write that sends no ``post_save`` (a merge of organisations moves rows with
# queryset updates), so that what is computed from those rows (a ballot's stored result) is
# computed again. Argument ``bodies``: the ids of the bodies concerned, or None for all.
bulk_written = Signal()
