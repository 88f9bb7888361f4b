"""token_lib with VCS-ignored neighbours."""
