"""Run the command line as ``python -m terrachron``."""

from terrachron.cli import main

main()
