#!/usr/bin/env python
# Kept for tools that still call setup.py directly.
import setuptools

if __name__ == "__main__":
    setuptools.setup()
