"""Command groups of the `desk-app` CLI, one module per area."""


def load_config():
    """The desk's settings (``config.toml`` in the data folder), the same the desk reads, so
    commands show the shop's stage thresholds; a broken file is a usage error."""
    from desk_app import config
    from desk_app.usage import UsageError

    try:
        return config.load(migrate=False)
    except config.ConfigError as exc:
        raise UsageError(str(exc)) from None
