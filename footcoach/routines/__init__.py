"""Routines: built-in and custom routines, levels, prescription files and progression.

Pure Python (no Qt). Built-in routines and the level rules are content in
``assets/routines.toml``; custom routines and level changes are stored through ``History``.
Progression follows the pain-monitoring model of ``docs/clinical-rules.md``: it only suggests,
the person decides. Prescription files are documented in ``docs/routine-format.md``.

The package: ``model`` (routines, levels, suggestions, limits, errors), ``content`` (the built-in
content and the checks every routine passes), ``doses`` (doses and plans at a level), ``files``
(prescription files), ``store`` (``RoutineStore``) and ``progression`` (the rules that suggest a
level, and safety in the flow). The names below are the ones the rest of FootCoach uses.
"""

from footcoach.routines.content import (
    Key,
    default_scheme,
    load_builtin_routines,
    load_routine_content,
)
from footcoach.routines.doses import (
    StepHoldPlan,
    check_routine,
    effective_dose,
    is_seated,
    level_note,
    routine_seconds,
    routine_seconds_at,
    scale_dose,
    step_plan,
)
from footcoach.routines.files import (
    read_routine_file,
    routine_name,
    routine_toml,
    slugify,
    step_data,
    write_routine_file,
)
from footcoach.routines.model import (
    ACCEPTABLE_PAIN,
    DEFAULT_LEVEL,
    DURING_SLACK,
    FILE_FORMAT,
    FILE_VERSION,
    IMAGE_DIR_NAME,
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    MAX_LEVEL,
    MIN_LEVEL,
    MORNING_LOOKBACK_DAYS,
    MORNING_WORSE_POINTS,
    PAIN_UNRELIABLE_TEXT,
    RECENT_DAYS,
    RESUME_DAYS,
    SAFE_PAIN,
    SESSIONS_TO_MOVE_UP,
    START_LEVEL,
    UNFINISHED_SPAN,
    Figure,
    LevelChange,
    LevelRule,
    LevelScheme,
    Routine,
    RoutineContent,
    RoutineError,
    RoutineFileError,
    RoutineStep,
    Rule,
    SessionAdvice,
    Suggestion,
    Variant,
)
from footcoach.routines.progression import (
    before_session_advice,
    partial_session,
    suggest_progression,
)
from footcoach.routines.store import (
    RoutineStore,
)

__all__ = [
    "ACCEPTABLE_PAIN",
    "DEFAULT_LEVEL",
    "DURING_SLACK",
    "FILE_FORMAT",
    "FILE_VERSION",
    "Figure",
    "IMAGE_DIR_NAME",
    "IMAGE_SUFFIXES",
    "Key",
    "LevelChange",
    "LevelRule",
    "LevelScheme",
    "MAX_IMAGE_BYTES",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "MORNING_LOOKBACK_DAYS",
    "MORNING_WORSE_POINTS",
    "PAIN_UNRELIABLE_TEXT",
    "RECENT_DAYS",
    "RESUME_DAYS",
    "Routine",
    "RoutineContent",
    "RoutineError",
    "RoutineFileError",
    "RoutineStep",
    "RoutineStore",
    "Rule",
    "SAFE_PAIN",
    "SESSIONS_TO_MOVE_UP",
    "START_LEVEL",
    "SessionAdvice",
    "StepHoldPlan",
    "Suggestion",
    "UNFINISHED_SPAN",
    "Variant",
    "before_session_advice",
    "check_routine",
    "default_scheme",
    "effective_dose",
    "is_seated",
    "level_note",
    "load_builtin_routines",
    "load_routine_content",
    "partial_session",
    "read_routine_file",
    "routine_name",
    "routine_seconds",
    "routine_seconds_at",
    "routine_toml",
    "scale_dose",
    "slugify",
    "step_data",
    "step_plan",
    "suggest_progression",
    "write_routine_file",
]
