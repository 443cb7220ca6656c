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


def test_a_dateline_is_a_place_even_when_a_club_shares_its_name() -> None:
    text = "CLEVELAND – Cleveland quarterback Brian Hoyer was fined on Tuesday."
    result = found(text)
    assert ("CLEVELAND", "PLACE") in result
    assert ("Cleveland", "ORG") in result
    assert ("FRANKFURT", "PLACE") in found("FRANKFURT 1996-08-30\nShares in Siemens rose.")


def test_an_all_caps_headline_is_split_into_its_names() -> None:
    text = "SOCCER - JAPAN BEAT SYRIA IN ASIAN CUP OPENER.\nJapan beat Syria 2-1 on Friday."
    result = found(text)
    assert {("JAPAN", "PLACE"), ("SYRIA", "PLACE"), ("ASIAN CUP", "MISC")} <= result
    assert not any(name.startswith("SOCCER") for name, _ in result)


def test_a_surname_in_a_headline_is_the_person_the_story_names() -> None:
    text = "GOLF - MONTGOMERIE LEADS IN SWEDEN.\nColin Montgomerie shot 66 on Thursday."
    result = found(text)
    assert {("MONTGOMERIE", "PERSON"), ("SWEDEN", "PLACE")} <= result


def test_results_rows_are_teams_and_a_country_team_stays_a_place() -> None:
    text = "Ajax 0 Vitesse 1\nFeyenoord 0 PSV 2\nLeeds 0 Liverpool 2\nJapan 2 Syria 1"
    result = found(text)
    assert {("Ajax", "ORG"), ("Vitesse", "ORG"), ("Feyenoord", "ORG")} <= result
    assert {("Leeds", "ORG"), ("Liverpool", "ORG")} <= result
    assert {("Japan", "PLACE"), ("Syria", "PLACE")} <= result


def test_a_standings_row_is_a_team() -> None:
    text = (
        "Major League Baseball standings after games played on Thursday (won, lost, games "
        "behind):\nEASTERN DIVISION\nNEW YORK 74 58 .561 -\nBALTIMORE 70 62 .530 4"
    )
    assert {("NEW YORK", "ORG"), ("BALTIMORE", "ORG")} <= found(text)


def test_a_city_in_match_context_is_its_club() -> None:
    text = (
        "Barcelona beat Sevilla 3-1 on Saturday. Sevilla's coach said his side played well. "
        "Real Madrid drew 1-1 with Valencia, and Chelsea manager Ruud Gullit watched in Madrid."
    )
    result = found(text)
    assert {("Barcelona", "ORG"), ("Sevilla", "ORG"), ("Valencia", "ORG")} <= result
    assert {("Real Madrid", "ORG"), ("Chelsea", "ORG"), ("Madrid", "PLACE")} <= result


def test_a_player_beaten_is_still_a_person() -> None:
    text = "Steffi Graf beat Monica Seles 7-5 6-4 in the final. Graf beat Seles again in May."
    result = found(text)
    assert {("Graf", "PERSON"), ("Seles", "PERSON")} <= result


def test_scorecard_fielders_and_bowlers_are_people() -> None:
    text = "Pakistan first innings\nSaeed Anwar c Croft b Cork 176\nAamir Sohail c Cork b Croft 46"
    result = found(text)
    assert {("Croft", "PERSON"), ("Cork", "PERSON")} <= result


def test_a_place_followed_by_a_plural_is_its_team() -> None:
    text = "He pitched against the Jacksonville Suns and later joined the Boston Braves."
    result = found(text)
    assert {("Jacksonville Suns", "ORG"), ("Boston Braves", "ORG")} <= result


def test_a_given_name_that_is_also_a_town_still_opens_a_person() -> None:  # "Gary", Indiana
    assert ("Gary Jones", "PERSON") in found("The album was produced by Gary Jones in 1998.")


def test_the_and_a_plural_in_sports_copy_is_a_team() -> None:
    text = "The Vics won the cup after a tie atop the standings between the Vics and the Shamrocks."
    assert {("Vics", "ORG"), ("Shamrocks", "ORG")} <= found(text)


def test_a_name_before_a_comma_and_a_known_place_is_a_place() -> None:
    text = "The line ran to St. Johnsbury, Vermont; the squadron moved to Elvedon Hall, England."
    result = found(text)
    assert {("St. Johnsbury", "PLACE"), ("Elvedon Hall", "PLACE")} <= result


def test_a_title_word_after_a_given_name_is_a_surname() -> None:
    text = "Prime Minister John Major told the BBC that Major would campaign."
    assert ("John Major", "PERSON") in found(text)


def test_a_club_a_player_was_signed_from() -> None:
    text = "Vialli, signed from Juventus in the summer, has scored twice in the league."
    assert ("Juventus", "ORG") in found(text)


def test_briton_is_a_nationality() -> None:
    assert ("Briton", "MISC") in found("The Briton still leads the world championship.")
