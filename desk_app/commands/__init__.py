"""Command groups of the `desk-app` CLI, one module per area."""
