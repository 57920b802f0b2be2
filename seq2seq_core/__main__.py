import sys

from seq2seq_core.cli.commands import main

sys.exit(main())
