"""A released schema step allows the values it was released with; today's enums must match.

When one of these fails, an enum gained or lost a value: the stored table no longer accepts
what the app writes (or accepts what it cannot read), and a new schema step is needed.
"""

from __future__ import annotations

from footcoach.factors import Footwear
from footcoach.history import schema
from footcoach.self_tests import FEET, SelfTestKind
from footcoach.trials import TrialStatus


def test_self_tests_and_their_maxima_are_those_released_in_3_1() -> None:
    today = {kind.value: kind.maximum for kind in SelfTestKind}
    assert today == schema.RELEASED_SELF_TESTS
    assert tuple(side.value for side in FEET) == schema.RELEASED_FEET


def test_footwear_and_trial_statuses_are_those_released_in_3_2() -> None:
    assert tuple(kind.value for kind in Footwear) == schema.RELEASED_FOOTWEAR
    assert tuple(status.value for status in TrialStatus) == schema.RELEASED_TRIAL_STATUSES
