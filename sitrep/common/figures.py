"""A casualty figure as its source stated it, from the claim's bounds and qualifier: "more
than 200" (not the 201 it bounds), "up to 15", "10–15". One wording for every output that
shows figures (the report, the exports' notes)."""
from __future__ import annotations

import math

STATED = {"exact": "{n}", "at_least": "at least {n}", "more_than": "more than {m}", "about": "about {n}",
          "up_to": "up to {h}", "range": "{n}–{h}", "vague": "vague, at least {n}"}


def stated_figure(claim: dict) -> str:
    """claim: count_low, count_high (None or NaN when open-ended) and qualifier."""
    n, high = int(claim["count_low"]), claim["count_high"]
    missing = high is None or (isinstance(high, float) and math.isnan(high)) or str(high) == "<NA>"
    return STATED.get(claim["qualifier"], "{n}").format(n=n, m=n - 1, h=n if missing else int(high))
