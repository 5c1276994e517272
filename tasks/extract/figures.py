"""Per-event casualty figures from its claims, UCDP-style.

Policy (documented in docs/figures.md too):
- Only figures for the whole toll count: a figure that is part of another ("including nine
  children", "30 of them children") is a subtotal and is left out. A figure and its further
  parts ("24 civilians … along with six others", "17 rebels and 11 soldiers", "seven
  policemen were also killed") add up to one total; a source's figures without such words
  are restatements of the toll ("more than 20" in the headline, "22" in the lead): the larger
  is its total.
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
    """claims: dicts with outcome, count_low, count_high, claimed_by, is_subtotal and
    adds_to_previous, in the order the article states them."""
    out: dict = {"n_claims": len(claims), "n_sources": len({c.get("claimed_by") for c in claims})}
    ranks = source_rank()
    claims = numbered_first(claims)
    for outcome in ("killed", "injured"):
        totals = source_totals(claims, outcome)
        if not totals:
            out[f"{outcome}_low"] = out[f"{outcome}_best"] = out[f"{outcome}_high"] = None
            continue
        lows = [t[0] for t in totals.values()]
        highs = [t[1] for t in totals.values()]
        best_src = min(totals, key=lambda s: (ranks.get(s, DEFAULT_RANK) if s else DEFAULT_RANK, -totals[s][0], totals[s][2]))
        out[f"{outcome}_low"] = min(lows)
        out[f"{outcome}_best"] = totals[best_src][0]
        out[f"{outcome}_high"] = max(highs)
    return out


def source_totals(claims: list[dict], outcome: str) -> dict[object, list[int]]:
    """Each source's total for the outcome: [low, high, first position]. A figure with its
    further parts ("24 civilians … along with six others", "seven policemen were also killed",
    whoever gives the part) is one total; two figures without such words are two statements of
    the toll ("more than 20" in the headline, "22" in the lead), and the source's total is the
    larger."""
    chains: list[list] = []   # [source, low, high, position]
    for i, c in enumerate(claims):
        if c["outcome"] != outcome or c.get("is_subtotal"):
            continue
        low = int(c["count_low"])
        high = _high(c, low)
        if c.get("adds_to_previous") and chains:
            chains[-1][1] += low
            chains[-1][2] += high
        else:
            chains.append([c.get("claimed_by"), low, high, i])
    totals: dict[object, list[int]] = {}
    for src, low, high, i in chains:
        t = totals.get(src)
        if t is None:
            totals[src] = [low, high, i]
        elif low > t[0]:
            totals[src] = [low, max(high, t[1]), t[2]]
        else:
            t[1] = max(t[1], high)
    return totals


def _high(c: dict, low: int) -> int:
    try:
        return max(int(c.get("count_high")), low)
    except (TypeError, ValueError):   # None, NaN, pd.NA: open-ended
        return low
