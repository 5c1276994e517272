"""Running the pipeline over a chunk of articles: one nlp.pipe per chunk, the model loaded
once per worker process (load_nlp is cached), an article that breaks a rule set aside alone.
Each chunk runs in a spaCy memory zone: the strings its Docs added to the vocabulary are
freed once the chunk's rows (plain Python values) are made, so a long run does not grow."""
from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.tasks.extract.pipeline import load_nlp
from sitrep.tasks.extract.rows import doc_rows
from sitrep.tasks.inputs.article import Article, Rejected

BATCH_SIZE = 32


@dataclass
class Extracted:
    rows: dict[str, list[dict]] = field(default_factory=lambda: {"events": [], "casualty_claims": [], "mentions": []})
    rejected: list[tuple[str, Rejected]] = field(default_factory=list)   # (article_id, why)

    def add(self, rows: dict[str, list[dict]]) -> None:
        for table, items in rows.items():
            self.rows[table].extend(items)


def _make_doc(nlp, article: Article):
    doc = nlp.make_doc(article.text)
    doc._.published_date = article.published_date
    doc._.article_id = article.article_id
    return doc


def extract_articles(articles: list[Article]) -> Extracted:
    import os
    import signal

    if os.environ.get("SITREP_FAULT") == "kill-extract":   # reliability tests: die mid-extraction
        os.kill(os.getpid(), signal.SIGKILL)
    nlp = load_nlp()
    out = Extracted()
    with nlp.memory_zone():
        try:
            docs = nlp.pipe((_make_doc(nlp, a) for a in articles), batch_size=BATCH_SIZE)
            results = [(a, doc_rows(a, d)) for a, d in zip(articles, docs)]
        except Exception:  # one article broke the batch: redo the chunk one by one to find it
            results = []
            for a in articles:
                try:
                    results.append((a, doc_rows(a, nlp(_make_doc(nlp, a)))))
                except Exception as exc:
                    out.rejected.append((a.article_id, Rejected(a.source_uri, "extract", f"{type(exc).__name__}: {exc}")))
    for _, rows in results:
        out.add(rows)
    return out
