"""Tests of the news-copy rules: national teams and clubs, datelines, all-caps headlines,
results and standings lines, scorecards; each would fail on the first round's recogniser."""

from __future__ import annotations

from reader.core.entities.recogniser import extract


def found(text: str) -> set[tuple[str, str]]:
    return {(e.text_in(text), e.label) for e in extract(text)}


def test_a_country_in_parentheses_after_a_person_is_no_acronym_of_the_person() -> None:
    text = "Pete Sampras (U.S.) beat Adrian Voinea (Romania) and Jesper Parnevik (Sweden) lost."
    result = found(text)
    assert {("Romania", "PLACE"), ("Sweden", "PLACE"), ("U.S.", "PLACE")} <= result
    assert ("Adrian Voinea", "PERSON") in result


def test_an_acronym_in_parentheses_still_takes_its_expansions_type() -> None:
    text = "The International Monetary Fund (IMF) said the IMF would wait."
    assert ("IMF", "ORG") in found(text)
