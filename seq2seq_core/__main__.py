import sys

from seq2seq_core.cli import main

sys.exit(main())
