"""pkg2: Poetry 2 fixture."""
