"""Entry point for ``python -m footcoach``."""

import sys

from footcoach.cli import main

sys.exit(main())
