"""Loaders: report files as scraped -> checked long-form staging rows.

The data's path through this package: read (bytes -> text) -> normalize -> detect
(is it a report, which format, year, agency) -> parse (tables and prose) -> rows.
"""

from loaders.compiled import install

install()  # compiled copies of the modules below, while they match their sources
