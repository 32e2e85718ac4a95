"""Shared machinery every screen builds on: the background work (the database worker), the
bridge that moves caller-ID callbacks onto the GUI thread, and what the desk hands to screens.
Imports no feature package and no kit.
"""
