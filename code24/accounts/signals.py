"""What the accounts app tells the product's apps, which it may not import."""

from django.dispatch import Signal

# The account's plan changed (sent inside plan_change's transaction, after the save).
# Receivers apply the new plan's limits: the domains app disconnects domains beyond it.
plan_changed = Signal()  # sender=Account, account=Account, previous=Plan

# Asked before a plan change: what it would do that the customer must know first.
# Receivers return a list of sentences (the domains it would disconnect, say).
plan_change_notices = Signal()  # sender=Account, account=Account, plan=Plan
