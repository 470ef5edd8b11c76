"""Generated announcements (placeholder: filled in by the announcements work)."""

urlpatterns: list = []
