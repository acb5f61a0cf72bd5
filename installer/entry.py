"""Entry point of the frozen app: no arguments opens the window."""
import multiprocessing
import sys

from kpipack.cli import main

if __name__ == "__main__":
    # the importer parses files in child processes; a frozen app must let them start
    multiprocessing.freeze_support()
    sys.exit(main())
