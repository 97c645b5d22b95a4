"""The guided routine: the player and its pages (picker, the red-flag check before a first
session, pain check, advice, the session, the summary), the routine editor, and the library
that answers the picker's buttons.
"""
