"""Entry point of the frozen app: no arguments opens the window."""
import sys

from kpipack.cli import main

sys.exit(main())
