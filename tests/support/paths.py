"""Where the repository and its app are, for tests at any depth of tests/."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = str(REPO_ROOT / "app.py")
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"  # screenshots the browser tests leave
