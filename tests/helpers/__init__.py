"""Test doubles shared by the unit and UI tests (import as ``helpers.fakes``)."""
