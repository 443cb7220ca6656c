"""What the typing cues and the model's decisions change for a reader: names defined by the
sentence they stand in, titles that open with "The", places and firms named after people."""

from __future__ import annotations

from reader.core.entities import cues, model
from reader.core.entities.recogniser import extract
from tests.core.entities.test_entities import found


def test_a_name_defined_as_a_village_is_a_place_even_at_the_sentence_start() -> None:
    text = "Brindleford is a village in the English county of Kent. Brindleford has a church."
    names = found(text)
    assert ("Brindleford", "PLACE") in names
    assert [e.text_in(text) for e in extract(text)].count("Brindleford") == 2


def test_a_definition_names_the_kind() -> None:
    assert cues.definition("Brindleford is a village in Kent.", 11) == "PLACE"
    assert cues.definition("Aero Gare was a kitplane manufacturer.", 9) == "ORG"
    assert cues.definition("Jo Lake (born 1912) was an American singer.", 7) == "PERSON"
    assert cues.definition("Glass Harbour is the second album by the band.", 13) == "MISC"
    assert cues.definition("Jo Lake said that the village was old.", 7) is None


def test_a_firm_defined_by_its_trade_is_an_organisation() -> None:
    assert ("Aero Gare", "ORG") in found("Aero Gare was a kitplane manufacturer founded in 1982.")


def test_kind_nouns_around_a_name_are_features() -> None:
    text = "Their producer also worked with the band Quiet Orchard on its second record."
    start = text.index("Quiet")
    feats = cues.features(text, start, start + len("Quiet Orchard"))
    assert "lk:ORG" in feats  # "the band X"
    assert "sk:ORG" in feats
    text = "The town of Harlow lies in Essex. Nothing about albums here."
    start = text.index("Harlow")
    feats = cues.features(text, start, start + len("Harlow"))
    assert "lk:PLACE" in feats  # "town of X"
    assert "sk:MISC" not in feats  # the next sentence is not this name's


def test_a_capital_the_mid_sentence_opens_a_title() -> None:
    text = "The band toured with The Velvet Orchards in 2004."
    assert ("The Velvet Orchards", "ORG") in found(text)
    # at a sentence start "The" is only the article
    assert "The Velvet Orchards" not in {n for n, _ in found("The Velvet Orchards toured.")}


def test_a_given_name_before_a_building_is_no_person() -> None:
    names = found("He made a particular impact at the Mark Hopkins Hotel in San Francisco.")
    assert ("Mark Hopkins Hotel", "PERSON") not in names
    assert any(n == "Mark Hopkins Hotel" for n, _ in names)


def test_a_surname_after_the_full_name_stays_the_person() -> None:
    names = found("Dorothy Vance was born in Leeds. Vance later moved to Paris.")
    assert ("Dorothy Vance", "PERSON") in names
    assert ("Vance", "PERSON") in names


def test_none_must_win_clearly_to_drop_a_candidate() -> None:
    none = model.LABELS.index("NONE")
    org = model.LABELS.index("ORG")
    narrow = [-50] * len(model.LABELS)
    narrow[none], narrow[org] = model.NONE_MARGIN - 1, 0
    assert model.top(narrow) == "ORG"
    clear = [-50] * len(model.LABELS)
    clear[none], clear[org] = model.NONE_MARGIN + 1, 0
    assert model.top(clear) is None


def test_capitals_joined_by_an_ampersand_are_one_name() -> None:
    names = {n for n, _ in found("Shares of AT&T fell, and the B&SR was sold in 1941.")}
    assert {"AT&T", "B&SR"} <= names
    assert not names & {"AT", "T", "SR"}


def test_and_before_a_shared_head_word_joins_one_name() -> None:
    text = "He chaired the Trade and Industry Committee in 1990."
    assert ("Trade and Industry Committee", "ORG") in found(text)
    names = found("Armenia and Azerbaijan signed the deal.")
    assert {("Armenia", "PLACE"), ("Azerbaijan", "PLACE")} <= names


def test_an_aircraft_model_code_stays_part_of_its_name() -> None:
    text = "The squadron flew the P-38 Lightning before it moved to jets."
    spans = [e.text_in(text) for e in extract(text)]
    assert "P-38 Lightning" in spans
    assert "P" not in spans


def test_a_short_form_of_a_firm_stays_the_firm() -> None:
    text = "Talvern Holdings reported a loss on Monday. Shares in Talvern fell after the report."
    assert ("Talvern", "ORG") in found(text)
    assert ("Talvern Holdings", "ORG") in found(text)


def test_works_orchestras_and_newspapers_are_organisations() -> None:
    text = "Engines came from the Brellan Locomotive Works; she played with the Tallin Symphony "
    text += "Orchestra and wrote for the Kesting Herald."
    names = found(text)
    assert ("Brellan Locomotive Works", "ORG") in names
    assert ("Tallin Symphony Orchestra", "ORG") in names
    assert ("Kesting Herald", "ORG") in names
