"""The CLICS Contest API (2023-06, reading 2022-07 feeds too): event-feed parsing, import and serving."""
