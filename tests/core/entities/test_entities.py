"""Unit and property tests for the rule-based entity extractor."""

from __future__ import annotations

import re
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.entities import gazetteer, model, patterns
from reader.core.entities import recogniser as entities
from reader.core.entities.recogniser import (
    EntityBackendError,
    extract,
    extract_spans,
    extract_with_backend,
)
from reader.core.models import ENTITY_LABELS, Entity


def found(text: str) -> set[tuple[str, str]]:
    return {(e.text_in(text), e.label) for e in extract(text)}


def test_empty_and_plain_text() -> None:
    assert extract("") == []
    assert extract("nothing to see here, only lowercase words.") == []


def test_multi_word_organisations_with_connectors() -> None:
    text = "They thanked the International Committee of the Red Cross and the Bank of England."
    assert ("International Committee of the Red Cross", "ORG") in found(text)
    assert ("Bank of England", "ORG") in found(text)


def test_acronym_opens_an_organisation_name() -> None:
    text = "The plan was backed by the UN High Commissioner for Refugees on Monday."
    assert ("UN High Commissioner for Refugees", "ORG") in found(text)


def test_and_separates_two_names_but_not_inside_an_organisation() -> None:
    text = "Talks between Armenia and Azerbaijan resumed at the Ministry of Trade and Industry."
    result = found(text)
    assert {("Armenia", "PLACE"), ("Azerbaijan", "PLACE")} <= result
    assert ("Ministry of Trade and Industry", "ORG") in result


def test_sentence_start_common_words_are_not_names() -> None:
    text = "However, the talks failed. Officials blamed France. The Russian envoy left."
    assert found(text) == {("France", "PLACE"), ("Russian", "MISC")}


def test_title_cue_marks_a_person_and_surname_is_propagated() -> None:
    text = "Government spokesman Arvid Kolstad denied it. Later Kolstad said talks would go on."
    result = found(text)
    assert ("Arvid Kolstad", "PERSON") in result
    assert ("Kolstad", "PERSON") in result


def test_capitalised_titles_are_left_out_of_the_person() -> None:
    text = "Russian President Vladimir Putin met Mr. Okafor in Lagos."
    result = found(text)
    assert {("Russian", "MISC"), ("Vladimir Putin", "PERSON"), ("Okafor", "PERSON")} <= result
    assert ("Lagos", "PLACE") in result


def test_demonyms_in_hyphenated_compounds() -> None:
    text = "a Turkish-brokered deal on the Georgian-Armenian border"
    assert found(text) == {("Turkish", "MISC"), ("Georgian", "MISC"), ("Armenian", "MISC")}


def test_places_from_gazetteer_official_names_and_modifiers() -> None:
    text = "Envoys from the Republic of Armenia visited Northern Caucasus towns and NAIROBI."
    result = found(text)
    assert ("Republic of Armenia", "PLACE") in result
    assert ("Northern Caucasus", "PLACE") in result
    assert ("NAIROBI", "PLACE") in result


def test_dates_durations_and_numbers() -> None:
    text = (
        "On Jan. 5, 2021, and on March 3 the 12-day talks ended; after 15 years and "
        "a two-decade wait, 240 people and four ministers spent $3.5 million, 12% more, in 1998."
    )
    result = found(text)
    for span in ("Jan. 5, 2021", "March 3", "12-day", "15 years", "two-decade", "1998"):
        assert (span, "DATE") in result
    for span in ("240", "four", "$3.5 million", "12%"):
        assert (span, "NUMBER") in result


def test_weekdays_are_dates_and_may_alone_is_not() -> None:
    assert found("They met on Friday and may meet again.") == {("Friday", "DATE")}


def test_quoted_capitalised_title_is_misc() -> None:
    text = "The campaign, dubbed “Desert Wind,” ended. She said “we will see”."
    assert found(text) == {("Desert Wind", "MISC")}


