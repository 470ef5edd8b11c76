"""HTTP only: each view parses its input, calls the selectors (reads) or the actions (checked
writes) and renders. ``public`` (dashboard, list, ballot), ``bodies`` (body, organisation,
meeting), ``chair`` (the chair's pages and step URLs), ``panel`` (the ballot page with the
chair's panel, which ``public`` and ``chair`` both include), ``writeups`` and ``feeds``. No view
module imports another, except ``panel``, which imports none."""
