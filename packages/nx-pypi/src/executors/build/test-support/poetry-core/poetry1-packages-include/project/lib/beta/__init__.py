"""beta package (from lib/)."""
