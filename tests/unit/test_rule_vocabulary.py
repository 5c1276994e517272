"""Issue 33: rule modules hold logic, data files hold words. Counts the word collections
(a set, tuple or list of two or more lower-case words) and the comparisons with a word
(`x == "word"`) left in the rule modules; spaCy's dependency labels are grammar, not words,
and are not counted. The ceilings only come down: a rule that needs words reads them from a
lexicon role (sitrep/data/lexicon.json) through tasks/extract/lexicon.py."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

EXTRACT = Path(__file__).resolve().parents[2] / "tasks" / "extract"
WORD = re.compile(r"[a-z][a-z'’-]*$")
DEP_LABELS = frozenset(
    "nsubj nsubjpass dobj pobj iobj compound amod prep conj acl relcl appos poss nmod det nummod quantmod advmod aux "
    "auxpass xcomp ccomp acomp oprd agent attr cc case dep punct npadvmod csubj csubjpass pcomp mark neg prt expl "
    "dative parataxis predet preconj meta intj advcl root".split())
# (word collections, words in them, comparisons with a word) per module, as of the last move
# to the lexicon; lower these as words leave the code, never raise them
CEILINGS = {
    "claims.py": (43, 97, 51),
    "events.py": (18, 41, 69),
    "sources.py": (17, 60, 11),
    "named_actors.py": (5, 11, 3),
    "rows.py": (2, 5, 6),
}


def vocabulary_in_code(path: Path) -> tuple[int, int, int]:
    collections = words = comparisons = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(values) >= 2 and len(values) == len(node.elts) and all(WORD.match(v) for v in values) \
                    and not all(v in DEP_LABELS for v in values):
                collections += 1
                words += len(values)
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            comparisons += sum(1 for c in [node.left, *node.comparators]
                               if isinstance(c, ast.Constant) and isinstance(c.value, str) and WORD.match(c.value)
                               and c.value not in DEP_LABELS)
    return collections, words, comparisons


@pytest.mark.parametrize("module", sorted(CEILINGS))
def test_rule_modules_grow_no_word_lists(module):
    found = vocabulary_in_code(EXTRACT / module)
    ceiling = CEILINGS[module]
    assert all(f <= c for f, c in zip(found, ceiling)), (
        f"{module} holds {found[0]} word collections ({found[1]} words) and {found[2]} comparisons with a word, "
        f"more than {ceiling}: put the words in a lexicon role (sitrep/data/lexicon.json) and read them with words()")


def test_the_counter_sees_a_word_list_and_not_grammar(tmp_path):
    probe = tmp_path / "rule.py"
    probe.write_text('A = ("killed", "dead")\nB = ("nsubj", "dobj")\nif x == "said": pass\nif t.dep_ == "amod": pass\n')
    assert vocabulary_in_code(probe) == (1, 2, 1)
