"""Pictures of stored events: a world map of where they happened and a timeline by type and
quad class, as inline SVG (web UI, report, HTML pages) or PNG (matplotlib)."""
