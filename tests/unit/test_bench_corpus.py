"""The benchmark's synthetic corpus: reproducible, varied, of real length, and read by the
real rules as the templates meant (so the benchmark times real extraction work)."""
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from generate import PLACES, article, generate  # noqa: E402


def test_the_corpus_is_reproducible_varied_and_of_real_length(tmp_path):
    a, b = generate(60, tmp_path / "a"), generate(60, tmp_path / "b")
    files = sorted(p.relative_to(a) for p in a.rglob("*.txt"))
    assert len(files) == 60 and files == sorted(p.relative_to(b) for p in b.rglob("*.txt"))
    texts = [(a / f).read_text() for f in files]
    assert texts == [(b / f).read_text() for f in files]
    assert len(set(texts)) == 60 and len({t.split("\n", 1)[0] for t in texts}) > 30   # headlines vary
    assert 1200 < sum(map(len, texts)) / len(texts) < 2600


def test_the_rules_place_each_synthetic_report_in_its_template_governorate(analyse):
    rnd, governorate_of = random.Random(7), dict(PLACES)
    for i in range(25):
        _, text = article(rnd, i)
        place = next(p for p in governorate_of if p in text.split("\n", 1)[0])
        doc = analyse(text, None)
        primary = [e for e in doc._.events if e.is_primary]
        assert primary and primary[0].admin1 == governorate_of[place], text[:200]


def test_the_query_benchmark_fills_the_current_schema():
    """bench/query.py writes synthetic rows into the warehouse's tables as they are now (a
    column added to incidents broke it once)."""
    import subprocess
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "query.py"), "--events", "2000"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-800:]
    assert "DuckDB file" in out.stdout
