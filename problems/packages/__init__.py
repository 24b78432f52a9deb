"""Kattis/ICPC problem packages: reading, importing, exporting and verifying them."""