def test_quoted_title_may_keep_small_words_lowercase() -> None:
    text = 'They also have a song called "Time to Wake Up." and "Out in the Cold"; "yes and no".'
    result = {span for span, _ in found(text)}
    assert {"Time to Wake Up", "Out in the Cold"} <= result
    assert "yes and no" not in result


def test_title_opened_by_the_mid_sentence_is_one_name() -> None:
    text = "The video is based on the film The Last Emperor. They toured with The Lost Sons of Ur."
    result = {span for span, _ in found(text)}
    assert {"The Last Emperor", "The Lost Sons of Ur"} <= result


def test_events_and_laws_are_misc() -> None:
    text = "Veterans of the Korean War marked Remembrance Day under the Patriot Act."
    result = found(text)
    assert {("Korean War", "MISC"), ("Remembrance Day", "MISC"), ("Patriot Act", "MISC")} <= result


def test_place_cues_for_unknown_names() -> None:
    text = "Troops entered Zorvan. Zorvan, Moldova's oldest town, and the city of Ternak fell."
    result = found(text)
    assert ("Zorvan", "PLACE") in result
    assert ("Ternak", "PLACE") in result


def test_surname_after_the_full_name_is_the_person() -> None:
    text = (
        "Striker Gianluca Vialli will miss the match. Vialli was hurt in training, and "
        "Vialli's knee needs rest."
    )
    labels = [e.label for e in extract(text) if e.text_in(text) == "Vialli"]
    assert labels == ["PERSON", "PERSON"]


def test_acronym_in_parentheses_takes_its_expansions_type() -> None:
    text = (
        "Police arrested members of the Democratic People's Union (PRD) on Monday. "
        "The PRD denied it."
    )
    assert [e.label for e in extract(text) if e.text_in(text) == "PRD"] == ["ORG", "ORG"]


def test_role_words_are_not_glued_to_the_name() -> None:
    text = "The fine hit Cleveland DL Larry Ogunjobi. Engineer John Greiner was not on duty."
    result = found(text)
    assert ("Larry Ogunjobi", "PERSON") in result
    assert ("John Greiner", "PERSON") in result
    assert not any("DL" in name or "Engineer" in name for name, _ in result)


def test_name_of_the_newspaper_is_two_names() -> None:
    text = "Mark Jones of the Daily Telegraph wrote that Professor Ann Lee of Harvard agreed."
    result = {name for name, _ in found(text)}
    assert {"Mark Jones", "Daily Telegraph", "Ann Lee", "Harvard"} <= result
    assert ("Bank of England", "ORG") in found("He joined the Bank of England in 1990.")


def test_middle_initials_and_saints_stay_in_the_name() -> None:
    text = "Flights from St. Louis carried George W. Bush and Ross G. Hoyt."
    result = found(text)
    assert ("George W. Bush", "PERSON") in result
    assert ("Ross G. Hoyt", "PERSON") in result
    assert any(name == "St. Louis" for name, _ in result)


def test_a_new_mid_sentence_starts_a_name() -> None:
    text = "Shares rose on the New York Stock Exchange."
    assert ("New York Stock Exchange", "ORG") in found(text)


def test_bare_month_is_a_date_not_a_place() -> None:
    assert ("July", "DATE") in found("Revenue rose in July.")


def test_numeric_prescan_finds_what_the_full_scan_finds() -> None:
    text = (
        "US$5, C$3 and A$2.5; TWO Thirty-three 12-day 1990s Jan. 5, 2021; twenty-one years ago "
        "at 10:30 pm, $3bn, 45%, 3 per cent, 2,000 rubles, A320 and F-16, Friday, in July."
    )
    full = [(m.start(), m.end()) for m in patterns._NUMERIC.finditer(text)]
    assert [(s.start, s.end) for s in patterns.numeric_spans(text)] == full


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ,.$%-JFMASONDTWjanfebmrpyulgsoctvdhwixenb", max_size=80))
def test_numeric_prescan_matches_the_full_scan_on_any_text(text: str) -> None:
    full = [(m.start(), m.end()) for m in patterns._NUMERIC.finditer(text)]
    assert [(s.start, s.end) for s in patterns.numeric_spans(text)] == full


