STALE = "ignored by build/ (a directory pattern at any depth)"
