"""Coarse part of speech (VERB, AUX, NOUN, PROPN, …) computed on demand, for the few tokens
sitrep's rules ask about, instead of running the model's attribute_ruler over every token.

The attribute_ruler of en_core_web_sm maps fine tags (and a word or dependency for some
exceptions) to coarse POS with a Matcher over every token, about a tenth of the model's
time; sitrep reads POS on a handful of tokens around each figure. The rules here are the
model's own single-token attribute_ruler patterns (read from the loaded model, so another
model brings its own), applied in the same order: a later pattern wins.
"""
from __future__ import annotations

from spacy.tokens import Token

_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


def _predicate(spec):
    """A pattern value (scalar, {"IN": …}, {"NOT_IN": …}) as a test; None if unsupported."""
    if not isinstance(spec, dict):
        return lambda v, s=spec: v == s
    if set(spec) == {"IN"}:
        return lambda v, s=frozenset(spec["IN"]): v in s
    if set(spec) == {"NOT_IN"}:
        return lambda v, s=frozenset(spec["NOT_IN"]): v not in s
    return None


class PosRules:
    def __init__(self, patterns: list[dict]):
        self.by_tag: dict[str, list] = {}
        self.untagged: list = []
        for order, entry in enumerate(patterns):
            pos = entry.get("attrs", {}).get("POS")
            at = entry.get("index", 0)
            if not pos:
                continue
            for pattern in entry["patterns"]:
                if not all(set(tok) <= set(_KEYS) for tok in pattern) or not -len(pattern) <= at < len(pattern):
                    continue
                at = at % len(pattern)
                # tests as (offset from the token being labelled, attribute, test)
                tests = [(k - at, _KEYS[key], _predicate(v)) for k, tok in enumerate(pattern) for key, v in tok.items()]
                if any(t is None for *_, t in tests):
                    continue
                rule = (order, pos, tests)
                tag = pattern[at].get("TAG")
                if isinstance(tag, str):
                    self.by_tag.setdefault(tag, []).append(rule)
                elif isinstance(tag, dict) and set(tag) == {"IN"}:
                    for t in tag["IN"]:
                        self.by_tag.setdefault(t, []).append(rule)
                else:
                    self.untagged.append(rule)

    def __call__(self, token: Token) -> str:
        doc, i, n = token.doc, token.i, len(token.doc)
        best_order, best = -1, ""
        for order, pos, tests in (*self.by_tag.get(token.tag_, ()), *self.untagged):
            if order > best_order and all(0 <= i + off < n and test(getattr(doc[i + off], attr)) for off, attr, test in tests):
                best_order, best = order, pos
        return best


_RULES: dict[int, PosRules] = {}   # id(vocab) -> the rules of the model that owns it


def use_attribute_ruler(nlp) -> None:
    """Take the coarse-POS rules from the model's attribute_ruler and stop running it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    _RULES[id(nlp.vocab)] = PosRules(nlp.get_pipe("attribute_ruler").patterns)
    nlp.remove_pipe("attribute_ruler")


def coarse_pos(token: Token) -> str:
    rules = _RULES.get(id(token.doc.vocab))
    return rules(token) if rules is not None else token.pos_


if not Token.has_extension("cpos"):
    Token.set_extension("cpos", getter=coarse_pos)
