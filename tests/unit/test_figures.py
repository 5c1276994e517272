from sitrep.tasks.extract.figures import event_figures


def c(outcome, low, by, high="same", sub=False, adds=False):
    return {"outcome": outcome, "count_low": low, "count_high": low if high == "same" else high, "claimed_by": by,
            "is_subtotal": sub, "adds_to_previous": adds}


def test_low_best_high_follow_the_documented_policy():
    claims = [c("killed", 20, "activists", None), c("killed", 24, "Syrian Observatory for Human Rights"),
              c("killed", 6, "Syrian Observatory for Human Rights", adds=True), c("killed", 3, "Syrian Observatory for Human Rights", sub=True),
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


def test_a_restated_toll_is_not_added_and_a_further_part_is():
    """'More than 20 killed' (headline) and '22 were killed' (lead) state one toll: 22, not 43;
    'seven policemen were also killed' adds to the figure before it, whoever gives it."""
    f = event_figures([c("killed", 21, None, None), c("killed", 22, None)])
    assert f["killed_best"] == 22
    f = event_figures([c("killed", 61, "press"), c("killed", 7, None, adds=True)])
    assert f["killed_best"] == 68
    f = event_figures([c("killed", 3, "military"), c("killed", 2, "military", adds=True), c("killed", 4, "military")])
    assert f["killed_best"] == 5


def test_an_incidents_figure_is_each_sources_largest_total_in_one_article():
    from sitrep.tasks.incidents import incident_figures

    def a(article, outcome, low, by, adds=False):
        return {**c(outcome, low, by, adds=adds), "article_id": article, "qualifier": "exact"}
    claims = [a("x", "killed", 24, "SOHR"), a("x", "killed", 6, "SOHR", adds=True),
              a("y", "killed", 24, "SOHR"), a("y", "killed", 26, "SOHR")]
    f = incident_figures(claims)
    assert f["killed_best"] == 30   # x: 24 + 6; y: 24 or 26 restated, 26; the larger article total
