"""REST API and web UI."""
