"""``python -m tickwire tail TOPIC``."""

import sys

from .cli import main

sys.exit(main())
