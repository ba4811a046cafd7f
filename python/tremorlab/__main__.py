"""``python -m tremorlab`` runs the ``tremorlab`` command."""
import sys

from .cli import main

sys.exit(main())
