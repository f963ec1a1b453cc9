"""`python -m dealtimeline`."""

from dealtimeline.cli import main

main()
