"""Doses at a level: scaling, the hold plans of a step, a routine's time and its limits."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from footcoach.catalog import (
    DOSE_RANGES,
    Catalog,
    Dose,
    Position,
    Sides,
)
from footcoach.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_ROUTINE_NOTE_CHARS,
    LimitError,
    check_step_count,
    check_text,
)
from footcoach.records import (
    Side,
)
from footcoach.routines.content import (
    default_scheme,
)
from footcoach.routines.files import (
    routine_name,
)
from footcoach.routines.model import (
    LevelScheme,
    Routine,
    RoutineError,
    RoutineStep,
    check_level,
)
from footcoach.timing import HoldPlan

# --------------------------------------------------------------------------- doses and plans


def _scaled(value: int, factor: float) -> int:
    return max(1, math.floor(value * factor + 0.5))


def _scaled_hold(value: int, factor: float, scheme: LevelScheme, exercise_id: str) -> int:
    raw = value * factor
    step = scheme.hold_step_seconds
    held = math.floor(raw / step + 0.5) * step if raw >= 2 * step else math.floor(raw + 0.5)
    limit = scheme.hold_limit(exercise_id)
    if limit is not None:
        # Within the article's range; a base hold outside it is never pushed further out.
        held = min(max(limit[1], value), max(min(limit[0], value), held))
    low, high = DOSE_RANGES["hold_seconds"]
    return min(high, max(scheme.min_hold_seconds, low, held))


def scale_dose(dose: Dose, level: int, exercise_id: str, scheme: LevelScheme) -> Dose:
    """A level-3 dose at ``level``: the level's volume, then the level's variant."""
    volume = scheme.rule(level).volume
    if dose.reps > 1:
        scaled = replace(dose, reps=min(DOSE_RANGES["reps"][1], _scaled(dose.reps, volume)))
    elif dose.hold_seconds is not None:
        scaled = replace(
            dose, hold_seconds=_scaled_hold(dose.hold_seconds, volume, scheme, exercise_id)
        )
    else:
        scaled = dose  # one counted rep per set: nothing to scale
    variant = scheme.variant(exercise_id, level)
    if variant is not None and variant.sides is not None:
        scaled = replace(scaled, sides=variant.sides)
    return scaled


def effective_dose(
    step: RoutineStep, catalog: Catalog, level: int, scheme: LevelScheme | None = None
) -> Dose:
    """The dose of ``step`` at ``level``: an exact level dose, else the base dose scaled."""
    check_level(level)
    for step_level, dose in step.level_doses:
        if step_level == level:
            return dose
    base = step.dose or catalog.get(step.exercise_id).dose
    return scale_dose(base, level, step.exercise_id, scheme or default_scheme())


def level_note(exercise_id: str, level: int, scheme: LevelScheme | None = None) -> str:
    """The harder-variant note and its caution for an exercise at a level ("" when none)."""
    variant = (scheme or default_scheme()).variant(exercise_id, check_level(level))
    if variant is None:
        return ""
    return f"{variant.note} {variant.caution}".strip()


@dataclass(frozen=True)
class StepHoldPlan(HoldPlan):
    """A hold plan whose feet come in a chosen order (e.g. right foot first)."""

    order: tuple[Side, ...] = field(default=())

    @property
    def side_order(self) -> tuple[Side, ...]:
        """The sides worked in each set, in order."""
        if self.sides is Sides.EACH and self.order:
            return self.order
        return super().side_order


def step_plan(
    step: RoutineStep,
    catalog: Catalog,
    level: int,
    lead_in_seconds: float = 5.0,
    scheme: LevelScheme | None = None,
) -> HoldPlan:
    """The hold plan for one step at ``level`` (sides in the step's order)."""
    dose = effective_dose(step, catalog, level, scheme)
    plan = HoldPlan.from_dose(dose, lead_in_seconds=lead_in_seconds)
    if not step.side_order or dose.sides is not Sides.EACH:
        return plan
    return StepHoldPlan(
        sets=plan.sets,
        reps=plan.reps,
        hold_seconds=plan.hold_seconds,
        rep_seconds=plan.rep_seconds,
        rest_between_reps=plan.rest_between_reps,
        rest_between_sets=plan.rest_between_sets,
        switch_seconds=plan.switch_seconds,
        lead_in_seconds=plan.lead_in_seconds,
        sides=plan.sides,
        countdown_seconds=plan.countdown_seconds,
        order=step.side_order,
    )


def routine_seconds_at(
    routine: Routine,
    catalog: Catalog,
    level: int,
    lead_in_seconds: float = 5.0,
    scheme: LevelScheme | None = None,
) -> float:
    """Total time of a routine at ``level``, summed from the step plans."""
    return sum(
        step_plan(step, catalog, level, lead_in_seconds, scheme).total_seconds
        for step in routine.steps
    )


def routine_seconds(routine: Routine, catalog: Catalog, lead_in_seconds: float = 5.0) -> float:
    """Total time of a routine at its own level, summed from the step plans."""
    return routine_seconds_at(routine, catalog, routine.level, lead_in_seconds)


def is_seated(routine: Routine, catalog: Catalog) -> bool:
    """True when every step of the routine is done sitting down."""
    return all(catalog.get(s.exercise_id).position is Position.SEATED for s in routine.steps)


def check_routine(routine: Routine, catalog: Catalog) -> None:
    """Raise RoutineError when a routine cannot be run (no steps, unknown exercise, bad level)
    or breaks a limit of ``footcoach.limits`` (name, texts, number of steps)."""
    routine_name(routine.name)
    _check_limits(routine)
    if not routine.steps:
        raise RoutineError(f"Routine '{routine.name}' has no steps")
    try:
        check_level(routine.level)
    except ValueError as error:
        raise RoutineError(f"Routine '{routine.name}': {error}") from None
    for number, step in enumerate(routine.steps, start=1):
        if step.exercise_id not in catalog.ids():
            raise RoutineError(
                f"Routine '{routine.name}', step {number}: no exercise '{step.exercise_id}'"
            )
        if step.side_order and set(step.side_order) != {Side.LEFT, Side.RIGHT}:
            raise RoutineError(
                f"Routine '{routine.name}', step {number}: side order must name left and right"
            )
        for level, _dose in step.level_doses:
            check_level(level)


def _check_limits(routine: Routine) -> None:
    """RoutineError naming the field, in the words of ``footcoach.limits``."""
    texts = [
        ("Description", routine.description, MAX_DESCRIPTION_CHARS, False),
        ("Note", routine.note, MAX_ROUTINE_NOTE_CHARS, True),
    ]
    texts += [
        (f"Step {number}, note", step.note, MAX_ROUTINE_NOTE_CHARS, True)
        for number, step in enumerate(routine.steps, start=1)
    ]
    checks: list[tuple[str, Callable[[], object]]] = [
        ("Routine", partial(check_step_count, len(routine.steps))),
    ]
    checks += [
        (what, partial(check_text, text, limit, lines=lines)) for what, text, limit, lines in texts
    ]
    for what, check in checks:
        try:
            check()
        except LimitError as error:
            raise RoutineError(f"{what}: {error.problem}") from None
