"""What every view shares: the theme, illustrations, layouts, the undo bar, keyboard focus,
preferences, the red-flag questions (the welcome page and the check before a first session),
and every action and key (declared once in ``actions.SPECS``).
"""
