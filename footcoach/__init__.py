"""FootCoach: a home exercise companion for metatarsalgia (pain in the ball of the foot)."""

__version__ = "0.1.0"
APP_ID = "io.github.footcoach.FootCoach"
APP_NAME = "FootCoach"
