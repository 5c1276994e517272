"""sitrep runs the spaCy model without its attribute_ruler and computes the coarse part of
speech on demand from the same rules: checked here against the model as shipped (a second
model load, so not in the fast lane)."""
import spacy

from sitrep.tasks.extract.pos import PosRules


def test_coarse_pos_on_demand_equals_the_attribute_ruler(nlp):
    from sitrep.common.settings import spacy_model

    full = spacy.load(spacy_model(), exclude=["lemmatizer"])
    rules = PosRules(full.get_pipe("attribute_ruler").patterns)
    text = ("There were 12 people killed when jets bombed the market, the Observatory said. "
            "Has the council had its say? Those who fled did not return, and that is what they told us.")
    doc = full(text)
    assert [rules(t) for t in doc] == [t.pos_ for t in doc]
    mine = nlp(text)
    assert [t._.cpos for t in mine] == [t.pos_ for t in doc]
