import sys

from startupdir.cli import main

sys.exit(main())
