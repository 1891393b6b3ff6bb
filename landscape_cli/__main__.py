import sys

from landscape_cli import main

sys.exit(main())
