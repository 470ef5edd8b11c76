"""The chair's write URLs (placeholder: filled in by the chair workflow)."""

urlpatterns: list = []
