"""The error every command raises for input the user must fix.

Its own module so that any command group (the caller-ID and SIP ones too) can raise it
without importing ``desk_app.cli`` back; ``cli.main`` prints it on stderr, exit status 2.
"""

from __future__ import annotations


class UsageError(Exception):
    """Input the user must fix; printed on stderr, exit status 2."""
