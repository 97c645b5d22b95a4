"""The Qt user interface, grouped by feature; ``docs/architecture.md`` has the map."""
