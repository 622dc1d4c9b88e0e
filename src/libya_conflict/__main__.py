"""``python -m libya_conflict``: the same as the ``libya-conflict`` command."""

import sys

from ._cli import main

sys.exit(main())
