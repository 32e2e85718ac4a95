"""`python -m desk_app` runs the same entry point as the `desk-app` console script."""

from desk_app.cli import main

raise SystemExit(main())
