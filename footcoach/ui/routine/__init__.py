"""The guided routine: the player and its pages (picker, pain check, advice, the session, the
summary), the routine editor, and the library that answers the picker's buttons.
"""
