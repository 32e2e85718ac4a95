"""The one error a headless command raises for input the user must fix.

Apart from ``cli.py`` (which re-exports it and turns it into exit status 2 with the message on
stderr) so that command modules of every layer can raise it without importing the CLI's
dispatcher and what it imports (the caller-ID commands must not reach the store).
"""

from __future__ import annotations


class UsageError(Exception):
    """Input the user must fix; printed on stderr, exit status 2."""
