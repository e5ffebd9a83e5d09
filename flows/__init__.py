"""Flows: load parsed reports into DuckDB, build the dbt models, check them, publish."""