def test_typing_model_is_small_and_loads_fast() -> None:
    model.load.cache_clear()
    started = time.perf_counter()
    weights = model.load()
    assert weights is not None and len(weights) > 100
    assert time.perf_counter() - started < 0.1
    assert all(len(vector) == len(model.LABELS) for vector in weights.values())


def test_without_the_model_the_rules_still_label(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "load", lambda: None)
    assert ("Paris", "PLACE") in found("They met in Paris.")


def test_extract_spans_adapter_matches_extract() -> None:
    text = "Kremlin aides met NATO staff in Brussels."
    assert extract_spans(text) == [[e.start, e.end, e.label] for e in extract(text)]


def test_gazetteer_loads_and_is_reasonable_size() -> None:
    table = gazetteer.load()
    assert {"Moscow", "Baku", "France", "Texas"} <= table.places
    assert {"Armenian", "Brazilian"} <= table.demonyms
    assert 500 < len(table.places) < 20000


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(EntityBackendError, match="unknown entity backend"):
        extract_with_backend("text", "nope")


def test_builtin_backend_is_extract() -> None:
    text = "Paris is in France."
    assert extract_with_backend(text) == extract(text)


def test_spacy_backend_missing_gives_install_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    monkeypatch.setattr(entities, "_spacy_nlp", None)
    with pytest.raises(EntityBackendError, match="pip install spacy"):
        extract_with_backend("Paris is in France.", "spacy")


def test_spacy_backend_without_model_says_download(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeSpacy:
        @staticmethod
        def load(name: str, exclude: list[str]) -> object:
            raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setitem(sys.modules, "spacy", FakeSpacy)
    monkeypatch.setattr(entities, "_spacy_nlp", None)
    with pytest.raises(EntityBackendError, match="spacy download en_core_web_sm"):
        extract_with_backend("Paris is in France.", "spacy")


def test_spacy_labels_are_mapped_and_spans_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    class Ent:
        def __init__(self, start: int, end: int, label: str) -> None:
            self.start_char, self.end_char, self.label_ = start, end, label

    class Doc:
        ents = (Ent(0, 6, "GPE"), Ent(6, 12, "NORP"), Ent(13, 16, "ORDINAL"))

    monkeypatch.setattr(entities, "_spacy_nlp", lambda text: Doc())
    assert extract_with_backend("Paris  Dutch 1st", "spacy") == [
        Entity(0, 5, "PLACE"),
        Entity(7, 12, "MISC"),
    ]


def test_a_long_hostile_single_line_is_processed() -> None:
    """Backtracking-prone input (a catastrophic regex would hang here; speed is benchmarked)."""
    nasty = ("Aa of the " * 20000) + ("1," * 20000) + ("“A " * 20000) + "x" * 100000
    check_invariants(nasty, extract(nasty))


def check_invariants(text: str, result: list[Entity]) -> None:
    last_end = 0
    for entity in result:
        assert 0 <= last_end <= entity.start < entity.end <= len(text)
        assert entity.label in ENTITY_LABELS
        span = entity.text_in(text)
        assert span == span.strip()
        last_end = entity.end


_PIECES = (
    "The of the and Mr. Paris Moscow NATO Jan. 5, 2020 12% $3 three-day “Iron Fist” said "
    "Azerbaijani-Armenian Ministry Group Dr Anna Smith in . \n ’s - – 1990s Monday"
)
_WORDS = st.sampled_from(_PIECES.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_well_formed(text: str) -> None:
    check_invariants(text, extract(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_well_formed_on_name_like_text(text: str) -> None:
    result = extract(text)
    check_invariants(text, result)
    assert all(re.search(r"\w", e.text_in(text)) for e in result)
