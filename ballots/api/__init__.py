"""The JSON API (Django REST Framework): reads of every ballot, vote, body, member, organisation
and meeting from the same selectors as the pages; the chair's steps by token through the same
actions as the forms; and the member-tools calls the Forum's website already makes. HTTP only,
like the views: nothing is computed here."""
