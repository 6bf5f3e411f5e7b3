"""The open data API: a read-only, documented JSON API of what residents may read (issue 15)."""
