import pytest

from sitrep.tasks.extract.numbers import parse_digits, parse_words, qualify, vague


@pytest.mark.parametrize("text,value", [("12,000", 12000), ("12000", 12000), ("230000", 230000), ("7", 7), ("1.5", 1.5)])
def test_digits(text, value):
    assert parse_digits(text) == value


def test_not_digits():
    assert parse_digits("12a") is None and parse_digits("1,00") is None


@pytest.mark.parametrize("words,value", [
    (["six"], 6), (["nine"], 9), (["twenty", "four"], 24), (["twenty-four"], 24), (["a", "dozen"], 12),
    (["two", "hundred"], 200), (["three", "thousand"], 3000), (["one", "hundred", "and", "five"], 105),
])
def test_number_words(words, value):
    assert parse_words(words) == value


@pytest.mark.parametrize("prefix,low,high,q", [
    ("at least", 20, None, "at_least"), ("killing more than", 121, None, "more_than"), ("nearly", 20, 20, "about"),
    ("up to", 20, 20, "up_to"), ("killed", 20, 20, "exact"), ("over", 21, None, "more_than"),
])
def test_qualifiers(prefix, low, high, q):
    got = qualify(prefix, 20 if q != "more_than" or prefix != "killing more than" else 120)
    assert (got.low, got.high, got.qualifier) == (low, high, q)


@pytest.mark.parametrize("word,low", [("dozens", 12), ("scores", 20), ("hundreds", 100), ("tens", 10)])
def test_vague_quantities_have_the_contract_floor(word, low):
    q = vague(word)
    assert (q.low, q.high, q.qualifier) == (low, None, "vague")
