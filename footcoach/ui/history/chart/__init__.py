"""The trend chart and its own pyqtgraph items (pyqtgraph is imported only in this folder, and
only when the history view is built): ``trend_chart`` (the chart), ``date_axis``,
``pixel_drawn_item`` (the base of ``points_item`` and ``line_item``)."""
