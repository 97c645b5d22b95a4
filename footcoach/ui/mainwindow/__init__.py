"""The main window and the pages that belong to no one feature.

The window itself (menus, toolbar, the stack of views), where it opens, the single-instance
activation, the welcome page with the safety note and the red-flag questions, and settings.
"""
