"""Per-event casualty figures from its claims, UCDP-style.

Policy (documented in docs/figures.md too):
- Only figures for the whole toll count: a figure that is part of another ("including nine
  children", "30 of them children") is a subtotal and is left out. Figures a source gives
  for different victims of the same incident ("24 civilians … along with six others") add up
  to that source's total.
- low  = the lowest source total; high = the highest source total (its upper bound where the
  source gave a range, else its lower bound);
- best = the total of the most credible source (sitrep/data/source_credibility.csv: lower
  rank wins; ties go to the higher figure from the same rank, then to the first stated).
Unattributed figures count as one source of rank 3.
- A vague figure ("dozens" → 12, "hundreds" → 100) counts only where no source gives a
  number for that outcome: the codebook's floor for "dozens" is no estimate beside "42".
"""
from __future__ import annotations

from sitrep.tasks.extract.lexicon import source_rank

DEFAULT_RANK = 3


def numbered_first(claims: list[dict]) -> list[dict]:
    """The claims without the vague ones of an outcome some claim gives a number for."""
    numbered = {c["outcome"] for c in claims if c.get("qualifier") != "vague"}
    return [c for c in claims if c.get("qualifier") != "vague" or c["outcome"] not in numbered]


def event_figures(claims: list[dict]) -> dict:
    """claims: dicts with outcome, count_low, count_high, claimed_by, is_subtotal."""
    out: dict = {"n_claims": len(claims), "n_sources": len({c.get("claimed_by") for c in claims})}
    ranks = source_rank()
    claims = numbered_first(claims)
    for outcome in ("killed", "injured"):
        totals: dict[object, list[int]] = {}
        order: dict[object, int] = {}
        for i, c in enumerate(claims):
            if c["outcome"] != outcome or c.get("is_subtotal"):
                continue
            src = c.get("claimed_by")
            low = int(c["count_low"])
            high = int(c["count_high"]) if c.get("count_high") is not None else low
            t = totals.setdefault(src, [0, 0])
            t[0] += low
            t[1] += high
            order.setdefault(src, i)
        if not totals:
            out[f"{outcome}_low"] = out[f"{outcome}_best"] = out[f"{outcome}_high"] = None
            continue
        lows = [t[0] for t in totals.values()]
        highs = [t[1] for t in totals.values()]
        best_src = min(totals, key=lambda s: (ranks.get(s, DEFAULT_RANK) if s else DEFAULT_RANK, -totals[s][0], order[s]))
        out[f"{outcome}_low"] = min(lows)
        out[f"{outcome}_best"] = totals[best_src][0]
        out[f"{outcome}_high"] = max(highs)
    return out
