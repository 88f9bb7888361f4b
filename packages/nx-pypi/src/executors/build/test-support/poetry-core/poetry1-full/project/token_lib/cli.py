#!/usr/bin/env python3
"""Command line entry point (executable on disk: the wheel keeps 0755)."""


def main() -> int:
    print("tok")
    return 0
