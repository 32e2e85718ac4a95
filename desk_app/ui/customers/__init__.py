"""Customers: the card, registration, notes and the restore of drafts left by a crash.
"""
