"""Every write goes through a function in this package (docs/STYLE.md rule 1).

A service takes keyword-only arguments and an explicit `actor`, runs in a
transaction, locks the row it changes, saves with update_fields, checks the
actor's rights, and writes the history row. Views, serializers, admin actions,
commands and tests never change state any other way.
"""
