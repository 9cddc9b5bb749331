from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED_FIXTURES = (PROJECT_ROOT / ".." / "shared" / "fixtures").resolve()
SEED_TEXT = SHARED_FIXTURES / "seed-longan-to-cong-tac-dac-biet.txt"
REAL_PAGES = SHARED_FIXTURES / "real-pages"
TEST_FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
