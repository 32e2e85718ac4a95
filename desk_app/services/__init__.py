"""Use cases that the desk and the CLI both call (see ``base`` for their shape)."""
