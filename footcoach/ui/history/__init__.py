"""The history view: the pain entry dialog, the trend chart, the entries table, and history
export and import.
"""
