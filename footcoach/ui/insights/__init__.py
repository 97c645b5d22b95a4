"""Insights: function goals, self-tests, daily factors, what helps and trials."""
