"""Test doubles shared by the unit and UI tests: ``helpers.fakes`` (no Qt: ``FakeClock``) and
``helpers.fake_cues`` (``FakeCuePlayer``, which needs Qt)."""
