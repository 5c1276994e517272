from sitrep.tasks.extract.figures import event_figures


def c(outcome, low, by, high="same", sub=False):
    return {"outcome": outcome, "count_low": low, "count_high": low if high == "same" else high, "claimed_by": by, "is_subtotal": sub}


def test_low_best_high_follow_the_documented_policy():
    claims = [c("killed", 20, "activists", None), c("killed", 24, "Syrian Observatory for Human Rights"),
              c("killed", 6, "Syrian Observatory for Human Rights"), c("killed", 3, "Syrian Observatory for Human Rights", sub=True),
              c("killed", 40, "Islamic State media", None), c("injured", 12, "Islamic State media", None)]
    f = event_figures(claims)
    assert (f["killed_low"], f["killed_best"], f["killed_high"]) == (20, 30, 40)   # SOHR's 24 + 6, subtotal left out
    assert (f["injured_low"], f["injured_best"], f["injured_high"]) == (12, 12, 12)
    assert f["n_claims"] == 6 and f["n_sources"] == 3


def test_no_claims_no_figures():
    f = event_figures([])
    assert f["killed_best"] is None and f["n_claims"] == 0 and f["n_sources"] == 0


def test_range_upper_bound_sets_high():
    f = event_figures([c("killed", 10, "activists", 15)])
    assert (f["killed_low"], f["killed_best"], f["killed_high"]) == (10, 10, 15)


def test_a_vague_word_gives_way_to_a_number_for_the_same_outcome():
    dozens = {**c("killed", 12, None), "qualifier": "vague"}
    hundreds = {**c("injured", 100, None), "qualifier": "vague"}
    f = event_figures([dozens, c("killed", 42, "White Helmets"), c("killed", 21, "Syrian Observatory for Human Rights"), hundreds])
    assert (f["killed_low"], f["killed_best"], f["killed_high"]) == (21, 21, 42)
    assert (f["injured_low"], f["injured_best"], f["injured_high"]) == (100, 100, 100)   # nothing more precise: the floor stands
