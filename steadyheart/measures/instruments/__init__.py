"""Instrument files (YAML) shipped with Steadyheart; loaded by steadyheart.measures.catalog."""
