"""What every view shares: the theme, illustrations, layouts, the undo bar, keyboard focus,
preferences, and every action and key (declared once in ``actions.SPECS``).
"""
