"""The trend chart (pyqtgraph is imported only here, and only when the history view is built)."""
