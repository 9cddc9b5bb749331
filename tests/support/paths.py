"""Paths of the project and of its own test data. Nothing here points outside the repository."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEST_FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
SEED_TEXT = TEST_FIXTURES / "seed" / "seed-longan-to-cong-tac-dac-biet.txt"
REAL_PAGES = TEST_FIXTURES / "real-pages"
